// zod schemas of the evaluation endpoints' queries (API.md "Evaluation extract": `?from=DATE&to=DATE`).
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const date = z
  .string({ error: 'Enter a date like 2026-04-01' })
  .trim()
  .refine(isRealIsoDate, 'Enter a real date like 2026-04-01');

export const extractQuerySchema = z
  .object({
    from: z.preprocess(blank, date.optional()),
    to: z.preprocess(blank, date.optional()),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be the same as or after the first date' });
  });
export type ExtractQuery = z.output<typeof extractQuerySchema>;

export const dictionaryQuerySchema = z.object({
  format: z.preprocess(blank, z.enum(['json', 'csv'], { error: 'Must be json or csv' }).optional()),
});
