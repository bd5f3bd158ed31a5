// One assessment domain's form, built from the domain's definition (domains.ts) so that every domain shares
// one template: its fields as the NHS design system's macro parameters (radios, checkboxes, input,
// textarea), the posted fields as the API's body of `PUT .../domains/:domain`, and the API's field paths
// as the inputs the error summary links to.
import type { FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import {
  NEED_LEVELS,
  NEED_LEVEL_LABELS,
  type DomainAnswer,
  type DomainDefinition,
  type DomainField,
} from './domains.ts';
import type { PageMessage } from './forms.ts';

export interface Control {
  kind: 'radios' | 'checkboxes' | 'input' | 'textarea';
  params: Record<string, unknown>;
}

/** The input id of a field on the domain form (radios and checkboxes: their first item). */
export const inputId = (name: string) => `f-${name}`;

/** The inputs besides the domain's own fields, by the API's field path (`fields.x` is `f-x`). */
const OWN_INPUTS = new Map([
  ['level', 'level'],
  ['notes', 'notes'],
  ['complete', 'complete'],
]);

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
    const [head = '', name] = e.field.split('.');
    const id = head === 'fields' && name ? inputId(name) : (OWN_INPUTS.get(head) ?? 'domain-form');
    const text = head === 'complete' ? 'Select whether you have completed this section' : e.message;
    return { text, href: `#${id}`, field: id };
  });
}

type Values = Record<string, unknown>;

/** The form's values from a stored answer, shaped as posted fields. */
export function valuesFromAnswer(domain: DomainDefinition, answer: DomainAnswer | undefined): Values {
  if (!answer) return {};
  const values: Values = {
    level: answer.level ?? '',
    notes: answer.notes ?? '',
    complete: answer.status === 'completed' ? 'yes' : 'no',
  };
  for (const field of domain.fields) {
    const v = answer.fields[field.name];
    if (v === undefined) continue;
    values[inputId(field.name)] = field.kind === 'boolean' ? (v ? 'yes' : 'no') : v;
  }
  return values;
}

const error = (errors: Record<string, string>, id: string) =>
  errors[id] ? { errorMessage: { text: errors[id] } } : {};
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

function control(field: DomainField, values: Values, errors: Record<string, string>): Control {
  const id = inputId(field.name);
  const value = values[id];
  const label = field.required ? field.label : `${field.label} (optional)`;
  const hint = field.hint ? { hint: { text: field.hint } } : {};
  const legend = { fieldset: { legend: { text: label, size: 's' } } };
  switch (field.kind) {
    case 'boolean':
      return {
        kind: 'radios',
        params: {
          idPrefix: id,
          name: id,
          classes: 'nhsuk-radios--inline',
          ...legend,
          ...hint,
          ...error(errors, id),
          items: [
            { value: 'yes', text: 'Yes', checked: value === 'yes' },
            { value: 'no', text: 'No', checked: value === 'no' },
          ],
        },
      };
    case 'choice':
      return {
        kind: 'radios',
        params: {
          idPrefix: id,
          name: id,
          ...legend,
          ...hint,
          ...error(errors, id),
          items: field.options.map((o) => ({ value: o.value, text: o.text, checked: value === o.value })),
        },
      };
    case 'multi': {
      const chosen = asList(value);
      return {
        kind: 'checkboxes',
        params: {
          idPrefix: id,
          name: id,
          ...legend,
          ...hint,
          ...error(errors, id),
          items: field.options.map((o) => ({ value: o.value, text: o.text, checked: chosen.includes(o.value) })),
        },
      };
    }
    case 'text':
      return {
        kind: field.multiline ? 'textarea' : 'input',
        params: {
          id,
          name: id,
          label: { text: label, size: 's' },
          ...hint,
          ...error(errors, id),
          value: typeof value === 'string' ? value : '',
        },
      };
  }
}

/** The level radios (unless the domain has none), the domain's own fields, notes, and "Have you completed this section?". */
export function domainControls(domain: DomainDefinition, values: Values, errors: Record<string, string>): Control[] {
  const controls: Control[] = [];
  if (domain.hasLevel) {
    controls.push({
      kind: 'radios',
      params: {
        idPrefix: 'level',
        name: 'level',
        fieldset: { legend: { text: 'Level of need', size: 's' } },
        hint: { text: 'No need means assessed and nothing is needed' },
        ...error(errors, 'level'),
        items: NEED_LEVELS.map((l) => ({ value: l, text: NEED_LEVEL_LABELS[l], checked: values.level === l })),
      },
    });
  }
  controls.push(...domain.fields.map((f) => control(f, values, errors)));
  controls.push({
    kind: 'textarea',
    params: {
      id: 'notes',
      name: 'notes',
      label: { text: 'Notes (optional)', size: 's' },
      ...error(errors, 'notes'),
      hint: { text: 'In the person’s own words where you can' },
      value: typeof values.notes === 'string' ? values.notes : '',
    },
  });
  controls.push({
    kind: 'radios',
    params: {
      idPrefix: 'complete',
      name: 'complete',
      fieldset: { legend: { text: 'Have you completed this section?', size: 'm' } },
      ...error(errors, 'complete'),
      items: [
        { value: 'yes', text: 'Yes, I’ve completed this section', checked: values.complete === 'yes' },
        { value: 'no', text: 'No, I’ll come back to it later', checked: values.complete === 'no' },
      ],
    },
  });
  return controls;
}

/** The domain form as drawn: its controls with the posted (or stored) values, and its error summary. */
export function domainFormView(
  domain: DomainDefinition,
  stored: DomainAnswer | undefined,
  extra: { posted?: Posted | undefined; errors?: FieldError[] | undefined; message?: PageMessage | undefined },
) {
  const links = domainErrorLinks(extra.errors ?? []);
  const errors = [
    ...(extra.message ? [{ text: extra.message.text, href: '#domain-form' }] : []),
    ...links.map(({ text, href }) => ({ text, href })),
  ];
  const byId = Object.fromEntries(links.map((l) => [l.field, l.text]));
  const values = extra.posted ?? valuesFromAnswer(domain, stored);
  return {
    status: extra.message?.status ?? (errors.length ? 400 : 200),
    errors,
    controls: domainControls(domain, values, byId),
  };
}
