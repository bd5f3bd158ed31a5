// The email outbox on the API, for admins: every email and where it is, and one email's text.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { presentOutboxRow } from './presenter.ts';
import { registerOutboxPages } from './pages.ts';

type IdParams = { Params: { id: string } };

export function registerOutboxRoutes(app: FastifyInstance, services: Services): void {
  const { db, outbox } = services;

  app.get('/api/v1/admin/outbox', async (req) => {
    const rows = await outbox.list(db, viewerOf(req));
    return { items: rows.map((row) => presentOutboxRow(row)) };
  });

  app.get<IdParams>('/api/v1/admin/outbox/:id', async (req) => {
    const row = await db.transaction((tx) => outbox.read(tx, viewerOf(req), req.params.id));
    return presentOutboxRow(row, true);
  });

  registerOutboxPages(app, services);
}
