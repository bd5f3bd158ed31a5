// zod input schema of GET /api/v1/worklist (API.md "The safety-net worklist").
import { z } from 'zod';
import { unlessAllTeams } from '../teamChoice/rules.ts';

export const VIEWS = ['mine', 'team'] as const;
/** The most items a page of the worklist API holds. */
export const MAX_LIMIT = 500;

export const worklistQuerySchema = z
  .object({
    site: z.string().trim().min(1, 'Enter a site code').max(100).optional().transform(unlessAllTeams),
    asOf: z.iso.datetime({ offset: true, error: 'Must be a date and time like 2026-11-17T09:00:00Z' }).optional(),
    /** `mine`: only items of episodes the caller works on; `team` (the default): every item of the sites. */
    view: z.enum(VIEWS, { error: `Must be one of ${VIEWS.join(', ')}` }).optional(),
    /**
     * Pages of `limit` items, most urgent first, with `total` and the `next` page's address; absent, every item
     * (a regional or national worklist can hold thousands: a screen shows the first page).
     */
    limit: z.coerce
      .number({ error: `Must be a whole number from 1 to ${MAX_LIMIT}` })
      .int(`Must be a whole number from 1 to ${MAX_LIMIT}`)
      .min(1, `Must be a whole number from 1 to ${MAX_LIMIT}`)
      .max(MAX_LIMIT, `Must be a whole number from 1 to ${MAX_LIMIT}`)
      .optional(),
    page: z.coerce
      .number({ error: 'Must be a whole number from 1' })
      .int('Must be a whole number from 1')
      .min(1, 'Must be a whole number from 1')
      .max(100_000, 'Must be a whole number from 1 to 100000')
      .optional(),
  })
  .refine((q) => q.page === undefined || q.limit !== undefined, {
    path: ['limit'],
    message: 'Give how many items a page holds (limit) with the page asked for',
  });
export type WorklistQuery = z.output<typeof worklistQuerySchema>;
