// zod schema of the chronology's query (API.md `GET /api/v1/people/{personId}/chronology[?from=DATE&to=DATE&partnerId=ID&kind=KIND]`);
// added: `team` (one team's entries), `q` (a keyword search within it), several kinds (`kind=a,b` or repeated)
// and `format=pdf`.
import { z } from 'zod';
import { isoDate, optionalText, uuid } from '../partners/schema.ts';
import { CHRONOLOGY_KINDS, type ChronologyFilter } from './rules.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

export const chronologyQuerySchema = z
  .object({
    from: z.preprocess(blank, isoDate.optional()),
    to: z.preprocess(blank, isoDate.optional()),
    partnerId: z.preprocess(blank, uuid.optional()),
    team: z.preprocess(blank, z.string().trim().max(100).optional()),
    kind: z.preprocess(
      (v) => {
        const all = (Array.isArray(v) ? v : [v]).flatMap((k) => (typeof k === 'string' ? k.split(',') : []));
        const kinds = all.map((k) => k.trim()).filter(Boolean);
        return kinds.length ? kinds : undefined;
      },
      z.array(z.enum(CHRONOLOGY_KINDS, { error: `Must be one of ${CHRONOLOGY_KINDS.join(', ')}` })).optional(),
    ),
    q: optionalText(200),
    format: z.preprocess(blank, z.enum(['json', 'pdf'], { error: 'Must be json or pdf' }).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'Must be on or after the from date' });
export type ChronologyQuery = z.output<typeof chronologyQuerySchema>;

/** The query as the rules' filter. */
export function chronologySchemaFilter(q: ChronologyQuery): ChronologyFilter {
  return { from: q.from, to: q.to, partnerId: q.partnerId, team: q.team, kinds: q.kind, q: q.q };
}
