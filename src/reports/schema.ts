// zod schema of a report's query (API.md `GET /api/v1/reports/kpis?from=YYYY-MM&to=YYYY-MM[&site=CODE]`).
import { z } from 'zod';
import { monthsBetween } from './rules.ts';

const month = z
  .string({ error: 'Enter a month like 2026-11' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Enter a month like 2026-11');
const blank = (v: unknown) => (v === '' ? undefined : v);

export const MAX_MONTHS = 36;

export const reportQuerySchema = z
  .object({
    from: z.preprocess(blank, month.optional()),
    to: z.preprocess(blank, month.optional()),
    site: z.preprocess(
      blank,
      z
        .string()
        .max(100)
        .regex(/^[a-z0-9-]+$/, 'Must be a site code')
        .optional(),
    ),
    format: z.preprocess(blank, z.enum(['json', 'csv'], { error: 'Must be json or csv' }).optional()),
  })
  .superRefine((q, ctx) => {
    const valid = (m: string | undefined) => m !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(m);
    if (valid(q.from) && valid(q.to) && q.from && q.to) {
      if (q.from > q.to)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be the same as or after the first month' });
      else if (monthsBetween(q.from, q.to).length > MAX_MONTHS)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `Choose at most ${String(MAX_MONTHS)} months` });
    }
  });
export type ReportQueryInput = z.output<typeof reportQuerySchema>;
