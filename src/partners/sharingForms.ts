// The consent and sharing forms (table-driven, drawn and parsed by forms.ts): consent to share with one
// agency, and an entry of the information-sharing log.
import { options, type Form } from './forms.ts';
import { LAWFUL_BASES, LAWFUL_BASIS_TEXT, SHARING_DIRECTIONS } from './sharingRules.ts';

export const CONSENT_FORM: Form = {
  fields: [
    { kind: 'select', name: 'partnerId', label: 'Organisation', path: 'partnerId', options: 'partners' },
    {
      kind: 'yesno',
      name: 'given',
      legend: 'Does the person consent to the team sharing information with this organisation?',
      hint: 'Answer no if they refuse or withdraw consent',
      path: 'given',
    },
    { kind: 'date', name: 'recordedOn', legend: 'Date they said so', path: 'recordedOn' },
    {
      kind: 'textarea',
      name: 'scope',
      label: 'What they agreed to (optional)',
      hint: 'For example, health needs and the release plan, not their offending history',
      path: 'scope',
    },
  ],
};

const DIRECTION_OPTIONS: Record<(typeof SHARING_DIRECTIONS)[number], string> = {
  sent: 'The team shared information with them',
  received: 'They shared information with the team',
  declined: 'They asked for information and the team declined',
};

export const SHARING_FORM: Form = {
  fields: [
    { kind: 'select', name: 'partnerId', label: 'Organisation', path: 'partnerId', options: 'partners' },
    {
      kind: 'radios',
      name: 'direction',
      legend: 'What happened?',
      path: 'direction',
      options: options(SHARING_DIRECTIONS, DIRECTION_OPTIONS),
    },
    { kind: 'date', name: 'sharedOn', legend: 'Date', path: 'sharedOn' },
    {
      kind: 'textarea',
      name: 'what',
      label: 'What was shared or asked for',
      hint: 'Only the minimum necessary (Caldicott principle 3)',
      path: 'what',
    },
    {
      kind: 'radios',
      name: 'lawfulBasis',
      legend: 'Lawful basis',
      hint: 'Not needed for a request the team declined',
      path: 'lawfulBasis',
      options: options(LAWFUL_BASES, LAWFUL_BASIS_TEXT),
    },
    {
      kind: 'textarea',
      name: 'justification',
      label: 'Justification, or why the request was declined',
      hint: 'Needed for every basis but consent: why it is necessary, and why this much',
      path: 'justification',
    },
  ],
};
