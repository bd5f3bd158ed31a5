// Form posts are strings; the referral body is typed. This turns one into the other and back, and
// catches what only the form can get wrong (a date typed as day, month and year that is not a date).
import { isRealIsoDate } from '../../identifiers/dates.ts';
import type { FieldError } from '../../http/errors.ts';
import { say } from '../../web/vocabulary.ts';
import type { FieldDef, Step } from './steps.ts';

export type Data = Record<string, unknown>;

export function getPath(data: Data, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Data)[key] : undefined), data);
}

export function setPath(data: Data, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = data;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Data;
  }
  const last = keys[keys.length - 1] ?? path;
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
}

export const fieldId = (name: string) => name.replace(/\./g, '-');

/** A stored answer as text: answers are strings, numbers or yes/no; anything else shows as nothing. */
export function textOf(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function str(body: Data, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** Reads a field's posted value; `error` when the input cannot be a value of the field's type. */
function readField(field: FieldDef, body: Data): { value: unknown; error?: string } {
  const id = fieldId(field.name);
  switch (field.kind) {
    case 'date': {
      const [d, m, y] = ['day', 'month', 'year'].map((p) => str(body, `${id}-${p}`));
      if (!d && !m && !y) return { value: undefined };
      if (!d || !m || !y) return { value: undefined, error: `${field.label} must include a day, month and year` };
      if (![d, m, y].every((p) => /^\d+$/.test(p)) || y.length !== 4)
        return { value: undefined, error: `${field.label} must be a real date` };
      const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
      return isRealIsoDate(iso) ? { value: iso } : { value: undefined, error: `${field.label} must be a real date` };
    }
    case 'yesNoUnknown': {
      const v = str(body, id);
      return { value: v === 'yes' ? true : v === 'no' ? false : v === 'unknown' ? null : undefined };
    }
    case 'radios': {
      const v = str(body, id);
      if (v === '') return { value: body[id] === '' ? null : undefined };
      if (!field.options?.some((o) => o.value === v))
        return { value: undefined, error: `Choose one of the options for ${field.label.toLowerCase()}` };
      return { value: field.valueType === 'number' ? Number(v) : v };
    }
    default: {
      const v = str(body, id);
      return { value: v === '' ? undefined : v };
    }
  }
}

export function readStep(step: Step, body: Data, into: Data): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of step.fields) {
    const { value, error } = readField(field, body);
    if (error) errors.push({ field: field.name, message: error });
    setPath(into, field.name, value);
  }
  return errors;
}

/** What each field shows when the page is drawn again: the stored value, or what was just typed. */
export function displayValues(step: Step, data: Data, posted?: Data): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of step.fields) {
    const id = fieldId(field.name);
    if (field.kind === 'date') {
      const iso = getPath(data, field.name);
      const [y, m, d] = typeof iso === 'string' ? iso.split('-') : [];
      out[id] = posted
        ? { day: posted[`${id}-day`], month: posted[`${id}-month`], year: posted[`${id}-year`] }
        : { day: d ? String(Number(d)) : '', month: m ? String(Number(m)) : '', year: y ?? '' };
      continue;
    }
    if (posted) {
      out[id] = posted[id];
      continue;
    }
    const v = getPath(data, field.name);
    out[id] =
      field.kind === 'yesNoUnknown'
        ? v === true
          ? 'yes'
          : v === false
            ? 'no'
            : v === null
              ? 'unknown'
              : ''
        : v === null
          ? ''
          : v === undefined
            ? undefined
            : textOf(v);
  }
  return out;
}

/** How an answer reads on check your answers. */
export function displayAnswer(field: FieldDef, data: Data, formatDate: (iso: string) => string): string {
  const v = getPath(data, field.name);
  if (v === undefined || v === '') return 'Not given';
  if (field.kind === 'yesNoUnknown') return v === true ? 'Yes' : v === false ? 'No' : 'Not known';
  if (field.kind === 'date' && typeof v === 'string') return formatDate(v);
  if (field.kind === 'radios') {
    if (v === null) return field.options?.find((o) => o.value === '')?.text ?? 'None';
    return field.options?.find((o) => o.value === textOf(v))?.text ?? say(textOf(v), 'Not given');
  }
  return say(textOf(v), 'Not given');
}

/** The person a draft is about, for the referrer's list ("New referral" until a name is given). */
export function personNameOfDraft(data: unknown): string {
  const person = (data as { person?: { givenName?: string; familyName?: string } } | null)?.person;
  const name = [person?.givenName, person?.familyName].filter(Boolean).join(' ');
  return name || 'New referral';
}
