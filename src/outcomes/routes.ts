// API.md "Outcomes": wellbeing measures of an episode, and the outcomes after release (`PUT` with If-Match).
// Thin: validate, one service call in one transaction (POSTs through runIdempotent), present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { measureSchema, outcomesUpdateSchema } from './schema.ts';

type WithId = { Params: { id: string } };

export function registerOutcomeRoutes(app: FastifyInstance, services: Services): void {
  const { db, outcomes } = services;

  app.post<WithId>('/api/v1/episodes/:id/measures', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(measureSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 201,
      body: await outcomes.recordMeasure(tx, viewer, req.params.id, body),
    }));
  });

  app.get<WithId>('/api/v1/episodes/:id/measures', async (req) => ({
    items: await db.transaction((tx) => outcomes.listMeasures(tx, viewerOf(req), req.params.id)),
  }));

  app.get<WithId>('/api/v1/episodes/:id/outcomes', async (req, reply) => {
    const view = await db.transaction((tx) => outcomes.read(tx, viewerOf(req), req.params.id));
    const { version, ...body } = view;
    return reply.header('etag', etag(version)).send(body);
  });

  app.put<WithId>('/api/v1/episodes/:id/outcomes', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(outcomesUpdateSchema, req.body);
    const version = req.headers['if-match'] === undefined ? undefined : requiredIfMatch(req);
    const view = await db.transaction((tx) => outcomes.update(tx, viewer, req.params.id, body, version));
    const { version: saved, ...rest } = view;
    return reply.header('etag', etag(saved)).send(rest);
  });
}
