// The multi-agency forms, table-driven (the releasePlanning/forms.ts pattern): each form lists its fields,
// each field names the API field path it fills, so a posted form becomes the API's body, goes through the
// same zod schema and service call as the JSON API, and the schema's field paths link back to the inputs
// from the error summary. Meetings' form (meetings/forms.ts) draws its fields with the same views.
import type { FieldError } from '../http/errors.ts';
import { dateFrom, str, timeFrom, type Posted } from '../web/formFields.ts';
import { londonInstant } from '../web/formFields.ts';
import { NETWORK_ROLES, NETWORK_ROLE_TEXT, PARTNER_KINDS, PARTNER_KIND_TEXT } from './rules.ts';

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

export type Field =
  | {
      kind: 'text' | 'email' | 'tel' | 'textarea';
      name: string;
      label: string;
      hint?: string;
      path: string;
      width?: string;
    }
  | { kind: 'select'; name: string; label: string; hint?: string; path: string; options: 'partners' | Option[] }
  | { kind: 'radios'; name: string; legend: string; hint?: string; path: string; options: Option[]; inline?: boolean }
  | { kind: 'yesno'; name: string; legend: string; hint?: string; path: string }
  | { kind: 'date'; name: string; legend: string; hint?: string; path: string; optional?: boolean }
  | { kind: 'datetime'; name: string; legend: string; hint?: string; path: string };

export interface Form {
  fields: Field[];
}

const DATE_HINT = 'For example, 10 11 2026';

/** Sets a dotted path in an object (`a.b` → `{ a: { b } }`). */
function put(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = (node[key] ?? {}) as Record<string, unknown>;
    node[key] = next;
    node = next;
  }
  node[keys[keys.length - 1] ?? path] = value;
}

const blankDate = (posted: Posted, name: string) =>
  ['day', 'month', 'year'].every((p) => str(posted, `${name}-${p}`) === '');

/**
 * The API body of a posted form. Blank fields are left out (the schema says what is required); a date or
 * time typed wrongly is an error here, named by the field, since the schema never sees what was typed.
 */
export function bodyOf(form: Form, posted: Posted): { body: Record<string, unknown>; errors: FieldError[] } {
  const body: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const field of form.fields) {
    switch (field.kind) {
      case 'date': {
        if (blankDate(posted, field.name)) break;
        const parsed = dateFrom(posted, field.name, field.legend.toLowerCase());
        if ('iso' in parsed) put(body, field.path, parsed.iso);
        else errors.push({ field: field.path, message: parsed.error });
        break;
      }
      case 'datetime': {
        if (blankDate(posted, field.name)) break;
        const parsed = dateFrom(posted, field.name, field.legend.toLowerCase());
        const timeText = str(posted, `${field.name}-time`);
        const time = timeText ? timeFrom(timeText) : undefined;
        if (!('iso' in parsed)) errors.push({ field: field.path, message: parsed.error });
        else if (timeText && !time)
          errors.push({ field: `${field.path}.time`, message: 'Enter a time like 14:30 or 2:30pm' });
        else put(body, field.path, time ? londonInstant(parsed.iso, time) : parsed.iso);
        break;
      }
      case 'yesno': {
        const v = str(posted, field.name);
        if (v === 'yes' || v === 'no') put(body, field.path, v === 'yes');
        break;
      }
      case 'text':
      case 'email':
      case 'tel':
      case 'textarea':
      case 'select':
      case 'radios': {
        const v = str(posted, field.name);
        if (v) put(body, field.path, v);
      }
    }
  }
  return { body, errors };
}

/** The input an API field path belongs to, for the error summary's link (a date links to its day box). */
export function inputIdFor(form: Form, path: string): string {
  const field =
    form.fields.find((f) => f.path === path) ??
    form.fields.find((f) => path.startsWith(`${f.path}.`)) ??
    form.fields[0];
  if (!field) return 'main-content';
  if (path.endsWith('.time') && field.kind === 'datetime') return `${field.name}-time`;
  return field.kind === 'date' || field.kind === 'datetime' ? `${field.name}-day` : field.name;
}

