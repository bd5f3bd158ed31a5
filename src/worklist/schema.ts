// zod input schema of GET /api/v1/worklist (API.md "The safety-net worklist").
import { z } from 'zod';
import { unlessAllTeams } from '../teamChoice/rules.ts';

export const VIEWS = ['mine', 'team'] as const;

export const worklistQuerySchema = z.object({
  site: z.string().trim().min(1, 'Enter a site code').max(100).optional().transform(unlessAllTeams),
  asOf: z.iso.datetime({ offset: true, error: 'Must be a date and time like 2026-11-17T09:00:00Z' }).optional(),
  /** `mine`: only items of episodes the caller works on; `team` (the default): every item of the sites. */
  view: z.enum(VIEWS, { error: `Must be one of ${VIEWS.join(', ')}` }).optional(),
});
export type WorklistQuery = z.output<typeof worklistQuerySchema>;
