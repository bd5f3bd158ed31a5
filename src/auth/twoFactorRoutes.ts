// The second step of signing in (a code from an authenticator app, or a recovery code) and setting up
// two-factor authentication. Each success starts a new session id: the privilege changed (ASVS 5.0 V7.2.4).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Services } from '../services.ts';
import { users } from '../db/schema.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { actorOf } from '../access/viewer.ts';
import { endSession, startSession } from './sessionStore.ts';
import { claimTotpStep, countFailure, loadViewer } from './userRepository.ts';
import { sessionCookieName, setSessionCookie } from './authentication.ts';
import { accountLocked, AFTER_CODE_SUCCESS, AFTER_SUCCESS } from './lockout.ts';
import { checkTotp, enrolmentDetails, issueRecoveryCodes, newTotpSecret, useRecoveryCode } from './twoFactor.ts';
import { safeReturnTo } from './returnTo.ts';
import { attemptLimiter } from './signInLimits.ts';

export function registerTwoFactorRoutes(app: FastifyInstance, services: Services): void {
  const { db, config, clock } = services;
  const cookieName = sessionCookieName(config.secureCookies);
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };

  const loadUser = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0];

  /** Ends the half-finished session and starts a fully signed-in one with a new id. */
  async function promote(
    req: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    action: string,
    details: Record<string, unknown>,
  ) {
    const now = clock();
    const sessionId = await db.transaction(async (tx) => {
      const old = req.cookies[cookieName];
      if (old) await endSession(tx, old);
      await tx
        .update(users)
        .set({ ...AFTER_SUCCESS, ...AFTER_CODE_SUCCESS })
        .where(eq(users.id, userId));
      const id = await startSession(tx, userId, now, timeouts, 'full');
      const viewer = await loadViewer(tx, userId);
      await recordAudit(
        tx,
        { actor: viewer ? actorOf(viewer) : SYSTEM_ACTOR, action, recordType: 'user', recordId: userId, details },
        now,
      );
      return id;
    });
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
      const totpOk = step !== undefined && (await claimTotpStep(db, user.id, step));
      const recovered =
        !totpOk && recovery ? await db.transaction((tx) => useRecoveryCode(tx, user.id, recovery, now)) : false;
      if (!totpOk && !recovered) {
        await db.transaction(async (tx) => {
          const counted = await countFailure(tx, user.id, 'code', now);
          if (counted.newlyLocked)
            await recordAudit(
              tx,
              {
                actor: SYSTEM_ACTOR,
                action: 'user.locked',
                recordType: 'user',
                recordId: user.id,
                details: { until: counted.lockedUntil, secondFactor: true },
              },
              now,
            );
          await recordAudit(
            tx,
            { actor: SYSTEM_ACTOR, action: 'user.code_rejected', recordType: 'user', recordId: user.id },
            now,
          );
        });
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
    if (!user.totpSecret) await db.update(users).set({ totpSecret: secret }).where(eq(users.id, user.id));
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
      const codes = await db.transaction(async (tx) => {
        await tx.update(users).set({ totpEnabledAt: now, totpLastStep: step }).where(eq(users.id, user.id));
        return issueRecoveryCodes(tx, user.id);
      });
      await promote(req, reply, user.id, 'user.two_factor_enabled', {});
      req.viewer = await loadViewer(db, user.id);
      return reply.render('auth/views/recovery-codes.njk', { pageTitle: 'Save your recovery codes', codes });
    },
  );
}
