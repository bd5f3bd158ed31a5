// The caseload page (issue "Allocation and caseload"): a worker's own episodes (as lead worker or
// co-worker) by default, the whole site with `?show=all`, another worker's with `?worker=`, sortable by any
// column (server-side, `?sort=`), 50 a page. Thin: the query string as people edit it (anything unreadable
// falls back to the default), one service call, render. The JSON API is routes.ts.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { can } from '../access/policy.ts';
import { isUuid } from '../http/ids.ts';
import { DEFAULT_SORT, parseSort } from './schema.ts';

export function registerCaseloadPages(app: FastifyInstance, services: Services): void {
  const { db, caseloads, teamChoice } = services;

  app.get('/caseload', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const text = (key: string) => {
      const value = q[key];
      return typeof value === 'string' ? value : '';
    };
    const worker = text('show') === 'all' ? 'all' : isUuid(text('worker')) ? text('worker') : 'me';
    const page = /^\d{1,6}$/.test(text('page')) && Number(text('page')) > 0 ? Number(text('page')) : 1;
    const model = await db.transaction(async (tx) => {
      // One team, or all the user's teams (issue 10), remembered from their last choice.
      const team = can(viewer, 'viewCaseloads')
        ? await teamChoice.decide(tx, viewer, 'caseload', text('site'))
        : undefined;
      const found = await caseloads.page(tx, viewer, {
        site: team?.site ?? text('site'),
        worker,
        sort: parseSort(text('sort')) ?? DEFAULT_SORT,
        page,
        includeClosed: text('closed') === 'include',
      });
      await teamChoice.remember(tx, viewer, team);
      return found;
    });
    return reply.render('caseload/views/caseload.njk', model);
  });
}
