// GET /api/v1/notifications: the caller's own notices, newest first.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { presentNotification } from './presenter.ts';

export function registerNotificationRoutes(app: FastifyInstance, { db, notifications }: Services): void {
  app.navCounters.push({ name: 'notifications', queries: (viewer) => notifications.unreadCountQueries(viewer) });
  app.get('/api/v1/notifications', async (req) => {
    const items = await notifications.list(db, viewerOf(req));
    return { items: items.map(presentNotification) };
  });
}
