// The admins' retention page: records due for review as of a day (today unless asked).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { londonDate } from '../identifiers/dates.ts';
import { dueQuery } from './schema.ts';

export function registerRetentionPages(app: FastifyInstance, { db, retention, clock }: Services): void {
  app.get('/admin/retention', { preHandler: requireSignIn }, async (req, reply) => {
    const parsed = dueQuery.safeParse(req.query);
    const asOf = parsed.success && parsed.data.asOf ? parsed.data.asOf : londonDate(clock());
    const items = await db.transaction((tx) => retention.dueForReview(tx, viewerOf(req), asOf));
    return reply.render('retention/views/due.njk', { pageTitle: 'Records due for retention review', asOf, items });
  });
}
