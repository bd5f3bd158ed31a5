// The release plan endpoints (API.md "Episodes of care"; docs/api/release-plan.md) and its pages.
// Thin: validate, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { parseReleasePlanBody } from './schema.ts';
import { registerReleasePlanPages } from './pages.ts';

type WithId = { Params: { id: string } };

export function registerReleasePlanRoutes(app: FastifyInstance, services: Services): void {
  const { db, releasePlans } = services;

  app.get<WithId>('/api/v1/episodes/:id/release-plan', async (req, reply) => {
    const view = await db.transaction((tx) => releasePlans.read(tx, viewerOf(req), req.params.id));
    return reply.header('etag', etag(view.version)).send(view);
  });

  app.put<WithId>('/api/v1/episodes/:id/release-plan', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseReleasePlanBody(req.body ?? {});
    // Optional on the first save only; the service answers 428 once a plan exists.
    const version = req.headers['if-match'] ? requiredIfMatch(req) : undefined;
    const view = await db.transaction((tx) => releasePlans.update(tx, viewer, req.params.id, body, version));
    return reply.header('etag', etag(view.version)).send(view);
  });

  registerReleasePlanPages(app, services);
}
