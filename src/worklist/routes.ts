// The safety-net worklist: `GET /api/v1/worklist` (API.md), the /worklist pages and the navigation's
// "Worklist (N)". Thin: validate, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { worklistQuerySchema } from './schema.ts';
import { myHighSeverityCount, worklistFor } from './service.ts';
import { presentItem } from './presenter.ts';
import { registerWorklistPages } from './pageRoutes.ts';

export function registerWorklistRoutes(app: FastifyInstance, services: Services): void {
  const { db, sites, clock } = services;

  app.navCounters.push({ name: 'worklist', count: (tx, viewer, now) => myHighSeverityCount(tx, sites, viewer, now) });

  app.get('/api/v1/worklist', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(worklistQuerySchema, req.query);
    const now = clock();
    const asOf = query.asOf ? new Date(query.asOf) : now;
    const items = await db.transaction((tx) =>
      worklistFor(tx, sites, viewer, { site: query.site, asOf, view: query.view }, now),
    );
    return { asOf: asOf.toISOString(), items: items.map(presentItem) };
  });

  registerWorklistPages(app, services);
}
