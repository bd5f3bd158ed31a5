import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { USER_ACTIONS } from './userAdminService.ts';

const actionBody = z.object({ action: z.enum(USER_ACTIONS, { message: `Choose one of ${USER_ACTIONS.join(', ')}` }) });
type Params = { Params: { id: string } };

export function registerAdminRoutes(app: FastifyInstance, { db, userAdmin }: Services): void {
  app.get('/api/v1/users', async (req) => ({ items: await userAdmin.list(db, viewerOf(req)) }));

  app.post<Params>('/api/v1/users/:id/actions', async (req, reply) => {
    const viewer = viewerOf(req);
    const { action } = parseOrThrow(actionBody, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      await userAdmin.act(tx, viewer, req.params.id, action);
      return { status: 200, body: { id: req.params.id, action } };
    });
  });

  app.get('/admin/users', { preHandler: requireSignIn }, async (req, reply) =>
    reply.render('admin/views/users.njk', {
      pageTitle: 'Users',
      section: 'users',
      users: await userAdmin.list(db, viewerOf(req)),
    }),
  );

  app.post<Params>(
    '/admin/users/:id/actions',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const { action } = parseOrThrow(actionBody, req.body);
      await db.transaction((tx) => userAdmin.act(tx, viewerOf(req), req.params.id, action));
      return reply.redirect('/admin/users', 303);
    },
  );
}
