// The referral form, one question or small group per page (NHS service manual: "question pages").
// Each step names the fields of the API.md referral body it fills, so the same schema validates both.
import { SOURCE_TYPES, SOURCE_TYPE_LABELS } from '../../sites/policy.ts';

export type FieldKind = 'text' | 'email' | 'tel' | 'date' | 'radios' | 'textarea' | 'yesNoUnknown' | 'identifier';

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

export interface FieldDef {
  /** Dotted path in the referral body, e.g. "person.dateOfBirth". */
  name: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  options?: Option[];
  /** Converts the chosen radio value into the body's type. */
  valueType?: 'string' | 'number';
  width?: number;
  autocomplete?: string;
  /** Shown on check your answers. */
  summaryLabel?: string;
  /** Asked only of referrals to this service model. */
  onlyFor?: 'ENHANCED_RECONNECT' | 'RECONNECT';
}

export interface Step {
  slug: string;
  title: string;
  /** The caption above the heading and the fields on the page. */
  fields: FieldDef[];
  /** Enhanced RECONNECT only, RECONNECT only, or both. */
  onlyFor?: 'ENHANCED_RECONNECT' | 'RECONNECT';
  intro?: string;
}

const yesNoUnknown = (name: string, label: string, hint?: string, onlyFor?: FieldDef['onlyFor']): FieldDef => ({
  name,
  kind: 'yesNoUnknown',
  label,
  ...(hint ? { hint } : {}),
  ...(onlyFor ? { onlyFor } : {}),
});

export const ROSH_OPTIONS: Option[] = [
  { value: 'low', text: 'Low' },
  { value: 'medium', text: 'Medium' },
  { value: 'high', text: 'High' },
  { value: 'very_high', text: 'Very high' },
];

