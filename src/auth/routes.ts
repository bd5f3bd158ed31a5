// Sign in, sign out. A correct password alone signs in only a referrer (or anyone when two-factor
// authentication is switched off for the demo); everyone else goes on to a code, or to set one up first.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { isRole } from '../access/viewer.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import type { SessionStage } from './sessionStore.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './authentication.ts';
import { accountLocked, LOCKOUT } from './lockout.ts';
import { needsTwoFactor } from './twoFactor.ts';
import { registerTwoFactorRoutes } from './twoFactorRoutes.ts';
import { registerSavedWorkRoutes } from './savedWorkRoutes.ts';
import { safeReturnTo } from './returnTo.ts';
import { attemptLimiter, signInAccountOf } from './signInLimits.ts';

const signInForm = z.object({ email: z.string().trim().max(320), password: z.string().max(1024) });

export const SIGN_IN_ERROR = 'Enter a correct email address and password';

export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  const { db, config, clock, signIn } = services;
  const cookieName = sessionCookieName(config.secureCookies);
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const oidcLabel = config.oidc?.label;

  app.get('/sign-in', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    return reply.render('auth/views/sign-in.njk', {
      pageTitle: 'Sign in',
      returnTo: safeReturnTo(query.returnTo),
      values: {},
      oidcLabel,
      kept: query.kept === '1',
    });
  });

  app.post(
    '/sign-in',
    { preValidation: app.csrfProtection, preHandler: attemptLimiter(app, 'sign-in', signInAccountOf) },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const returnTo = safeReturnTo(body.returnTo);
      const parsed = signInForm.safeParse(body);
      const email = parsed.success ? parsed.data.email : '';
      const failed = () => {
        reply.status(401);
        return reply.render('auth/views/sign-in.njk', {
          pageTitle: 'Sign in',
          returnTo,
          values: { email },
          oidcLabel,
          lockoutMinutes: LOCKOUT.minutes,
          lockoutAttempts: LOCKOUT.attempts,
          errors: [{ text: SIGN_IN_ERROR, href: '#email' }],
        });
      };
      // No username, no attempt: nothing is checked, counted or audited.
      if (!signInAccountOf(req)) return failed();
      const user = email ? await signIn.userByEmail(db, email) : undefined;
      const now = clock();
      // Always one argon2 verification, so the response time does not tell whether the email exists.
      const passwordOk =
        parsed.success && (await verifyPassword(user?.passwordHash ?? (await decoyHash()), parsed.data.password));
      const locked = !!user && accountLocked(user, now);
      if (!passwordOk || !user || user.disabledAt || locked || !isRole(user.role)) {
        await db.transaction((tx) =>
          signIn.passwordRejected(tx, { userId: user?.id, count: !passwordOk && !locked, email, locked }, now),
        );
        return failed();
      }
      const stage: SessionStage = user.totpEnabledAt
        ? 'mfa'
        : config.mfaRequired && needsTwoFactor(user.role)
          ? 'enrol'
          : 'full';
      // Signing in over an existing session ends it: the browser keeps one session, with a new id (ASVS 5.0 V7.2.4).
      const sessionId = await db.transaction((tx) =>
        signIn.beginSession(
          tx,
          {
            oldSessionId: req.cookies[cookieName],
            userId: user.id,
            stage,
            action: stage === 'full' ? 'user.signed_in' : 'user.password_accepted',
            details: { next: stage },
            codesToo: false,
            timeouts,
          },
          now,
        ),
      );
      setSessionCookie(reply, config.secureCookies, sessionId);
      const next =
        stage === 'mfa'
          ? `/sign-in/code?returnTo=${encodeURIComponent(returnTo)}`
          : stage === 'enrol'
            ? '/account/two-factor'
            : returnTo;
      return reply.redirect(next, 303);
    },
  );

  app.post('/sign-out', { preValidation: app.csrfProtection }, async (req, reply) => {
    const sessionId = req.cookies[cookieName];
    if (sessionId) {
      await db.transaction((tx) => signIn.signOut(tx, sessionId, req.viewer));
    }
    clearSessionCookie(reply, config.secureCookies);
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', async (_req, reply) =>
    reply.render('error.njk', {
      pageTitle: 'You have signed out',
      paragraphs: ['Close the browser if you are using a shared computer.'],
      viewer: undefined,
    }),
  );

  registerTwoFactorRoutes(app, services);
  registerSavedWorkRoutes(app, services);
}
