// Who is asking: a bearer token on the JSON API, a server-side session on pages.
import { navCountsFor } from '../web/navCounts.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { isApiRequest } from '../http/errorHandling.ts';
import { HttpError } from '../http/errors.ts';
import { tokenHashOf } from './apiTokens.ts';
import { resumeSession, type SessionStage } from './sessionStore.ts';
import { viewerForTokenHash } from './userRepository.ts';
import { sha256 } from './secrets.ts';
import { keepForm, stashCookieName, stashCookieOptions } from './formStash.ts';
import { keptFields, mayKeep } from './formStashRules.ts';
import { safeReturnTo } from './returnTo.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';

declare module 'fastify' {
  interface FastifyRequest {
    pendingSignIn: { sessionId: string; userId: string; stage: Exclude<SessionStage, 'full'> } | undefined;
    /** The SHA-256 of the live session's id (full or part-way), which every CSRF token is bound to. */
    sessionIdHash: string | undefined;
    /**
     * The browser sent a session that has ended (idle, past its end, or signed out elsewhere): its id's hash,
     * and its user when the service still knew it.
     */
    endedSession: { idHash: string; userId: string | null } | undefined;
  }
}

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this host and path "/" (ASVS 5.0 V3.3.3); it needs HTTPS.
  return secure ? '__Host-reconnect-session' : 'reconnect-session';
}

/** The session cookie's attributes; the same on the cookie that clears it, or a __Host- cookie is never cleared. */
export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

/** Hands the browser a new session id, and binds this response's CSRF tokens to it. */
export function setSessionCookie(reply: FastifyReply, secure: boolean, sessionId: string): void {
  reply.setCookie(sessionCookieName(secure), sessionId, sessionCookieOptions(secure));
  reply.request.sessionIdHash = sha256(sessionId);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), sessionCookieOptions(secure));
  reply.request.sessionIdHash = undefined;
}

/**
 * What a CSRF token is bound to (ASVS 5.0 V3.5.1): the session it was issued in, or no session before sign-in,
 * so a token from one session, or from before signing in, is refused in another.
 */
export function csrfBindingOf(req: FastifyRequest): string {
  return req.sessionIdHash ? `session:${req.sessionIdHash}` : 'no-session';
}

/** The FHIR endpoints a client reads before it has a token: the capability statement and SMART configuration. */
export function isOpenFhirPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/fhir/R4/metadata' || path === '/fhir/R4/.well-known/smart-configuration';
}

export function registerAuthentication(app: FastifyInstance, services: Services): void {
  const { db, config, clock } = services;
  app.decorateRequest('pendingSignIn', undefined);
  app.decorateRequest('sessionIdHash', undefined);
  app.decorateRequest('endedSession', undefined);
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/nhsuk/') || req.url.startsWith('/static/') || req.url === '/health') return;
    // FHIR: a client reads what the server supports and how to get a token before it has one.
    if (isOpenFhirPath(req.url)) return;
    if (isApiRequest(req)) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const tokenHash = match?.[1] ? tokenHashOf(match[1]) : undefined;
      req.viewer = tokenHash ? await viewerForTokenHash(db, tokenHash, clock()) : undefined;
      if (!req.viewer) throw new HttpError(401, 'Sign in: send a valid API token as "Authorization: Bearer <token>"');
      return;
    }
    const sessionId = req.cookies[sessionCookieName(config.secureCookies)];
    if (!sessionId) return;
    let endedUser: string | null = null;
    const session = await resumeSession(db, sessionId, clock(), timeouts, (userId) => (endedUser = userId));
    if (!session) {
      req.endedSession = { idHash: sha256(sessionId), userId: endedUser };
      return;
    }
    req.sessionIdHash = sha256(sessionId);
    // A session part-way through two-factor authentication is not signed in: it may only finish signing in.
    if (session.stage === 'full') {
      req.viewer = session.viewer;
      if (req.viewer) {
        // A page view reads every count in one statement; a post's page (an error summary) only the notifications.
        const get = req.method === 'GET';
        const counts = await navCountsFor(
          req.server.navCounters,
          db,
          req.viewer,
          clock(),
          get ? undefined : ['notifications'],
        );
        req.unreadNotifications = counts.notifications ?? 0;
        if (get) req.navCounts = counts;
      }
    } else req.pendingSignIn = { sessionId, userId: session.userId, stage: session.stage };
  });
  registerFormKeeping(app, services);
}

/**
 * A form posted from a page whose session has ended is kept (formStash.ts) and the user sent to sign in,
 * then to /saved-work to save it (issue 10, "Session expiry loses typed work"). Only a form the ended session
 * itself drew is kept: its CSRF token must be the one issued to that session, so another site cannot plant one.
 * Runs before each route's own CSRF check, which the ended session would fail.
 */
function registerFormKeeping(app: FastifyInstance, { db, config, clock }: Services): void {
  app.addHook('preValidation', async (req, reply) => {
    const ended = req.endedSession;
    if (!ended || req.viewer || req.pendingSignIn) return;
    if (!mayKeep(req.method, req.url, req.headers['content-type'])) return;
    if (!csrfTokenOfSession(app, req, reply, ended.idHash)) return;
    const action = safeReturnTo(req.url);
    const fields = keptFields(req.body);
    // Nothing typed to keep (a button alone): sign in again and come back to the page, not "the form has expired".
    if (!fields || action === '/')
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(refererPath(req) ?? '/')}`, 303);
    const form = { action, from: refererPath(req) ?? action, fields };
    const cookie = stashCookieName(config.secureCookies);
    const secret = await db.transaction(async (tx) => {
      const kept = await keepForm(
        tx,
        { previousSecret: req.cookies[cookie], userId: ended.userId, form, serverSecret: config.cookieSecret },
        clock(),
      );
      await recordAudit(
        tx,
        {
          actor: SYSTEM_ACTOR,
          action: 'form.kept_after_session_ended',
          recordType: ended.userId ? 'user' : undefined,
          recordId: ended.userId ?? undefined,
          details: { path: action.replace(/\?.*$/, '') },
        },
        clock(),
      );
      return kept;
    });
    reply.setCookie(cookie, secret, stashCookieOptions(config.secureCookies));
    return reply.redirect(`/sign-in?kept=1&returnTo=${encodeURIComponent('/saved-work')}`, 303);
  });
}

/**
 * Whether the posted CSRF token is one the ended session was given: the service's own check, run as if that
 * session were still live (the check reads the binding from the request), with its refusal caught here.
 */
function csrfTokenOfSession(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, idHash: string): boolean {
  const live = req.sessionIdHash;
  req.sessionIdHash = idHash;
  let valid = false;
  const quiet = { unsignCookie: (value: string) => reply.unsignCookie(value), send: () => quiet };
  try {
    app.csrfProtection.call(app, req, quiet as unknown as FastifyReply, () => (valid = true));
  } finally {
    req.sessionIdHash = live;
  }
  return valid;
}

/** The path of the page a form was posted from, when it is a page of this service. */
function refererPath(req: FastifyRequest): string | undefined {
  const referer = req.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.host !== req.headers.host) return undefined;
    const path = safeReturnTo(`${url.pathname}${url.search}`);
    return path === '/' ? undefined : path;
  } catch {
    return undefined;
  }
}
