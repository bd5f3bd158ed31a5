import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { actorOf } from '../access/viewer.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { endSession, startSession } from './sessionStore.ts';
import { findUserByEmail, loadViewer } from './userRepository.ts';
import { sessionCookieName } from './authentication.ts';

const signInForm = z.object({ email: z.string().trim().max(320), password: z.string().max(1024) });

/** Only same-site paths, so a sign-in link cannot bounce the user elsewhere (ASVS 5.0 V3.7.2). */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  const { db, config, clock } = services;
  const cookieName = sessionCookieName(config.secureCookies);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };

  app.get('/sign-in', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    return reply.render('auth/views/sign-in.njk', { pageTitle: 'Sign in', returnTo: safeReturnTo(query.returnTo), values: {} });
  });

  app.post('/sign-in', {
    preValidation: app.csrfProtection,
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const returnTo = safeReturnTo(body.returnTo);
    const parsed = signInForm.safeParse(body);
    const email = parsed.success ? parsed.data.email : '';
    const user = email ? await findUserByEmail(db, email) : undefined;
    // Always run one argon2 verification so the response time does not tell whether the email exists.
    const ok = parsed.success && (await verifyPassword(user?.passwordHash ?? (await decoyHash()), parsed.data.password))
      && !!user && !user.disabledAt;
    const now = clock();
    if (!ok || !user) {
      await db.transaction((tx) => recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'user.sign_in_failed', details: { email: email.slice(0, 320) } }, now));
      reply.status(401);
      return reply.render('auth/views/sign-in.njk', {
        pageTitle: 'Sign in', returnTo, values: { email },
        errors: [{ text: 'Enter a correct email address and password', href: '#email' }],
      });
    }
    const sessionId = await db.transaction(async (tx) => {
      const id = await startSession(tx, user.id, now, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
      const viewer = await loadViewer(tx, user.id);
      await recordAudit(tx, { actor: viewer ? actorOf(viewer) : SYSTEM_ACTOR, action: 'user.signed_in', recordType: 'user', recordId: user.id }, now);
      return id;
    });
    reply.setCookie(cookieName, sessionId, cookieOptions);
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { preValidation: app.csrfProtection }, async (req, reply) => {
    const sessionId = req.cookies[cookieName];
    if (sessionId) {
      await db.transaction(async (tx) => {
        await endSession(tx, sessionId);
        if (req.viewer) await recordAudit(tx, { actor: actorOf(req.viewer), action: 'user.signed_out', recordType: 'user', recordId: req.viewer.id }, clock());
      });
    }
    reply.clearCookie(cookieName, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', async (_req, reply) =>
    reply.render('error.njk', { pageTitle: 'You have signed out', paragraphs: ['Close the browser if you are using a shared computer.'], viewer: undefined }));
}
