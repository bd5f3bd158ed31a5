// How assessment answers read on pages, and how a domain's form fields become the API's body.
import type { FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import { NEED_LEVEL_LABELS, type DomainAnswer, type DomainDefinition, type DomainField } from './domains.ts';

export const ACTION_STATUS_TEXT: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const OUTCOME_TEXT: Record<string, string> = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
};

function valueText(field: DomainField, value: unknown): string {
  if (field.kind === 'boolean') return value ? 'Yes' : 'No';
  if (field.kind === 'choice') return field.options.find((o) => o.value === value)?.text ?? String(value);
  if (field.kind === 'multi')
    return (value as string[]).map((v) => field.options.find((o) => o.value === v)?.text ?? v).join(', ');
  return String(value);
}

/** "Level: High", then each answered field as "Label: value", then the notes. */
export function answerLines(domain: DomainDefinition, answer: DomainAnswer | undefined): string[] {
  if (!answer) return ['Not assessed'];
  const lines = answer.level ? [`Level of need: ${NEED_LEVEL_LABELS[answer.level]}`] : [];
  for (const field of domain.fields) {
    const value = answer.fields[field.name];
    if (value !== undefined) lines.push(`${field.label}: ${valueText(field, value)}`);
  }
  if (answer.notes) lines.push(`Notes: ${answer.notes}`);
  return lines;
}

/** The input id of a field on the domain form (radios and checkboxes: their first item). */
export const inputId = (name: string) => `f-${name}`;

/** The form's fields as the API body of PUT .../domains/:domain (validated afterwards by its schema). */
export function domainBodyFrom(domain: DomainDefinition, posted: Posted): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of domain.fields) {
    const key = inputId(field.name);
    if (field.kind === 'multi') {
      const raw = posted[key];
      const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
        (v): v is string => typeof v === 'string' && v !== '' && v !== '_none',
      );
      if (values.length) fields[field.name] = values;
      continue;
    }
    const value = str(posted, key);
    if (!value) continue;
    fields[field.name] = field.kind === 'boolean' ? (value === 'yes' ? true : value === 'no' ? false : value) : value;
  }
  const level = str(posted, 'level');
  const notes = str(posted, 'notes');
  const complete = str(posted, 'complete');
  return {
    ...(level ? { level } : {}),
    ...(notes ? { notes } : {}),
    fields,
    complete: complete === 'yes' ? true : complete === 'no' ? false : undefined,
  };
}

/** The API's field paths as the ids of the form's inputs, for the error summary's links. */
export function domainErrorLinks(errors: FieldError[]): { text: string; href: string; field: string }[] {
  return errors.map((e) => {
    const [head, name] = e.field.split('.');
    const id =
      head === 'fields' && name
        ? inputId(name)
        : head === 'level'
          ? 'level'
          : head === 'notes'
            ? 'notes'
            : head === 'complete'
              ? 'complete'
              : 'domain-form';
    const text = head === 'complete' ? 'Select whether you have completed this section' : e.message;
    return { text, href: `#${id}`, field: id };
  });
}
