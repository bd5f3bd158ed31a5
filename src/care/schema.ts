// zod input schemas of the assessment, formulation and support plan endpoints (docs/api/care.md), and of
// one assessment domain's answers, built from the domain's definition (domains.ts).
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { DOMAIN_CODES, NEED_LEVELS, type DomainDefinition, type DomainField } from './domains.ts';

const isoDate = z
  .string({ error: 'Must be a date like 2026-11-10' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date like 2026-11-10')
  .refine(isRealIsoDate, 'Must be a real calendar date');
const text = (max: number, required: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, `Must be ${max} characters or fewer`);
const optionalText = (max: number) =>
  z.string({ error: 'Must be text' }).trim().max(max, `Must be ${max} characters or fewer`).optional();

export const startAssessmentSchema = z
  .object({
    /** `previous`: carry the answers of the latest assessment over, each domain to be confirmed again. */
    startFrom: z.enum(['blank', 'previous'], { error: 'Must be blank or previous' }).default('blank'),
  })
  .strict();
export type StartAssessmentBody = z.output<typeof startAssessmentSchema>;

/** The 5 Ps (issue: presenting, predisposing, precipitating, perpetuating, protective), written with the person. */
export const formulationSchema = z
  .object({
    presenting: text(10_000, 'Describe the presenting problems'),
    predisposing: text(10_000, 'Describe the predisposing factors'),
    precipitating: text(10_000, 'Describe the precipitating factors'),
    perpetuating: text(10_000, 'Describe the perpetuating factors'),
    protective: text(10_000, 'Describe the protective factors'),
    writtenWithPerson: z.boolean({ error: 'Say whether it was written with the person' }),
    personsView: optionalText(10_000),
  })
  .strict();
export type FormulationBody = z.output<typeof formulationSchema>;

const needDomain = z.enum(DOMAIN_CODES as [string, ...string[]], {
  error: `Must be one of ${DOMAIN_CODES.join(', ')}`,
});
export const GOAL_OUTCOMES = ['achieved', 'partly_achieved', 'not_achieved'] as const;

export const goalSchema = z
  .object({
    needDomain,
    description: text(2000, 'Describe the goal, in the person’s words where possible'),
  })
  .strict();
export type GoalBody = z.output<typeof goalSchema>;

export const goalChangeSchema = z
  .object({
    needDomain: needDomain.optional(),
    description: text(2000, 'Describe the goal').optional(),
    outcome: z
      .enum(GOAL_OUTCOMES, { error: `Must be one of ${GOAL_OUTCOMES.join(', ')}` })
      .nullable()
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one of needDomain, description, outcome' });
export type GoalChangeBody = z.output<typeof goalChangeSchema>;

export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OWNER_KINDS = ['person', 'team_member', 'agency'] as const;

/** Who does an action: the person, a practitioner or manager of the site, or a named agency (issue). */
export const ownerSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('person') }).strict(),
    z
      .object({
        kind: z.literal('team_member'),
        userId: z.uuid('Must be the id of a practitioner or manager of the site'),
      })
      .strict(),
    z.object({ kind: z.literal('agency'), agency: text(200, 'Name the agency') }).strict(),
  ],
  { error: `Must have kind ${OWNER_KINDS.join(', ')}` },
);
export type Owner = z.output<typeof ownerSchema>;

export const actionSchema = z
  .object({
    description: text(2000, 'Describe the action'),
    owner: ownerSchema,
    dueOn: isoDate,
    status: z.enum(ACTION_STATUSES, { error: `Must be one of ${ACTION_STATUSES.join(', ')}` }).default('not_started'),
  })
  .strict();
export type ActionBody = z.output<typeof actionSchema>;

export const actionChangeSchema = z
  .object({
    description: text(2000, 'Describe the action').optional(),
    owner: ownerSchema.optional(),
    dueOn: isoDate.optional(),
    status: z.enum(ACTION_STATUSES, { error: `Must be one of ${ACTION_STATUSES.join(', ')}` }).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one of description, owner, dueOn, status' });
export type ActionChangeBody = z.output<typeof actionChangeSchema>;

export const reviewSchema = z
  .object({
    reviewedOn: isoDate,
    notes: text(10_000, 'Write what the review found and agreed'),
    withPerson: z.boolean({ error: 'Say whether the person took part' }),
    nextReviewOn: isoDate.optional(),
  })
  .strict();
export type ReviewBody = z.output<typeof reviewSchema>;

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

export const isBlank = (v: unknown) => v === undefined || v === null || v === '';

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
