// zod input schemas of the retention endpoints.
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';

export const dueQuery = z.object({
  asOf: z.string().refine(isRealIsoDate, 'Enter a real date, like 2046-12-31').optional(),
});

export const holdBody = z.object({
  legalHold: z.boolean({ message: 'Say whether the record is on legal hold (true or false)' }),
  reason: z.string().trim().min(1, 'Enter the reason').max(2000),
});
