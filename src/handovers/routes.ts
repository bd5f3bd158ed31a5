// The handover endpoints (docs/api/handovers.md), the pages, and the navigation's "Handovers (N waiting)".
// Thin: validate, one service call in one transaction (POSTs through runIdempotent), present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { decisionSchema, listQuerySchema, requestHandoverSchema, withdrawSchema } from './schema.ts';
import { registerHandoverPages } from './pages.ts';
import { registerHandoverRequestPages } from './requestPages.ts';

type WithId = { Params: { id: string } };

/** If-Match is optional on withdrawing, but honoured when sent (412 when stale). */
function optionalIfMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] ? requiredIfMatch(req) : undefined;
}

export function registerHandoverRoutes(app: FastifyInstance, services: Services): void {
  const { db, handovers } = services;

  app.navCounters.push({ name: 'handovers', queries: (viewer) => handovers.waitingCountQueries(viewer) });

  app.post<WithId>('/api/v1/episodes/:id/handovers', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(requestHandoverSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await handovers.request(tx, viewer, req.params.id, body);
      return {
        status: 201,
        body: view,
        headers: { etag: etag(view.version), location: `/api/v1/handovers/${view.id}` },
      };
    });
  });

  app.get('/api/v1/handovers', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(listQuerySchema, req.query);
    return { items: await db.transaction((tx) => handovers.list(tx, viewer, query)) };
  });

  app.get<WithId>('/api/v1/handovers/:id', async (req, reply) => {
    const view = await db.transaction((tx) => handovers.read(tx, viewerOf(req), req.params.id));
    return reply.header('etag', etag(view.version)).send(view);
  });

  app.post<WithId>('/api/v1/handovers/:id/decision', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(decisionSchema, req.body);
    const version = requiredIfMatch(req);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await handovers.decide(tx, viewer, req.params.id, body, version);
      return { status: 200, body: view, headers: { etag: etag(view.version) } };
    });
  });

  app.post<WithId>('/api/v1/handovers/:id/withdraw', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(withdrawSchema, req.body ?? {});
    const version = optionalIfMatch(req);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await handovers.withdraw(tx, viewer, req.params.id, body.note, version);
      return { status: 200, body: view, headers: { etag: etag(view.version) } };
    });
  });

  registerHandoverPages(app, services);
  registerHandoverRequestPages(app, services);
}
