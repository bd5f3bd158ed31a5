// The handover forms: posted fields → the JSON API's bodies (the same service calls), and the API's field
// paths → the inputs the error summary links to.
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import { CONSULTATION_ROLES } from '../episodes/schema.ts';
import { decisionSchema, requestHandoverSchema, type DecisionBody, type RequestHandoverBody } from './schema.ts';

/** Rows of attendees the consultation part of the decision form offers. */
export const ATTENDEE_ROWS = 4;

const ROLE_TEXT: Record<(typeof CONSULTATION_ROLES)[number], string> = {
  com: 'Community offender manager (COM)',
  pom: 'Prison offender manager (POM)',
  practitioner: 'Enhanced RECONNECT practitioner',
  other: 'Other agency',
};
export const CONSULTATION_ROLE_ITEMS = CONSULTATION_ROLES.map((value) => ({ value, text: ROLE_TEXT[value] }));

/** API field paths → ids of the inputs, for the error summary's links. */
export function fieldId(field: string): string {
  if (field.startsWith('consultation.attendees')) return 'attendee-1-name';
  if (field === 'consultation.rationale') return 'rationale';
  if (field.startsWith('consultation')) return 'consultation-date-day';
  return field || 'main-content';
}

/** The form's hidden version, or 0 (stale) when it is missing or not a version. */
export function postedVersion(posted: Posted): number {
  const n = Number(str(posted, 'version'));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The decision form as the API's body; the consultation only for an Enhanced RECONNECT acceptance. */
export function decisionBody(posted: Posted, enhanced: boolean): { body?: DecisionBody; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const decision = str(posted, 'decision');
  if (decision !== 'accept' && decision !== 'decline')
    return { errors: [{ field: 'decision', message: 'Select whether your team takes the person on' }] };
  const note = str(posted, 'note');
  const lead = str(posted, 'leadWorkerId');
  const body: Record<string, unknown> = {
    decision,
    ...(note ? { note } : {}),
    ...(decision === 'accept' && lead ? { leadWorkerId: lead } : {}),
  };
  if (decision === 'accept' && enhanced) {
    const date = dateFrom(posted, 'consultation-date', 'the date of the consultation meeting');
    if ('error' in date) errors.push({ field: 'consultation.date', message: date.error });
    const attendees = [];
    for (let r = 1; r <= ATTENDEE_ROWS; r++) {
      const a = {
        role: str(posted, `attendee-${r}-role`) || 'other',
        name: str(posted, `attendee-${r}-name`),
        organisation: str(posted, `attendee-${r}-organisation`),
      };
      if (a.name || a.organisation) attendees.push(a);
    }
    body.consultation = {
      date: 'iso' in date ? date.iso : '2000-01-01',
      attendees,
      decision: 'accept',
      rationale: str(posted, 'rationale'),
    };
  }
  const parsed = decisionSchema.safeParse(body);
  if (!parsed.success)
    errors.push(
      ...fieldErrors(parsed.error).map((e) =>
        e.field.startsWith('consultation.attendees') ? { ...e, message: `Who attended: ${e.message}` } : e,
      ),
    );
  return { ...(parsed.success ? { body: parsed.data } : {}), errors };
}

/** The request form (the episode's "Transfer or handover" part) as the API's body. */
export function requestBody(posted: Posted): { body: RequestHandoverBody; errors?: never } | { errors: FieldError[] } {
  const parsed = requestHandoverSchema.safeParse({
    kind: str(posted, 'kind') || undefined,
    toSite: str(posted, 'toSite'),
    reason: str(posted, 'reason'),
    summary: str(posted, 'summary'),
    consentToShare: str(posted, 'consentToShare') === 'yes',
  });
  if (parsed.success) return { body: parsed.data };
  return {
    errors: fieldErrors(parsed.error).map((e) =>
      e.field === 'kind'
        ? { ...e, message: 'Select what kind of handover this is' }
        : e.field === 'toSite'
          ? { ...e, message: 'Choose the team to hand over to' }
          : e,
    ),
  };
}
