// The safety-net worklist: `GET /api/v1/worklist` (API.md), the /worklist page and the navigation's
// "Worklist (N)". Thin: validate, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { worklistQuerySchema } from './schema.ts';
import { presentItem } from './presenter.ts';
import { registerWorklistPages } from './pages.ts';

export function registerWorklistRoutes(app: FastifyInstance, services: Services): void {
  const { db, worklist } = services;

  app.navCounters.push({ name: 'worklist', ...worklist.myHighSeverityCounter });

  app.get('/api/v1/worklist', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(worklistQuerySchema, req.query);
    const { asOf, items } = await db.transaction((tx) =>
      worklist.list(tx, viewer, {
        site: query.site,
        asOf: query.asOf ? new Date(query.asOf) : undefined,
        view: query.view,
      }),
    );
    return { asOf: asOf.toISOString(), items: items.map(presentItem) };
  });

  registerWorklistPages(app, services);
}
