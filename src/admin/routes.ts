import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { USER_ACTIONS } from './service.ts';

const actionBody = z.object({ action: z.enum(USER_ACTIONS, { message: `Choose one of ${USER_ACTIONS.join(', ')}` }) });
type Params = { Params: { id: string } };
type TokenParams = { Params: { id: string; tokenId: string } };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

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

  app.get<Params>('/api/v1/users/:id/tokens', async (req) => {
    const { tokens } = await userAdmin.tokens(db, viewerOf(req), req.params.id);
    return {
      items: tokens.map((t) => ({
        ...t,
        createdAt: iso(t.createdAt),
        expiresAt: iso(t.expiresAt),
        lastUsedAt: iso(t.lastUsedAt),
        revokedAt: iso(t.revokedAt),
      })),
    };
  });

  app.delete<TokenParams>('/api/v1/users/:id/tokens/:tokenId', async (req, reply) => {
    await db.transaction((tx) => userAdmin.revokeToken(tx, viewerOf(req), req.params.id, req.params.tokenId));
    return reply.status(204).send();
  });

  app.get<Params>('/admin/users/:id/tokens', { preHandler: requireSignIn }, async (req, reply) => {
    const { user, tokens } = await userAdmin.tokens(db, viewerOf(req), req.params.id);
    return reply.render('admin/views/user-tokens.njk', {
      pageTitle: `API tokens: ${user.name}`,
      section: 'users',
      user,
      tokens,
      revoked: (req.query as Record<string, unknown>).revoked === '1',
    });
  });

  app.post<TokenParams>(
    '/admin/users/:id/tokens/:tokenId/revoke',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      await db.transaction((tx) => userAdmin.revokeToken(tx, viewerOf(req), req.params.id, req.params.tokenId));
      return reply.redirect(`/admin/users/${req.params.id}/tokens?revoked=1`, 303);
    },
  );

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
