// The safety-net worklist: `GET /api/v1/worklist` (API.md), the /worklist page and the navigation's
// "Worklist (N)". Thin: validate, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { worklistQuerySchema } from './schema.ts';
import { itemJson } from './presenter.ts';
import type { WorklistItem } from './types.ts';
import { registerWorklistPages } from './pages.ts';

export function registerWorklistRoutes(app: FastifyInstance, services: Services): void {
  const { db, worklist } = services;

  app.navCounters.push({ name: 'worklist', ...worklist.myHighSeverityCounter });

  app.get('/api/v1/worklist', async (req, reply) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(worklistQuerySchema, req.query);
    const page = query.page ?? 1;
    const { asOf, items, total } = await db.transaction((tx) =>
      worklist.list(tx, viewer, {
        site: query.site,
        asOf: query.asOf ? new Date(query.asOf) : undefined,
        view: query.view,
        first: query.limit === undefined ? undefined : page * query.limit,
      }),
    );
    // Written from each item's kept JSON (presenter.ts itemJson): the same document as serialising the whole.
    const asOfJson = JSON.stringify(asOf.toISOString());
    const itemsJson = (shown: readonly WorklistItem[]) => `[${shown.map(itemJson).join(',')}]`;
    reply.type('application/json; charset=utf-8');
    if (query.limit === undefined) return `{"asOf":${asOfJson},"items":${itemsJson(items)}}`;
    const shown = items.slice((page - 1) * query.limit, page * query.limit);
    const more = page * query.limit < total;
    const next = more ? `,"next":${JSON.stringify(nextPage(req.url, page + 1, asOf))}` : '';
    return `{"asOf":${asOfJson},"items":${itemsJson(shown)},"total":${total}${next}}`;
  });

  registerWorklistPages(app, services);
}

/** The address of another page of the same worklist: the same site and view, as of the same moment. */
function nextPage(url: string, page: number, asOf: Date): string {
  const [path = '', search = ''] = url.split('?');
  const params = new URLSearchParams(search);
  params.set('asOf', asOf.toISOString());
  params.set('page', String(page));
  return `${path}?${params.toString()}`;
}
