// The caseload's query string, shared by the page and `GET /api/v1/caseload` (docs/api/allocation.md).
import { z } from 'zod';

/** The columns a caseload sorts by (repository.ts computes each in SQL). */
export const SORTS = ['person', 'phase', 'release', 'lastContact', 'nextAction', 'lead'] as const;
export type SortKey = (typeof SORTS)[number];

export interface Sort {
  key: SortKey;
  descending: boolean;
}

export const DEFAULT_SORT: Sort = { key: 'release', descending: false };

/** `release` ascending, `-release` descending. */
export function parseSort(value: string): Sort | undefined {
  const descending = value.startsWith('-');
  const key = descending ? value.slice(1) : value;
  return (SORTS as readonly string[]).includes(key) ? { key: key as SortKey, descending } : undefined;
}

export const sortText = (sort: Sort) => `${sort.descending ? '-' : ''}${sort.key}`;

export const caseloadQuerySchema = z.object({
  site: z.string().max(100).optional(),
  worker: z.union([z.enum(['me', 'all']), z.uuid()], { error: 'Must be me, all or a user id' }).default('me'),
  sort: z
    .string()
    .max(20)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return DEFAULT_SORT;
      const sort = parseSort(v);
      if (!sort)
        ctx.addIssue({ code: 'custom', message: `Must be one of ${SORTS.join(', ')}, with - in front for descending` });
      return sort ?? DEFAULT_SORT;
    }),
  page: z.coerce
    .number({ error: 'Must be a page number from 1' })
    .int('Must be a page number from 1')
    .min(1, 'Must be a page number from 1')
    .max(100_000, 'Must be a page number from 1')
    .default(1),
  closed: z.enum(['include', 'exclude'], { error: 'Must be include or exclude' }).default('exclude'),
});
