import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../auth/authentication.ts';
import { listNotifications, markAllRead } from './notificationService.ts';

export function registerNotificationRoutes(app: FastifyInstance, { db, clock }: Services): void {
  app.get('/api/v1/notifications', async (req) => {
    const items = await listNotifications(db, viewerOf(req));
    return {
      items: items.map((n) => ({
        id: n.id,
        at: n.at.toISOString(),
        kind: n.kind,
        message: n.message,
        link: n.link,
        read: n.readAt !== null,
      })),
    };
  });

  app.get('/notifications', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const items = await listNotifications(db, viewer);
    return reply.render('notifications/views/notifications.njk', {
      pageTitle: 'Notifications',
      section: 'notifications',
      items,
    });
  });

  app.post(
    '/notifications/read',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      await db.transaction((tx) => markAllRead(tx, viewerOf(req), clock()));
      return reply.redirect('/notifications', 303);
    },
  );
}
