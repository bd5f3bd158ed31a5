// The email outbox for admins: GET /admin/outbox (every email and where it is), /admin/outbox/:id (one
// email's text, as it was or will be sent), and the same list on the API.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { outboxEmailFor, outboxFor, presentOutboxRow, STATUS_TEXT } from './outboxService.ts';

type IdParams = { Params: { id: string } };

export function registerOutboxRoutes(app: FastifyInstance, { db, clock, config }: Services): void {
  app.get('/api/v1/admin/outbox', async (req) => {
    const rows = await outboxFor(db, viewerOf(req));
    return { items: rows.map((row) => presentOutboxRow(row)) };
  });

  app.get<IdParams>('/api/v1/admin/outbox/:id', async (req) => {
    const row = await db.transaction((tx) => outboxEmailFor(tx, viewerOf(req), req.params.id, clock()));
    return presentOutboxRow(row, true);
  });

  app.get('/admin/outbox', { preHandler: requireSignIn }, async (req, reply) => {
    const rows = await outboxFor(db, viewerOf(req));
    return reply.render('outbox/views/outbox.njk', {
      pageTitle: 'Email outbox',
      section: 'outbox',
      rows,
      statusText: STATUS_TEXT,
      smtp: !!config.email.smtp,
    });
  });

  app.get<IdParams>('/admin/outbox/:id', { preHandler: requireSignIn }, async (req, reply) => {
    const row = await db.transaction((tx) => outboxEmailFor(tx, viewerOf(req), req.params.id, clock()));
    return reply.render('outbox/views/email.njk', {
      pageTitle: `Email: ${row.subject}`,
      section: 'outbox',
      backHref: '/admin/outbox',
      row,
      statusText: STATUS_TEXT,
    });
  });
}
