// The email outbox pages for admins: /admin/outbox (every email and where it is) and /admin/outbox/:id
// (one email's text, as it was or will be sent). In development they are where email ends up.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { presentEmailPage, presentOutboxPage } from './presenter.ts';

type IdParams = { Params: { id: string } };

export function registerOutboxPages(app: FastifyInstance, { db, outbox, config }: Services): void {
  app.get('/admin/outbox', { preHandler: requireSignIn }, async (req, reply) => {
    const rows = await outbox.list(db, viewerOf(req));
    return reply.render('outbox/views/outbox.njk', presentOutboxPage(rows, !!config.email.smtp));
  });

  app.get<IdParams>('/admin/outbox/:id', { preHandler: requireSignIn }, async (req, reply) => {
    const row = await db.transaction((tx) => outbox.read(tx, viewerOf(req), req.params.id));
    return reply.render('outbox/views/email.njk', presentEmailPage(row));
  });
}
