// The Workers part's three forms (the lead worker, a co-worker joining, one leaving): posted fields → the
// service's arguments, and the API's field paths → the inputs the error summary links to.
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import { isUuid } from '../http/ids.ts';
import { coWorkerSchema, type CoWorkerBody } from './schema.ts';

export type AllocationForm = 'lead' | 'coWorker' | 'remove';

const INPUT_IDS: Record<string, string> = {
  leadWorkerId: 'leadWorkerId',
  userId: 'coWorker-userId',
  role: 'coWorker-role',
};
/** The input a field's error links to; undefined for a field of no input (the form's heading is linked). */
export const inputIdOf = (field: string): string | undefined => INPUT_IDS[field];

/** Where each form sits on the page, for the error summary and the redirect after a change. */
export const FORM_ANCHOR: Record<AllocationForm, string> = {
  lead: 'lead-worker',
  coWorker: 'add-co-worker',
  remove: 'co-workers',
};

/** The lead worker form: a worker's id, or "none" to leave it unallocated; the version it was read at (-1: none). */
export function leadWorkerForm(
  posted: Posted,
): { leadWorkerId: string | null; version: number; errors?: never } | { errors: FieldError[] } {
  const chosen = str(posted, 'leadWorkerId');
  // Only "none" or a worker's id is a choice; anything else (a tampered form) is no choice at all.
  if (!chosen || (chosen !== 'none' && !isUuid(chosen)))
    return { errors: [{ field: 'leadWorkerId', message: 'Select the lead worker' }] };
  const version = Number(str(posted, 'version'));
  return { leadWorkerId: chosen === 'none' ? null : chosen, version: Number.isInteger(version) ? version : -1 };
}

export function coWorkerForm(posted: Posted): { body: CoWorkerBody; errors?: never } | { errors: FieldError[] } {
  const parsed = coWorkerSchema.safeParse({ userId: str(posted, 'userId'), role: str(posted, 'role') });
  if (parsed.success) return { body: parsed.data };
  return {
    errors: fieldErrors(parsed.error).map((e) =>
      e.field === 'userId' ? { ...e, message: 'Select who joins the team' } : e,
    ),
  };
}
