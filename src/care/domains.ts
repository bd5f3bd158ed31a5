// The structured assessment of an episode of care (PRODUCT.md journey step 5: "needs by domain,
// strengths, risk, communication needs, executive capacity"; issue "Assessment, formulation and plan").
// Pure: the domains, their levels and own fields, the zod schema of one domain's answers, the task list
// progress of an assessment and when the support plan is next due for review. No database, no clock.
import { z } from 'zod';
import { addDaysIso, daysBetweenIso, isRealIsoDate } from '../identifiers/dates.ts';
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
        hint: 'PRODUCT.md: easy read, large print, their language',
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
export const DOMAIN_CODES = DOMAINS.map((d) => d.code) as DomainCode[];
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

const TEXT_MAX = 5000;

function fieldSchema(field: DomainField): z.ZodType {
  switch (field.kind) {
    case 'boolean':
      return z.boolean({ error: 'Must be true or false' });
    case 'text':
      return z.string({ error: 'Must be text' }).trim().max(TEXT_MAX, `Must be ${TEXT_MAX} characters or fewer`);
    case 'choice': {
      const values = field.options.map((o) => o.value) as [string, ...string[]];
      return z.enum(values, { error: `Must be one of ${values.join(', ')}` });
    }
    case 'multi': {
      const values = field.options.map((o) => o.value) as [string, ...string[]];
      return z
        .array(z.enum(values, { error: `Must be one of ${values.join(', ')}` }), { error: 'Must be a list' })
        .max(values.length);
    }
  }
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The body of one domain's answers: `{ level, notes, fields, complete }`. A domain saved with
 * `complete: false` may be partial ("No, I'll come back to it": the task list pattern); marking it complete
 * needs its level and required fields, and the domain's own consistency rules always apply.
 */
export function domainAnswerSchema(domain: DomainDefinition) {
  const fields = z.object(Object.fromEntries(domain.fields.map((f) => [f.name, fieldSchema(f).optional()]))).strict();
  return z
    .object({
      level: z.enum(NEED_LEVELS, { error: `Must be one of ${NEED_LEVELS.join(', ')}` }).optional(),
      notes: z.string({ error: 'Must be text' }).trim().max(10_000, 'Must be 10000 characters or fewer').optional(),
      fields: fields.default({}),
      complete: z.boolean({ error: 'Must be true or false' }),
    })
    .strict()
    .superRefine((body, ctx) => {
      const f = body.fields as Record<string, unknown>;
      if (!domain.hasLevel && body.level !== undefined)
        ctx.addIssue({ code: 'custom', path: ['level'], message: `${domain.label} are recorded without a level` });
      if (body.complete) {
        if (domain.hasLevel && body.level === undefined)
          ctx.addIssue({ code: 'custom', path: ['level'], message: 'Select the level of need' });
        for (const field of domain.fields) {
          if (field.required && isBlank(f[field.name]))
            ctx.addIssue({
              code: 'custom',
              path: ['fields', field.name],
              message: `Enter ${field.label.toLowerCase()}`,
            });
        }
      }
      for (const issue of consistency(domain.code, f, body.complete)) ctx.addIssue({ code: 'custom', ...issue });
    });
}
export type DomainAnswerBody = z.output<ReturnType<typeof domainAnswerSchema>>;

/** Rules between one domain's fields. */
function consistency(
  code: string,
  f: Record<string, unknown>,
  complete: boolean,
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (code === 'risk_to_others') {
    // MAPPA: a level (1-3) belongs to someone managed under a category; none without one.
    if (f.mappaCategory === 'none' && !isBlank(f.mappaLevel))
      issues.push({
        path: ['fields', 'mappaLevel'],
        message: 'Leave the MAPPA level empty when not managed under MAPPA',
      });
    if (complete && !isBlank(f.mappaCategory) && f.mappaCategory !== 'none' && isBlank(f.mappaLevel))
      issues.push({ path: ['fields', 'mappaLevel'], message: 'Select the MAPPA level' });
  }
  if (code === 'communication') {
    if (complete && f.interpreterNeeded === true && isBlank(f.interpreterLanguage))
      issues.push({
        path: ['fields', 'interpreterLanguage'],
        message: 'Enter the language the interpreter is needed for',
      });
    if (f.interpreterNeeded === false && !isBlank(f.interpreterLanguage))
      issues.push({
        path: ['fields', 'interpreterLanguage'],
        message: 'Leave the interpreter language empty when no interpreter is needed',
      });
  }
  return issues;
}

/** The stored answer of a valid body: blanks dropped, so a saved form shows what was said. */
export function toDomainAnswer(body: DomainAnswerBody): DomainAnswer {
  const fields = Object.fromEntries(
    Object.entries(body.fields as Record<string, unknown>).filter(
      ([, v]) => !isBlank(v) && !(Array.isArray(v) && v.length === 0),
    ),
  );
  return {
    status: body.complete ? 'completed' : 'incomplete',
    level: body.level ?? null,
    notes: body.notes || null,
    fields,
  };
}

/** NHS task list statuses (service manual, task list): not yet started, incomplete, completed. */
export type TaskStatus = 'not_started' | 'incomplete' | 'completed';
export const TASK_STATUS_TEXT: Record<TaskStatus, string> = {
  not_started: 'Not yet started',
  incomplete: 'Incomplete',
  completed: 'Completed',
};

export interface AssessmentProgress {
  items: { domain: DomainCode; label: string; hint: string; status: TaskStatus; level: NeedLevel | null }[];
  completed: number;
  total: number;
  /** An assessment is completed only when every domain is. */
  canComplete: boolean;
}

export function assessmentProgress(domains: Partial<Record<string, DomainAnswer>>): AssessmentProgress {
  const items = DOMAINS.map((d) => {
    const answer = domains[d.code];
    const status: TaskStatus = !answer ? 'not_started' : answer.status === 'completed' ? 'completed' : 'incomplete';
    return { domain: d.code, label: d.label, hint: d.hint, status, level: answer?.level ?? null };
  });
  const completed = items.filter((i) => i.status === 'completed').length;
  return { items, completed, total: items.length, canComplete: completed === items.length };
}

/** Domains assessed as a need (low, medium or high): what support plan goals are linked to. */
export function assessedNeeds(domains: Partial<Record<string, DomainAnswer>>): DomainCode[] {
  return DOMAIN_CODES.filter((code) => {
    const level = domains[code]?.level;
    return level === 'low' || level === 'medium' || level === 'high';
  });
}

/**
 * Weeks between support plan reviews when the site's policy does not say (`planReviewWeeks`): six, so that
 * a RECONNECT episode's six months after release hold four reviews and an Enhanced RECONNECT year eight.
 */
export const DEFAULT_PLAN_REVIEW_WEEKS = 6;

export interface ReviewDue {
  /** When the next review is due; null while the plan has no goals (nothing to review). */
  dueOn: string | null;
  /** `plan_started`: first review after the first goal; `last_review`: the interval after the latest review; `agreed`: the date the latest review set. */
  basis: 'no_plan' | 'plan_started' | 'last_review' | 'agreed';
  daysUntil: number | null;
  overdue: boolean;
}

/**
 * When the support plan is next reviewed (issue: "reviewed on a schedule; each review recorded"). The
 * latest review's own next date wins; otherwise the site's interval counts from the latest review or,
 * before any, from the day the plan started.
 */
export function reviewDue(
  plan: { startedOn: string | null },
  reviews: readonly { reviewedOn: string; nextReviewOn: string | null }[],
  policy: { planReviewWeeks?: number | undefined },
  today: string,
): ReviewDue {
  const weeks =
    policy.planReviewWeeks && policy.planReviewWeeks > 0 ? policy.planReviewWeeks : DEFAULT_PLAN_REVIEW_WEEKS;
  const latest = [...reviews].sort((a, b) => a.reviewedOn.localeCompare(b.reviewedOn)).at(-1);
  let dueOn: string | null;
  let basis: ReviewDue['basis'];
  if (latest?.nextReviewOn && isRealIsoDate(latest.nextReviewOn)) {
    dueOn = latest.nextReviewOn;
    basis = 'agreed';
  } else if (latest) {
    dueOn = addDaysIso(latest.reviewedOn, weeks * 7);
    basis = 'last_review';
  } else if (plan.startedOn) {
    dueOn = addDaysIso(plan.startedOn, weeks * 7);
    basis = 'plan_started';
  } else {
    return { dueOn: null, basis: 'no_plan', daysUntil: null, overdue: false };
  }
  const daysUntil = daysBetweenIso(today, dueOn);
  return { dueOn, basis, daysUntil, overdue: daysUntil < 0 };
}
