// Allocation (issue "Allocation and caseload"): the JSON API of docs/api/allocation.md and the pages, the
// episode's "Workers" part and the team view. Thin: validate, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { allocationSchema, coWorkerSchema, teamQuerySchema } from './schema.ts';
import { registerAllocationPages } from './pages.ts';

type WithId = { Params: { id: string } };

export function registerAllocationRoutes(app: FastifyInstance, services: Services): void {
  const { db, allocation, team } = services;

  app.put<WithId>('/api/v1/episodes/:id/allocation', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(allocationSchema, req.body);
    const version = requiredIfMatch(req);
    const result = await db.transaction((tx) =>
      allocation.allocate(tx, viewer, req.params.id, body.leadWorkerId, version),
    );
    return reply
      .header('etag', etag(result.episode.version))
      .send({ ...result.episode, caseloadWarning: result.caseloadWarning });
  });

  app.get<WithId>('/api/v1/episodes/:id/co-workers', async (req) => {
    return { items: await db.transaction((tx) => allocation.coWorkers(tx, viewerOf(req), req.params.id)) };
  });

  app.post<WithId>('/api/v1/episodes/:id/co-workers', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(coWorkerSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const added = await allocation.addCoWorker(tx, viewer, req.params.id, body);
      return {
        status: 201,
        body: added,
        headers: { location: `/api/v1/episodes/${added.episodeId}/co-workers/${added.id}` },
      };
    });
  });

  app.delete<{ Params: { id: string; coWorkerId: string } }>(
    '/api/v1/episodes/:id/co-workers/:coWorkerId',
    async (req) => {
      const viewer = viewerOf(req);
      return db.transaction((tx) => allocation.removeCoWorker(tx, viewer, req.params.id, req.params.coWorkerId));
    },
  );

  app.get('/api/v1/team', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(teamQuerySchema, req.query);
    return db.transaction((tx) => team.view(tx, viewer, query.site));
  });

  registerAllocationPages(app, services);
}
