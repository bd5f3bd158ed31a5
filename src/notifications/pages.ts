// The notifications page, and marking them read.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';

export function registerNotificationPages(app: FastifyInstance, { db, notifications }: Services): void {
  app.get('/notifications', { preHandler: requireSignIn }, async (req, reply) => {
    const items = await notifications.list(db, viewerOf(req));
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
      await db.transaction((tx) => notifications.markAllRead(tx, viewerOf(req)));
      return reply.redirect('/notifications', 303);
    },
  );
}
