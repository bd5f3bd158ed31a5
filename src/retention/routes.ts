import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { isRealIsoDate, londonDate } from '../identifiers/dates.ts';

const dueQuery = z.object({ asOf: z.string().refine(isRealIsoDate, 'Enter a real date, like 2046-12-31').optional() });
const holdBody = z.object({
  legalHold: z.boolean({ message: 'Say whether the record is on legal hold (true or false)' }),
  reason: z.string().trim().min(1, 'Enter the reason').max(2000),
});

export function registerRetentionRoutes(app: FastifyInstance, { db, retention, clock }: Services): void {
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

  app.get('/admin/retention', { preHandler: requireSignIn }, async (req, reply) => {
    const parsed = dueQuery.safeParse(req.query);
    const asOf = parsed.success && parsed.data.asOf ? parsed.data.asOf : londonDate(clock());
    const items = await db.transaction((tx) => retention.dueForReview(tx, viewerOf(req), asOf));
    return reply.render('retention/views/due.njk', { pageTitle: 'Records due for retention review', asOf, items });
  });
}
