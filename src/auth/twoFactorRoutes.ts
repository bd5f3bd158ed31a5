// The second step of signing in (a code from an authenticator app, or a recovery code) and setting up
// two-factor authentication. Each success starts a new session id: the privilege changed (ASVS 5.0 V7.2.4).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { sessionCookieName, setSessionCookie } from './authentication.ts';
import { accountLocked } from './lockout.ts';
import { checkTotp, enrolmentDetails, newTotpSecret } from './twoFactor.ts';
import { safeReturnTo } from './returnTo.ts';
import { attemptLimiter } from './signInLimits.ts';

export function registerTwoFactorRoutes(app: FastifyInstance, services: Services): void {
  const { db, config, clock, signIn } = services;
  const cookieName = sessionCookieName(config.secureCookies);
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };

  const loadUser = (id: string) => signIn.user(db, id);

  /** Ends the half-finished session and starts a fully signed-in one with a new id. */
  async function promote(
    req: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    action: string,
    details: Record<string, unknown>,
  ) {
    const now = clock();
    const sessionId = await db.transaction((tx) =>
      signIn.beginSession(
        tx,
        { oldSessionId: req.cookies[cookieName], userId, stage: 'full', action, details, codesToo: true, timeouts },
        now,
      ),
    );
    setSessionCookie(reply, config.secureCookies, sessionId);
  }

  app.get('/sign-in/code', async (req, reply) => {
    if (req.pendingSignIn?.stage !== 'mfa') return reply.redirect('/sign-in', 303);
    return reply.render('auth/views/code.njk', {
      pageTitle: 'Enter the code from your authenticator app',
      returnTo: safeReturnTo((req.query as Record<string, unknown>).returnTo),
    });
  });

  app.post(
    '/sign-in/code',
    {
      preValidation: app.csrfProtection,
      preHandler: attemptLimiter(app, 'code', (req) =>
        req.pendingSignIn?.stage === 'mfa' ? req.pendingSignIn.userId : undefined,
      ),
    },
    async (req, reply) => {
      const pending = req.pendingSignIn;
      if (pending?.stage !== 'mfa') return reply.redirect('/sign-in', 303);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const returnTo = safeReturnTo(body.returnTo);
      const user = await loadUser(pending.userId);
      const now = clock();
      if (!user?.totpSecret || user.disabledAt || accountLocked(user, now)) return reply.redirect('/sign-in', 303);
      const code = typeof body.code === 'string' ? body.code : '';
      const recovery = typeof body.recoveryCode === 'string' ? body.recoveryCode : '';
      const step = code ? await checkTotp(user.totpSecret, code, now, user.totpLastStep) : undefined;
      // The step is claimed with a conditional UPDATE: a code works once even when sent in parallel.
      const totpOk = step !== undefined && (await signIn.claimTotpStep(db, user.id, step));
      const recovered =
        !totpOk && recovery ? await db.transaction((tx) => signIn.useRecoveryCode(tx, user.id, recovery, now)) : false;
      if (!totpOk && !recovered) {
        await db.transaction((tx) => signIn.codeRejected(tx, user.id, now));
        reply.status(401);
        return reply.render('auth/views/code.njk', {
          pageTitle: 'Enter the code from your authenticator app',
          returnTo,
          errors: [
            {
              text: recovery
                ? 'Enter a recovery code you have not used before'
                : 'Enter the 6-digit code shown in your authenticator app now',
              href: recovery ? '#recoveryCode' : '#code',
            },
          ],
        });
      }
      await promote(req, reply, user.id, 'user.signed_in', { secondFactor: totpOk ? 'totp' : 'recovery_code' });
      return reply.redirect(returnTo, 303);
    },
  );

  /** Who is setting up: someone part-way through signing in, or a signed-in user without it yet. */
  const enrollingUserId = (req: FastifyRequest) =>
    req.pendingSignIn?.stage === 'enrol' ? req.pendingSignIn.userId : req.viewer?.id;

  app.get('/account/two-factor', async (req, reply) => {
    const userId = enrollingUserId(req);
    if (!userId) return reply.redirect('/sign-in', 303);
    const user = await loadUser(userId);
    if (!user) return reply.redirect('/sign-in', 303);
    if (user.totpEnabledAt)
      return reply.render('error.njk', {
        pageTitle: 'Two-factor authentication is set up',
        paragraphs: ['Ask an admin if you need to set it up again on a new phone.'],
      });
    // Keep an unconfirmed secret across reloads, so a code scanned a moment ago still works.
    const secret = user.totpSecret ?? newTotpSecret();
    if (!user.totpSecret) await signIn.keepTotpSecret(db, user.id, secret);
    return reply.render('auth/views/two-factor-set-up.njk', {
      pageTitle: 'Set up two-factor authentication',
      ...(await enrolmentDetails(secret, user.email)),
    });
  });

  app.post(
    '/account/two-factor',
    { preValidation: app.csrfProtection, preHandler: attemptLimiter(app, 'enrol', enrollingUserId) },
    async (req, reply) => {
      const userId = enrollingUserId(req);
      const user = userId ? await loadUser(userId) : undefined;
      if (!user?.totpSecret || user.totpEnabledAt) return reply.redirect('/sign-in', 303);
      const now = clock();
      const posted = (req.body as Record<string, unknown> | undefined)?.code;
      const code = typeof posted === 'string' ? posted : '';
      const step = await checkTotp(user.totpSecret, code, now, user.totpLastStep);
      if (!step) {
        reply.status(400);
        return reply.render('auth/views/two-factor-set-up.njk', {
          pageTitle: 'Set up two-factor authentication',
          ...(await enrolmentDetails(user.totpSecret, user.email)),
          errors: [{ text: 'Enter the 6-digit code shown in your authenticator app now', href: '#code' }],
        });
      }
      const codes = await db.transaction((tx) => signIn.enableTwoFactor(tx, user.id, step, now));
      await promote(req, reply, user.id, 'user.two_factor_enabled', {});
      req.viewer = await signIn.viewer(db, user.id);
      return reply.render('auth/views/recovery-codes.njk', { pageTitle: 'Save your recovery codes', codes });
    },
  );
}
