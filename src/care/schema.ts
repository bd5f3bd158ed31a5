// zod input schemas of the assessment, formulation and support plan endpoints (docs/api/care.md).
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { DOMAIN_CODES } from './domains.ts';

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
