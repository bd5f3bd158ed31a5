// After signing in again: the form that was posted when the session had ended, to save now (issue 10,
// "Session expiry loses typed work"), and the keep-alive behind the timeout warning's "Stay signed in".
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { actorOf } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { stashCookieName, stashCookieOptions, takeBackForm } from './formStash.ts';
import { typedValues } from './formStashRules.ts';
import { safeReturnTo } from './returnTo.ts';

export function registerSavedWorkRoutes(app: FastifyInstance, { db, config, clock }: Services): void {
  const cookie = stashCookieName(config.secureCookies);

  /**
   * The kept form, once: its fields go into a form with a fresh CSRF token that posts where the original did,
   * so saving it is an ordinary save (the page's version is checked again as it would have been).
   */
  app.get('/saved-work', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const secret = req.cookies[cookie];
    const form = secret
      ? await db.transaction(async (tx) => {
          const taken = await takeBackForm(tx, secret, viewer.id, config.cookieSecret, clock());
          if (taken)
            await recordAudit(
              tx,
              {
                actor: actorOf(viewer),
                action: 'form.kept_form_taken_back',
                recordType: 'user',
                recordId: viewer.id,
                details: { path: taken.action.replace(/\?.*$/, '') },
              },
              clock(),
            );
          return taken;
        })
      : undefined;
    if (secret) reply.clearCookie(cookie, stashCookieOptions(config.secureCookies));
    if (!form) return reply.redirect('/', 303);
    const hidden = Object.entries(form.fields).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v })),
    );
    return reply.render('auth/views/saved-work.njk', {
      pageTitle: 'Save what you typed before you were signed out',
      action: safeReturnTo(form.action),
      from: safeReturnTo(form.from),
      hidden,
      typed: typedValues(form.fields),
    });
  });

  /** "Stay signed in" on the timeout warning: any signed-in request keeps the session; this one says so. */
  app.post(
    '/session/keep-alive',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (_req, reply) => reply.status(204).send(),
  );
}
