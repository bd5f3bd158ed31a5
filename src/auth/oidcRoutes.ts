// Signing in through an identity provider (NHS CIS2, Azure AD), when OIDC_ISSUER is set. GET /sign-in/oidc
// sends the browser to the provider; GET /sign-in/oidc/callback takes it back, checks the answer belongs to the
// request this browser started, and signs the user in with the role their claim maps to. A user whose claims
// map to no role is refused and nothing is stored but the audit event.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { sessionCookieName, sessionCookieOptions, setSessionCookie } from './authentication.ts';
import { safeReturnTo } from './returnTo.ts';
import {
  callbackFailureOf,
  createOidcClient,
  identityFromClaims,
  type CallbackClaims,
  type PendingSignIn,
} from './oidc.ts';

/** Long enough to type a smartcard PIN or approve a prompt; short enough that a stale request is useless. */
const PENDING_MINUTES = 10;

interface PendingCookie extends PendingSignIn {
  returnTo: string;
  startedAt: number;
}

function decodePending(value: string): PendingCookie | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const p = parsed as Record<string, unknown>;
    const strings = [p.state, p.nonce, p.codeVerifier, p.returnTo].every((v) => typeof v === 'string');
    return strings && typeof p.startedAt === 'number' ? (p as unknown as PendingCookie) : undefined;
  } catch {
    return undefined;
  }
}

const REFUSALS = {
  no_role: {
    title: 'You do not have a role in Reconnect',
    text: 'You do not have a role in Reconnect: ask your administrator to give you one, then sign in again.',
  },
  no_subject: {
    title: 'You were not signed in',
    text: 'The identity provider did not say who you are. Ask your administrator.',
  },
  identity_mismatch: {
    title: 'Your Reconnect account belongs to another sign-in',
    text: 'The Reconnect account with your email address is linked to a different account at the identity provider. Ask your administrator.',
  },
  no_email: {
    title: 'Your account has no email address Reconnect can use',
    text: 'Ask your administrator to add a verified email address to your account, then sign in again.',
  },
  disabled: {
    title: 'Your Reconnect account has been disabled',
    text: 'Ask your administrator if you think you still need it.',
  },
} as const;

const FAILURES = {
  no_pending_sign_in: {
    status: 400,
    title: 'Your sign-in has expired',
    text: 'Signing in took too long, or was started in another browser window. Start again from the sign-in page.',
  },
  state_mismatch: {
    status: 400,
    title: 'Your sign-in has expired',
    text: 'Signing in took too long, or was started in another browser window. Start again from the sign-in page.',
  },
  idp_refused: {
    status: 403,
    title: 'You were not signed in',
    text: 'The identity provider did not sign you in. Try again, or ask your administrator.',
  },
  token_exchange_failed: {
    status: 400,
    title: 'You were not signed in',
    text: 'We could not confirm your sign-in with the identity provider. Start again from the sign-in page.',
  },
} as const;

export function registerOidcRoutes(app: FastifyInstance, services: Services): void {
  const { db, config, clock, signIn } = services;
  const settings = config.oidc;
  if (!settings) return;
  const oidc = createOidcClient(settings);
  const cookieName = sessionCookieName(config.secureCookies);
  const cookieOptions = sessionCookieOptions(config.secureCookies);
  const pendingCookie = config.secureCookies ? '__Host-reconnect-oidc' : 'reconnect-oidc';
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const rateLimit = { max: 30, timeWindow: '1 minute' };

  async function fail(reply: FastifyReply, reason: keyof typeof FAILURES, details: Record<string, unknown> = {}) {
    await recordAudit(
      db,
      { actor: SYSTEM_ACTOR, action: 'user.oidc_failed', details: { reason, ...details } },
      clock(),
    );
    const failure = FAILURES[reason];
    reply.status(failure.status);
    return reply.render('error.njk', { pageTitle: failure.title, paragraphs: [failure.text] });
  }

  async function refuse(reply: FastifyReply, reason: keyof typeof REFUSALS, details: Record<string, unknown>) {
    await recordAudit(
      db,
      { actor: SYSTEM_ACTOR, action: 'user.oidc_denied', details: { reason, ...details } },
      clock(),
    );
    reply.status(403);
    return reply.render('error.njk', { pageTitle: REFUSALS[reason].title, paragraphs: [REFUSALS[reason].text] });
  }

  /** The request this browser started, from its signed cookie, if it is recent enough; the cookie is spent. */
  function takePending(req: FastifyRequest, reply: FastifyReply): PendingCookie | undefined {
    const raw = req.cookies[pendingCookie];
    reply.clearCookie(pendingCookie, cookieOptions);
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    const pending = unsigned?.valid && unsigned.value ? decodePending(unsigned.value) : undefined;
    const age = pending ? clock().getTime() - pending.startedAt : Infinity;
    return age >= 0 && age <= PENDING_MINUTES * 60_000 ? pending : undefined;
  }

  app.get('/sign-in/oidc', { config: { rateLimit } }, async (req, reply) => {
    let request: Awaited<ReturnType<typeof oidc.authorizationRequest>>;
    try {
      request = await oidc.authorizationRequest();
    } catch (error) {
      req.log.warn({ err: error }, 'OpenID Connect discovery failed');
      await recordAudit(
        db,
        { actor: SYSTEM_ACTOR, action: 'user.oidc_failed', details: { reason: 'discovery_failed' } },
        clock(),
      );
      reply.status(503);
      return reply.render('error.njk', {
        pageTitle: 'Sorry, signing in this way is not working at the moment',
        paragraphs: ['Try again later, or sign in with your email address and password.'],
      });
    }
    // State, nonce and PKCE verifier ride in a signed, HttpOnly cookie (not server-side) so that any of the
    // service's stateless processes can take the callback; it only ever travels to this service.
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo);
    const value = Buffer.from(JSON.stringify({ ...request.pending, returnTo, startedAt: clock().getTime() })).toString(
      'base64url',
    );
    reply.setCookie(pendingCookie, value, { ...cookieOptions, signed: true, maxAge: PENDING_MINUTES * 60 });
    return reply.redirect(request.url.href, 303);
  });

  app.get('/sign-in/oidc/callback', { config: { rateLimit } }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const pending = takePending(req, reply);
    if (typeof query.error === 'string') return fail(reply, 'idp_refused', { error: query.error.slice(0, 100) });
    if (!pending) return fail(reply, 'no_pending_sign_in');
    if (query.state !== pending.state) return fail(reply, 'state_mismatch');
    let answer: CallbackClaims;
    try {
      answer = await oidc.claimsFromCallback(new URL(req.url, 'http://callback').search, pending);
    } catch (error) {
      req.log.warn({ err: error }, 'OpenID Connect callback failed');
      return fail(reply, callbackFailureOf(error));
    }
    if (answer.userinfoError)
      req.log.warn({ err: answer.userinfoError }, 'OpenID Connect userinfo failed: using the ID token alone');
    const { claims, userinfo } = answer;
    const issuer = String(claims.iss);
    const verdict = identityFromClaims(claims, settings, userinfo);
    if (!verdict.admitted) return refuse(reply, verdict.reason, { issuer, email: verdict.email, roles: verdict.roles });
    const admission = await signIn.admit(db, verdict.identity, issuer, req.cookies[cookieName], clock(), timeouts);
    if ('refused' in admission)
      return refuse(reply, admission.refused, {
        issuer,
        email: verdict.identity.email,
        subject: verdict.identity.subject,
      });
    setSessionCookie(reply, config.secureCookies, admission.sessionId);
    return reply.redirect(safeReturnTo(pending.returnTo), 303);
  });
}
