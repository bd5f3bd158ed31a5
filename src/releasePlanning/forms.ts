// The release plan's pages, one thing per page (NHS service manual): each form turns posted fields into the API
// body (the same PUT as the JSON API) and names its inputs so that the API's field paths can be linked from the
// error summary. The forms themselves are in planForms.ts (the release details and the destination) and
// checklistForms.ts (each checklist item); this is what they are made of and how they are drawn.
import type { FieldError } from '../http/errors.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import type { ReleasePlan } from './types.ts';

/**
 * A question that matters only after a given answer to a radio question earlier in the form: drawn under that
 * answer as a conditional reveal (docs/decisions/0003-radios-that-reveal-a-question.md), always in the page
 * without JavaScript. The form's `body` already ignores it after any other answer.
 */
type Reveal = { revealedBy?: { name: string; value: string } };

type Field = Reveal &
  (
    | { kind: 'yesno'; name: string; legend: string; hint?: string; path: string }
    | {
        kind: 'radios';
        name: string;
        legend: string;
        hint?: string;
        path: string;
        options: { value: string; text: string }[];
      }
    | { kind: 'text' | 'textarea'; name: string; label: string; hint?: string; path: string; width?: string }
    | { kind: 'date'; name: string; legend: string; hint?: string; path: string }
  );

export interface PlanForm {
  slug: string;
  title: string;
  intro?: string;
  fields: Field[];
  /** The form's values from the stored plan (as a person would have typed them). */
  values(plan: ReleasePlan, expectedReleaseDate: string | null): Posted;
  /** The API body from the posted form, or the errors of fields left empty. */
  body(posted: Posted, expectedReleaseDate: string | null): { body: Record<string, unknown>; errors: FieldError[] };
}

/** A stored yes-or-no as its radio's value; blank when not yet answered. */
export const yn = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');
/** A stored ISO date as the day, month and year boxes of a date input. */
export const dateParts = (name: string, iso: string | undefined | null): Posted => {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};
export const orNull = (value: string) => (value === '' ? null : value);
export const orUndefined = (value: string) => (value === '' ? undefined : value);

/** A yes-or-no answer; left unanswered, `message` on the field. */
export function yesNo(posted: Posted, name: string, errors: FieldError[], message: string): boolean | undefined {
  const value = str(posted, name);
  if (value === 'yes') return true;
  if (value === 'no') return false;
  errors.push({ field: name, message });
  return undefined;
}

/** An optional date: blank is undefined, a partial or impossible date is an error. */
export function optionalDate(posted: Posted, name: string, what: string, errors: FieldError[]): string | undefined {
  const result = dateFrom(posted, name, what);
  if ('iso' in result) return result.iso;
  if (['day', 'month', 'year'].every((p) => str(posted, `${name}-${p}`) === '')) return undefined;
  errors.push({ field: name, message: result.error });
  return undefined;
}

/** The form field an API field path belongs to (the first field when none does), for the error summary. */
export function fieldNameFor(form: PlanForm, path: string): string {
  const field =
    form.fields.find((f) => f.path === path) ??
    form.fields.find((f) => path.startsWith(`${f.path}.`) || f.path.startsWith(`${path}.`));
  return (field ?? form.fields[0])?.name ?? '';
}

/** The id of a field's input (a date links to its day box). */
export function inputIdOf(form: PlanForm, name: string): string {
  const field = form.fields.find((f) => f.name === name);
  return field?.kind === 'date' ? `${name}-day` : field ? name : 'main-content';
}

/** The fields as the template draws them: values, radio items and error messages resolved; a question that
 * follows from an answer is drawn under that answer (`reveals` on its radio item), not on its own. */
export function fieldViews(form: PlanForm, values: Posted, errorsByName: Map<string, string>) {
  const view = (field: Field) => fieldView(form, field, values, errorsByName);
  const revealedUnder = (name: string, value: string) =>
    form.fields.filter((f) => f.revealedBy?.name === name && f.revealedBy.value === value).map(view);
  return form.fields
    .filter((field) => !field.revealedBy)
    .map((field) => {
      const drawn = view(field);
      if (!('items' in drawn)) return drawn;
      const items = drawn.items.map((item) => ({ ...item, reveals: revealedUnder(field.name, item.value) }));
      // Inline radios cannot hold a revealed question: those that reveal one stack.
      return { ...drawn, items, revealing: items.some((item) => item.reveals.length > 0) };
    });
}

function fieldView(form: PlanForm, field: Field, values: Posted, errorsByName: Map<string, string>) {
  const id = inputIdOf(form, field.name);
  const error = errorsByName.get(field.name);
  const value = str(values, field.name);
  const base = { kind: field.kind, id, name: field.name, hint: field.hint, error };
  switch (field.kind) {
    case 'yesno':
      return {
        ...base,
        legend: field.legend,
        items: [
          { value: 'yes', text: 'Yes', checked: value === 'yes' },
          { value: 'no', text: 'No', checked: value === 'no' },
        ],
      };
    case 'radios':
      return {
        ...base,
        legend: field.legend,
        items: field.options.map((o) => ({ ...o, checked: value === o.value })),
      };
    case 'date':
      return {
        ...base,
        legend: field.legend,
        day: str(values, `${field.name}-day`),
        month: str(values, `${field.name}-month`),
        year: str(values, `${field.name}-year`),
      };
    case 'text':
    case 'textarea':
      return { ...base, label: field.label, value, width: field.kind === 'text' ? field.width : undefined };
  }
}