export const STEPS: Step[] = [
  {
    slug: 'site',
    title: 'Which team are you referring to?',
    fields: [{ name: 'site', kind: 'radios', label: 'Which team are you referring to?', options: [] }],
  },
  {
    slug: 'referrer',
    title: 'About you, the referrer',
    fields: [
      {
        name: 'source.type',
        kind: 'radios',
        label: 'Who is making the referral?',
        options: SOURCE_TYPES.map((t) => ({
          value: t,
          text: SOURCE_TYPE_LABELS[t].replace(/^./, (c) => c.toUpperCase()),
        })),
      },
      { name: 'source.organisation', kind: 'text', label: 'Organisation', autocomplete: 'organization' },
      { name: 'source.name', kind: 'text', label: 'Your name', autocomplete: 'name' },
      { name: 'source.email', kind: 'email', label: 'Email address', autocomplete: 'email' },
      { name: 'source.phone', kind: 'tel', label: 'Phone number', autocomplete: 'tel', width: 20 },
    ],
  },
  {
    slug: 'person',
    title: 'The person you are referring',
    fields: [
      { name: 'person.givenName', kind: 'text', label: 'First name', summaryLabel: 'First name' },
      { name: 'person.familyName', kind: 'text', label: 'Last name', summaryLabel: 'Last name' },
      { name: 'person.dateOfBirth', kind: 'date', label: 'Date of birth', hint: 'For example, 15 3 1984' },
    ],
  },
  {
    slug: 'identifiers',
    title: 'Their identifiers',
    intro: 'Give at least one of NHS number, prison number or CRN, so the team can find their records.',
    fields: [
      {
        name: 'person.nhsNumber',
        kind: 'identifier',
        label: 'NHS number',
        hint: '10 digits, for example 943 476 5919',
        width: 10,
      },
      {
        name: 'person.prisonNumber',
        kind: 'identifier',
        label: 'Prison number (NOMIS)',
        hint: 'For example, A1234BC',
        width: 10,
      },
      {
        name: 'person.crn',
        kind: 'identifier',
        label: 'Probation case reference number (CRN)',
        hint: 'For example, X123456',
        width: 10,
      },
      {
        name: 'person.pncId',
        kind: 'identifier',
        label: 'PNC ID (optional)',
        hint: 'For example, 2002/0073319Z',
        width: 20,
      },
    ],
  },
  {
    slug: 'consent',
    title: 'Consent',
    fields: [
      yesNoUnknown(
        'consent.given',
        'Has the person agreed to this referral?',
        'The team cannot accept a referral without the person’s consent.',
      ),
      { name: 'consent.date', kind: 'date', label: 'Date they agreed', hint: 'For example, 1 11 2026' },
    ],
  },
  {
    slug: 'custody',
    title: 'Custody and release',
    fields: [
      {
        name: 'custody.status',
        kind: 'radios',
        label: 'Where is the person now?',
        options: [
          { value: 'in_custody', text: 'In prison or an immigration removal centre' },
          { value: 'in_community', text: 'Already released, in the community' },
        ],
      },
      {
        name: 'custody.establishment',
        kind: 'text',
        label: 'Prison or removal centre',
        hint: 'For example, HMP Preston',
      },
      {
        name: 'custody.expectedReleaseDate',
        kind: 'date',
        label: 'Expected release date',
        hint: 'If they are still in custody. For example, 1 3 2027',
      },
      { name: 'custody.releaseDate', kind: 'date', label: 'Date released', hint: 'If they have already been released' },
      {
        name: 'custody.releaseType',
        kind: 'text',
        label: 'Type of release (optional)',
        hint: 'For example, conditional release, parole, end of sentence, release from court',
      },
      {
        name: 'custody.resettlementArea',
        kind: 'text',
        label: 'Where will they live after release?',
        hint: 'The local authority area, for example Lancashire or Southampton',
      },
    ],
  },
  {
    slug: 'risk',
    title: 'Risk and probation',
    fields: [
      { name: 'roshLevel', kind: 'radios', label: 'Risk of serious harm (RoSH) level', options: ROSH_OPTIONS },
      yesNoUnknown(
        'openToProbation',
        'Are they open to probation or the National Security Division for the time they would be supported?',
      ),
      {
        name: 'priorityGroup',
        kind: 'radios',
        label: 'Enhanced RECONNECT priority group',
        valueType: 'number',
        onlyFor: 'ENHANCED_RECONNECT',
        options: [
          {
            value: '1',
            text: '1: National Security Division (NSD)',
            hint: 'Critical public protection cases; convicted under the Terrorism Act or of a terrorist-connected offence',
          },
          { value: '2', text: '2: At risk of extremism (not NSD)' },
          { value: '3', text: '3: Complex high or very high risk' },
          { value: '', text: 'None of these' },
        ],
      },
    ],
  },
  {
    slug: 'criteria',
    title: 'Complex high risk criteria',
    onlyFor: 'ENHANCED_RECONNECT',
    intro: 'For priority group 3. Answer each one; choose “Not known” rather than guess.',
    fields: [
      yesNoUnknown('criteria.highRoshToOthers', 'High risk of serious harm to others'),
      yesNoUnknown('criteria.mentalHealth', 'Mental health concerns'),
      yesNoUnknown('criteria.selfHarmOrSuicideRisk', 'Risk of self-harm or suicide'),
      yesNoUnknown('criteria.learningDifficulties', 'Learning difficulties'),
      yesNoUnknown('criteria.mappaLevel2or3', 'Current MAPPA level 2 or 3 registration'),
      yesNoUnknown('criteria.substanceMisuse', 'Drug or alcohol issues'),
      yesNoUnknown('criteria.ippSentence', 'IPP sentence'),
      yesNoUnknown('criteria.opdPathway', 'Screened into the Offender Personality Disorder (OPD) pathway'),
      yesNoUnknown(
        'iirmsEligible',
        'Are they eligible for IIRMS (Intensive Intervention and Risk Management Services)?',
      ),
    ],
  },
  {
    slug: 'health',
    title: 'Health needs',
    fields: [
      yesNoUnknown(
        'complexHealthNeeds',
        'Do they have complex unmet health needs linked with their offending?',
        undefined,
        'ENHANCED_RECONNECT',
      ),
      yesNoUnknown(
        'unlikelyToEngage',
        'Are they unlikely to engage with community services on their own?',
        undefined,
        'RECONNECT',
      ),
      {
        name: 'healthNeeds',
        kind: 'textarea',
        label: 'Describe their health needs and vulnerabilities',
        hint: 'Include mental health, learning disability, autism, ADHD, communication needs (hearing, sight, reading), substance use, physical health, frailty and anything that could make them vulnerable after release.',
      },
    ],
  },
];

/** The steps, and within them the fields, that apply to a referral to this service model. */
export function stepsFor(model: string | undefined): Step[] {
  const applies = (x: { onlyFor?: string }) => !x.onlyFor || !model || x.onlyFor === model;
  return STEPS.filter(applies).map((s) => ({ ...s, fields: s.fields.filter(applies) }));
}

export function findStep(slug: string): Step | undefined {
  return STEPS.find((s) => s.slug === slug);
}
