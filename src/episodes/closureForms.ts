// The closure page's two forms (closurePages.ts): closing with a coded reason, the end-of-service summary
// and each goal's outcome (a radio group a goal, `goal-<id>`), and reopening with a reason. Each turns the
// posted fields into the API's body and links the API's field paths to the page's inputs.
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import { closureSchema, reopenSchema, type ClosureBody, type ReopenBody } from './schema.ts';

export type ClosureAction = 'close' | 'reopen';

type Parsed<B> = { body: B; errors?: undefined } | { errors: FieldError[] };

/** The closure form as the API's body; the goals are the episode's, so only their radios are read. */
export function closureBody(posted: Posted, goals: readonly { id: string }[]): Parsed<ClosureBody> {
  const goalOutcomes = goals.flatMap((g) => {
    const outcome = str(posted, `goal-${g.id}`);
    return outcome ? [{ goalId: g.id, outcome }] : [];
  });
  const parsed = closureSchema.safeParse({
    reason: str(posted, 'reason'),
    summary: str(posted, 'summary'),
    goalOutcomes,
  });
  if (parsed.success) return { body: parsed.data };
  return {
    errors: fieldErrors(parsed.error).map((e) =>
      e.field === 'reason' ? { ...e, message: 'Select the reason for closing' } : e,
    ),
  };
}

export function reopenBody(posted: Posted): Parsed<ReopenBody> {
  const parsed = reopenSchema.safeParse({ reason: str(posted, 'reason') });
  return parsed.success ? { body: parsed.data } : { errors: fieldErrors(parsed.error) };
}

/** API field paths → inputs on the closure page. */
export function closureInputOf(action: ClosureAction, field: string): string {
  if (action === 'reopen') return 'reopen-reason';
  if (field === 'reason') return 'reason';
  if (field === 'summary') return 'summary';
  const goal = /^goalOutcomes\.([0-9a-f-]{36})$/.exec(field)?.[1];
  return goal ? `goal-${goal}` : 'closure-form';
}
