// API.md "Partners, meetings and the chronology": meetings and risk forums of an episode, and their actions
// (`PATCH /api/v1/actions/{id}` with If-Match: 412 when stale, 428 without). Thin: validate, one service call
// in one transaction (POSTs through runIdempotent), present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { actionListSchema, actionUpdateSchema, meetingSchema } from './schema.ts';

type WithId = { Params: { id: string } };

export function registerMeetingRoutes(app: FastifyInstance, services: Services): void {
  const { db, meetings, actions } = services;

  app.post<WithId>('/api/v1/episodes/:id/meetings', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(meetingSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const meeting = await meetings.record(tx, viewer, req.params.id, body);
      return {
        status: 201,
        body: meeting,
        headers: { etag: etag(meeting.version), location: `/api/v1/meetings/${meeting.id}` },
      };
    });
  });

  app.get<WithId>('/api/v1/episodes/:id/meetings', async (req) => ({
    items: await db.transaction((tx) => meetings.list(tx, viewerOf(req), req.params.id)),
  }));

  app.get<WithId>('/api/v1/meetings/:id', async (req, reply) => {
    const { meeting } = await db.transaction((tx) => meetings.read(tx, viewerOf(req), req.params.id));
    return reply.header('etag', etag(meeting.version)).send(meeting);
  });

  app.get<WithId>('/api/v1/episodes/:id/actions', async (req) => {
    const { status } = parseOrThrow(actionListSchema, req.query);
    return { items: await db.transaction((tx) => actions.ofEpisode(tx, viewerOf(req), req.params.id, status)) };
  });

  app.get('/api/v1/actions', async (req) => {
    const { status } = parseOrThrow(actionListSchema, req.query);
    return { items: await db.transaction((tx) => actions.mine(tx, viewerOf(req), status)) };
  });

  app.get<WithId>('/api/v1/actions/:id', async (req, reply) => {
    const action = await db.transaction((tx) => actions.read(tx, viewerOf(req), req.params.id));
    return reply.header('etag', etag(action.version)).send(action);
  });

  app.patch<WithId>('/api/v1/actions/:id', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(actionUpdateSchema, req.body);
    const version = requiredIfMatch(req);
    const action = await db.transaction((tx) => actions.update(tx, viewer, req.params.id, body, version));
    return reply.header('etag', etag(action.version)).send(action);
  });
}
