// One assessment domain's form as the NHS design system's macro parameters (radios, checkboxes, input,
// textarea), built from the domain's definition so that every domain shares one template.
import type { Posted } from '../web/formFields.ts';
import {
  NEED_LEVELS,
  NEED_LEVEL_LABELS,
  type DomainAnswer,
  type DomainDefinition,
  type DomainField,
} from './domains.ts';
import { inputId } from './display.ts';

export interface Control {
  kind: 'radios' | 'checkboxes' | 'input' | 'textarea';
  params: Record<string, unknown>;
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

function control(field: DomainField, values: Values | Posted, errors: Record<string, string>): Control {
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
export function domainControls(
  domain: DomainDefinition,
  values: Values | Posted,
  errors: Record<string, string>,
): Control[] {
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
