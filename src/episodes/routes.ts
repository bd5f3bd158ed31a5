// The episode endpoints of API.md ("Episodes of care"). Thin: validate, one service call in one
// transaction (POSTs through runIdempotent), present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Services } from '../services.ts';
import type { Tx } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import type { EpisodeView } from './presenter.ts';
import {
  closureSchema,
  contactSchema,
  expectedReleaseDateSchema,
  extensionSchema,
  listQuerySchema,
  openEpisodeSchema,
  recallSchema,
  releaseSchema,
  reopenSchema,
  timelineQuerySchema,
} from './schema.ts';

type WithId = { Params: { id: string } };

/** If-Match is optional on episode changes, but honoured when sent (412 when stale). */
function optionalIfMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] ? requiredIfMatch(req) : undefined;
}

export function registerEpisodeRoutes(app: FastifyInstance, services: Services): void {
  const { db, episodes, episodeClosures: closures } = services;

  app.post('/api/v1/episodes', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(openEpisodeSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const result = await episodes.open(tx, viewer, body);
      if (result.declined) return { status: 200, body: result };
      const view = result.episode;
      return {
        status: 201,
        body: view,
        headers: { etag: etag(view.version), location: `/api/v1/episodes/${view.id}` },
      };
    });
  });

  app.get('/api/v1/episodes', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(listQuerySchema, req.query);
    return { items: await db.transaction((tx) => episodes.list(tx, viewer, query)) };
  });

  app.get<WithId>('/api/v1/episodes/:id', async (req, reply) => {
    const view = await episodes.read(db, viewerOf(req), req.params.id);
    return reply.header('etag', etag(view.version)).send(view);
  });

  app.get<WithId>('/api/v1/episodes/:id/timeline', async (req) => {
    const { order } = parseOrThrow(timelineQuerySchema, req.query);
    return {
      items: await db.transaction((tx) => episodes.timeline(tx, viewerOf(req), req.params.id, order ?? 'oldest')),
    };
  });

  app.post<WithId>('/api/v1/episodes/:id/contacts', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(contactSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 201,
      body: await episodes.addContact(tx, viewer, req.params.id, body),
    }));
  });

  /** The closure letter to the referrer and GP (application/pdf), once the episode is closed (409 before). */
  app.get<WithId>('/api/v1/episodes/:id/closure-letter', async (req, reply) => {
    const pdf = await db.transaction((tx) => closures.closureLetter(tx, viewerOf(req), req.params.id));
    return reply
      .type('application/pdf')
      .header('content-disposition', 'inline; filename="closure-letter.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  /** Release, recall, close, reopen, extension and expected release date: one dated event each, checked by phases.ts, 200 with the episode. */
  function change<B>(
    path: string,
    schema: ZodType<B>,
    record: (tx: Tx, viewer: Viewer, id: string, body: B, version?: number) => Promise<EpisodeView>,
  ) {
    app.post<WithId>(`/api/v1/episodes/:id/${path}`, async (req, reply) => {
      const viewer = viewerOf(req);
      const body = parseOrThrow(schema, req.body);
      const version = optionalIfMatch(req);
      return runIdempotent(db, req, reply, viewer.id, async (tx) => {
        const view = await record(tx, viewer, req.params.id, body, version);
        return { status: 200, body: view, headers: { etag: etag(view.version) } };
      });
    });
  }
  change('release', releaseSchema, episodes.release);
  change('recall', recallSchema, episodes.recall);
  change('close', closureSchema, closures.close);
  change('reopen', reopenSchema, closures.reopen);
  change('extension', extensionSchema, closures.extend);
  change('expected-release-date', expectedReleaseDateSchema, episodes.setExpectedReleaseDate);
}
