// The domains of the structured assessment of an episode of care (PRODUCT.md journey step 5: "needs by
// domain, strengths, risk, communication needs, executive capacity"; issue "Assessment, formulation and
// plan"): each domain's level and own fields, and how an answer is stored. Pure data; the rules over it
// are rules.ts, the zod schema of one domain's answers schema.ts.
import { ROSH_LEVELS } from '../sites/policy.ts';

/** How much of a need a domain shows. `no_need` is an answer ("assessed, nothing needed"), not a blank. */
export const NEED_LEVELS = ['no_need', 'low', 'medium', 'high'] as const;
export type NeedLevel = (typeof NEED_LEVELS)[number];
export const NEED_LEVEL_LABELS: Record<NeedLevel, string> = {
  no_need: 'No need',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** One question of a domain besides its level. `required`: needed before the domain can be marked completed. */
export type DomainField =
  | { name: string; label: string; hint?: string; kind: 'boolean'; required?: boolean }
  | { name: string; label: string; hint?: string; kind: 'text'; required?: boolean; multiline?: boolean }
  | {
      name: string;
      label: string;
      hint?: string;
      kind: 'choice' | 'multi';
      required?: boolean;
      options: readonly { value: string; text: string }[];
    };

export interface DomainDefinition {
  code: string;
  label: string;
  hint: string;
  /** Strengths are recorded, not rated: every other domain has a need level. */
  hasLevel: boolean;
  fields: readonly DomainField[];
}

const yesNo = (name: string, label: string, hint?: string): DomainField => ({
  name,
  label,
  kind: 'boolean',
  ...(hint ? { hint } : {}),
});
const text = (name: string, label: string, hint?: string): DomainField => ({
  name,
  label,
  kind: 'text',
  ...(hint ? { hint } : {}),
});
const options = (pairs: Record<string, string>) =>
  Object.entries(pairs).map(([value, label]) => ({ value, text: label }));

const ROSH_TEXT = { low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high' };

/**
 * The domains, in the order of the task list. The list follows the issue; the fields follow what seed 002
 * says was missed ("problems with hearing and eyesight", "challenges with reading and writing", "queried LD
 * & dementia", "consider executive capacity", "exploited by others", "money management") and what ER
 * screens on (seed 000: RoSH, MAPPA level 2 or 3, self-harm or suicide risk).
 */
export const DOMAINS = [
  {
    code: 'mental_health',
    label: 'Mental health',
    hint: 'Diagnoses, current treatment and who provides it',
    hasLevel: true,
    fields: [
      text('diagnoses', 'Known diagnoses or concerns'),
      yesNo('secondaryCare', 'Open to a community mental health team or other secondary care'),
      text('medication', 'Current medication'),
    ],
  },
  {
    code: 'physical_health',
    label: 'Physical health',
    hint: 'Conditions, medication, mobility and frailty',
    hasLevel: true,
    fields: [
      text('conditions', 'Conditions'),
      text('medication', 'Current medication'),
      yesNo('mobilityNeeds', 'Has mobility or frailty needs'),
    ],
  },
  {
    code: 'substance_use',
    label: 'Substance use',
    hint: 'Drugs and alcohol, treatment in custody',
    hasLevel: true,
    fields: [
      {
        name: 'substances',
        label: 'Substances used',
        kind: 'multi',
        options: options({
          alcohol: 'Alcohol',
          opioids: 'Opioids',
          crack_cocaine: 'Crack or cocaine',
          cannabis: 'Cannabis',
          benzodiazepines: 'Benzodiazepines',
          synthetic_cannabinoids: 'Synthetic cannabinoids (spice)',
          other: 'Other',
        }),
      },
      yesNo('opioidSubstitution', 'On opioid substitution therapy'),
      yesNo('injecting', 'Injects or has injected'),
    ],
  },
  {
    code: 'neurodivergence',
    label: 'Learning disability and neurodivergence',
    hint: 'Diagnosed or suspected',
    hasLevel: true,
    fields: [
      {
        name: 'conditions',
        label: 'Conditions',
        kind: 'multi',
        options: options({
          learning_disability: 'Learning disability',
          learning_difficulty: 'Learning difficulty',
          autism: 'Autism',
          adhd: 'ADHD',
          acquired_brain_injury: 'Acquired brain injury',
          other: 'Other',
        }),
      },
      {
        name: 'diagnosis',
        label: 'Diagnosis',
        kind: 'choice',
        options: options({ diagnosed: 'Diagnosed', suspected: 'Suspected, not diagnosed', none: 'None known' }),
      },
    ],
  },
  {
    code: 'communication',
    label: 'Communication',
    hint: 'Hearing, sight, literacy, language and interpreter',
    hasLevel: true,
    fields: [
      yesNo('hearingNeeds', 'Has hearing needs'),
      yesNo('sightNeeds', 'Has sight needs'),
      yesNo('literacyNeeds', 'Has difficulty reading or writing'),
      { name: 'firstLanguage', label: 'First language', kind: 'text', required: true },
      { name: 'interpreterNeeded', label: 'Needs an interpreter', kind: 'boolean', required: true },
      text('interpreterLanguage', 'Interpreter language', 'Needed when an interpreter is'),
      {
        name: 'formats',
        label: 'Formats for letters and plans',
        hint: 'For example, easy read, large print or their own language',
        kind: 'multi',
        options: options({
          easy_read: 'Easy read',
          large_print: 'Large print',
          audio: 'Audio',
          braille: 'Braille',
          translated: 'Translated',
        }),
      },
    ],
  },
  {
    code: 'cognition',
    label: 'Cognition and executive capacity',
    hint: 'Memory, planning, organising, following through',
    hasLevel: true,
    fields: [
      yesNo('memoryConcerns', 'Concerns about memory, including dementia'),
      yesNo(
        'executiveCapacityConcerns',
        'Concerns about executive capacity',
        'Planning, organising and carrying out daily tasks',
      ),
      yesNo('capacityAssessmentNeeded', 'A mental capacity assessment is needed'),
    ],
  },
  {
    code: 'accommodation',
    label: 'Accommodation',
    hint: 'Where they will live on release',
    hasLevel: true,
    fields: [
      {
        name: 'onRelease',
        label: 'Accommodation on release',
        kind: 'choice',
        required: true,
        options: options({
          settled: 'Settled',
          approved_premises: 'Approved premises',
          temporary: 'Temporary',
          none: 'None (no fixed abode)',
          unknown: 'Not known yet',
        }),
      },
      yesNo('dutyToReferMade', 'Duty to Refer made to the local housing authority'),
    ],
  },
  {
    code: 'money',
    label: 'Money and benefits',
    hint: 'Income, bank account, debts, managing money',
    hasLevel: true,
    fields: [
      yesNo('benefitsInPlace', 'Benefits or other income in place for release'),
      yesNo('bankAccount', 'Has a bank account'),
      yesNo('debts', 'Has debts'),
      yesNo('moneyManagementSupport', 'Needs support to manage money'),
    ],
  },
  {
    code: 'identification',
    label: 'ID',
    hint: 'Identity documents for benefits, housing and a GP',
    hasLevel: true,
    fields: [yesNo('hasId', 'Has photo ID'), text('documents', 'Documents held')],
  },
  {
    code: 'relationships',
    label: 'Relationships and family',
    hint: 'Support network, children, contact restrictions',
    hasLevel: true,
    fields: [
      text('supportNetwork', 'Who supports them'),
      yesNo('contactRestrictions', 'Has restrictions on contact with others'),
    ],
  },
  {
    code: 'education_work',
    label: 'Education and work',
    hint: 'Qualifications, training, employment',
    hasLevel: true,
    fields: [
      {
        name: 'status',
        label: 'Current situation',
        kind: 'choice',
        options: options({
          employed: 'Employed or has a job to go to',
          education: 'In education or training',
          seeking: 'Looking for work',
          unable: 'Not able to work',
          retired: 'Retired',
        }),
      },
    ],
  },
  {
    code: 'risk_to_others',
    label: 'Risk to others',
    hint: 'Risk of serious harm (RoSH) and MAPPA',
    hasLevel: true,
    fields: [
      {
        name: 'rosh',
        label: 'Risk of serious harm (RoSH)',
        kind: 'choice',
        required: true,
        options: ROSH_LEVELS.map((v) => ({ value: v, text: ROSH_TEXT[v] })),
      },
      {
        name: 'mappaCategory',
        label: 'MAPPA category',
        kind: 'choice',
        required: true,
        options: options({ none: 'Not managed under MAPPA', '1': 'Category 1', '2': 'Category 2', '3': 'Category 3' }),
      },
      {
        name: 'mappaLevel',
        label: 'MAPPA level',
        hint: 'Needed when managed under MAPPA',
        kind: 'choice',
        options: options({ '1': 'Level 1', '2': 'Level 2', '3': 'Level 3' }),
      },
    ],
  },
  {
    code: 'risk_to_self',
    label: 'Risk to self',
    hint: 'Self-harm and suicide',
    hasLevel: true,
    fields: [
      yesNo('selfHarmHistory', 'History of self-harm'),
      yesNo('suicideAttempts', 'History of suicide attempts'),
      yesNo('acctOpen', 'ACCT (Assessment, Care in Custody and Teamwork) plan open'),
    ],
  },
  {
    code: 'safeguarding',
    label: 'Safeguarding and exploitation',
    hint: 'Risk of being exploited or harmed by others',
    hasLevel: true,
    fields: [
      {
        name: 'exploitation',
        label: 'Concerns',
        kind: 'multi',
        options: options({
          financial: 'Financial',
          criminal: 'Criminal',
          cuckooing: 'Cuckooing',
          sexual: 'Sexual',
          radicalisation: 'Radicalisation',
          modern_slavery: 'Modern slavery',
          other: 'Other',
        }),
      },
      yesNo('safeguardingReferralMade', 'Safeguarding referral made'),
    ],
  },
  {
    code: 'strengths',
    label: 'Strengths',
    hint: 'What they are good at, value, and what has helped before',
    hasLevel: false,
    fields: [
      { name: 'strengths', label: 'Strengths', kind: 'text', required: true, multiline: true },
      text('whatHelps', 'What has helped before'),
    ],
  },
] as const satisfies readonly DomainDefinition[];

export type DomainCode = (typeof DOMAINS)[number]['code'];
export const DOMAIN_CODES = DOMAINS.map<DomainCode>((d) => d.code);
export const STRENGTHS: DomainCode = 'strengths';

export function domainDefinition(code: string): DomainDefinition | undefined {
  return (DOMAINS as readonly DomainDefinition[]).find((d) => d.code === code);
}

export function isDomainCode(code: string): code is DomainCode {
  return domainDefinition(code) !== undefined;
}

/** A domain as stored in an assessment: `completed` once the worker said they had finished it. */
export interface DomainAnswer {
  status: 'incomplete' | 'completed';
  level: NeedLevel | null;
  notes: string | null;
  fields: Record<string, unknown>;
}

/** The domain named in a URL, with its code typed; undefined when there is none of that name. */
export function domainOf(code: string): (DomainDefinition & { code: DomainCode }) | undefined {
  return (DOMAINS as readonly (DomainDefinition & { code: DomainCode })[]).find((d) => d.code === code);
}
