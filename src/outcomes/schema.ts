// zod input schemas of outcomes (API.md "Outcomes"): a measure, and the links made after release.
import { z } from 'zod';
import { isoDate } from '../partners/schema.ts';
import { answerProblems, INSTRUMENTS } from './scoring.ts';
import { ACCOMMODATION_STATUSES } from './rules.ts';

export const measureSchema = z
  .object({
    instrument: z.enum(INSTRUMENTS, { error: `Must be one of ${INSTRUMENTS.join(', ')}` }),
    administeredOn: isoDate,
    answers: z.array(z.unknown(), { error: 'Give the answers as a list of numbers' }).max(20, 'Too many answers'),
  })
  .superRefine((m, ctx) => {
    for (const p of answerProblems(m.instrument, m.answers))
      ctx.addIssue({
        code: 'custom',
        path: p.field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        message: p.message,
      });
  })
  .transform((m) => ({ ...m, answers: m.answers as number[] }));
export type MeasureBody = z.output<typeof measureSchema>;

const nullableDate = isoDate.nullable().optional();

export const outcomesUpdateSchema = z
  .object({
    gpRegisteredOn: nullableDate,
    /** Treatment started (PHOF C20), not a referral sent. */
    substanceMisuseEngagedOn: nullableDate,
    mentalHealthHandoverOn: nullableDate,
    accommodationNow: z
      .enum(ACCOMMODATION_STATUSES, { error: `Must be one of ${ACCOMMODATION_STATUSES.join(', ')}` })
      .nullable()
      .optional(),
  })
  .strict();
export type OutcomesUpdate = z.output<typeof outcomesUpdateSchema>;