/** The form's fields as its template draws them: values, options and error messages resolved. */
export function fieldViews(
  form: Form,
  values: Posted,
  errors: readonly FieldError[],
  partnerOptions: readonly { value: string; text: string }[] = [],
) {
  const messageOf = (f: Field) => errors.find((e) => e.field === f.path || e.field.startsWith(`${f.path}.`))?.message;
  return form.fields.map((field) => {
    const value = str(values, field.name);
    const error = messageOf(field);
    switch (field.kind) {
      case 'select': {
        const options = field.options === 'partners' ? partnerOptions : field.options;
        return { ...field, id: field.name, error, items: options.map((o) => ({ ...o, selected: o.value === value })) };
      }
      case 'radios':
        return {
          ...field,
          id: field.name,
          error,
          items: field.options.map((o) => ({ ...o, checked: o.value === value })),
        };
      case 'yesno':
        return {
          ...field,
          id: field.name,
          error,
          items: [
            { value: 'yes', text: 'Yes', checked: value === 'yes' },
            { value: 'no', text: 'No', checked: value === 'no' },
          ],
        };
      case 'date':
      case 'datetime':
        return {
          ...field,
          id: field.name,
          error,
          hint: field.hint ?? DATE_HINT,
          day: str(values, `${field.name}-day`),
          month: str(values, `${field.name}-month`),
          year: str(values, `${field.name}-year`),
          time: str(values, `${field.name}-time`),
        };
      case 'text':
      case 'email':
      case 'tel':
      case 'textarea':
        return { ...field, id: field.name, error, value };
    }
  });
}

/** A date as the three boxes show it. */
export function dateParts(name: string, iso: string | null | undefined): Posted {
  if (!iso) return {};
  const [y, m, d] = iso.slice(0, 10).split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
}

export const options = <T extends string>(values: readonly T[], text: Record<T, string>): Option[] =>
  values.map((v) => ({ value: v, text: text[v] }));

export const PARTNER_FORM: Form = {
  fields: [
    { kind: 'text', name: 'name', label: 'Name of the organisation', path: 'name' },
    {
      kind: 'radios',
      name: 'kind',
      legend: 'What kind of organisation is it?',
      path: 'kind',
      options: options(PARTNER_KINDS, PARTNER_KIND_TEXT),
    },
    {
      kind: 'text',
      name: 'area',
      label: 'Area it covers (optional)',
      hint: 'For example, Norfolk, or Blackpool and the Fylde',
      path: 'area',
    },
    { kind: 'email', name: 'email', label: 'Email address (optional)', path: 'email' },
    { kind: 'tel', name: 'phone', label: 'Phone number (optional)', path: 'phone', width: 'nhsuk-input--width-20' },
    { kind: 'textarea', name: 'address', label: 'Address (optional)', path: 'address' },
  ],
};

export const NETWORK_FORM: Form = {
  fields: [
    {
      kind: 'select',
      name: 'partnerId',
      label: 'Organisation',
      hint: 'From the partner directory',
      path: 'partnerId',
      options: 'partners',
    },
    { kind: 'text', name: 'name', label: 'Name of the professional', path: 'name' },
    {
      kind: 'radios',
      name: 'role',
      legend: 'Their role',
      path: 'role',
      options: options(NETWORK_ROLES, NETWORK_ROLE_TEXT),
    },
    { kind: 'email', name: 'email', label: 'Email address (optional)', path: 'email' },
    { kind: 'tel', name: 'phone', label: 'Phone number (optional)', path: 'phone', width: 'nhsuk-input--width-20' },
    { kind: 'date', name: 'from', legend: 'From', path: 'from' },
    {
      kind: 'date',
      name: 'to',
      legend: 'To (optional)',
      hint: 'Leave empty while they are still involved',
      path: 'to',
      optional: true,
    },
  ],
};

export const NOTE_FORM: Form = {
  fields: [
    {
      kind: 'select',
      name: 'partnerId',
      label: 'Which organisation told the team?',
      path: 'partnerId',
      options: 'partners',
    },
    { kind: 'text', name: 'author', label: 'Who at the organisation (optional)', path: 'author' },
    {
      kind: 'datetime',
      name: 'occurredAt',
      legend: 'When it happened',
      hint: 'The day it happened, not the day you record it. For example, 10 11 2026',
      path: 'occurredAt',
    },
    { kind: 'textarea', name: 'text', label: 'What they said', path: 'text' },
  ],
};
