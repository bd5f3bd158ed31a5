// API.md `POST /api/v1/referrals/{id}/screening`: accept, decline or ask for more information, with If-Match.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { screeningDecisionSchema } from './schema.ts';

export function registerScreeningRoutes(app: FastifyInstance, { db, screening, referrals }: Services): void {
  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/screening', async (req, reply) => {
    const viewer = viewerOf(req);
    const input = parseOrThrow(screeningDecisionSchema, req.body);
    const version = requiredIfMatch(req);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      await screening.decide(tx, viewer, req.params.id, input, version);
      const view = await referrals.read(tx, viewer, req.params.id);
      return { status: 200, body: view, headers: { etag: etag(view.version) } };
    });
  });
}
