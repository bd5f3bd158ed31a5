// Retention on the API: the report of records due for review (admins), and a legal hold on a referral
// (the site's managers). Thin: validate, one service call in one transaction.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { londonDate } from '../identifiers/dates.ts';
import { dueQuery, holdBody } from './schema.ts';
import { registerRetentionPages } from './pages.ts';

export function registerRetentionRoutes(app: FastifyInstance, services: Services): void {
  const { db, retention, clock } = services;

  app.get('/api/v1/retention/due', async (req) => {
    const { asOf } = parseOrThrow(dueQuery, req.query);
    const items = await db.transaction((tx) => retention.dueForReview(tx, viewerOf(req), asOf ?? londonDate(clock())));
    return { items };
  });

  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/legal-hold', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(holdBody, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      await retention.setLegalHold(tx, viewer, req.params.id, body.legalHold, body.reason);
      return { status: 200, body: { id: req.params.id, legalHold: body.legalHold } };
    });
  });

  registerRetentionPages(app, services);
}
