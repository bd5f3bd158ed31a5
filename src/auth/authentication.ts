// Who is asking: a bearer token on the JSON API, a server-side session on pages.
import { navCountsFor } from '../web/navCounts.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { isApiRequest } from '../http/errorHandling.ts';
import { HttpError } from '../http/errors.ts';
import { tokenHashOf } from './apiTokens.ts';
import { resumeSession, type SessionStage } from './sessionStore.ts';
import { loadViewer, viewerForTokenHash } from './userRepository.ts';
import { sha256 } from './secrets.ts';

declare module 'fastify' {
  interface FastifyRequest {
    pendingSignIn: { sessionId: string; userId: string; stage: Exclude<SessionStage, 'full'> } | undefined;
    /** The SHA-256 of the live session's id (full or part-way), which every CSRF token is bound to. */
    sessionIdHash: string | undefined;
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
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/nhsuk/') || req.url.startsWith('/static/') || req.url === '/health') return;
    // FHIR: a client reads what the server supports and how to get a token before it has one.
    if (isOpenFhirPath(req.url)) return;
    if (isApiRequest(req)) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const tokenHash = match ? tokenHashOf(match[1]!) : undefined;
      req.viewer = tokenHash ? await viewerForTokenHash(db, tokenHash, clock()) : undefined;
      if (!req.viewer) throw new HttpError(401, 'Sign in: send a valid API token as "Authorization: Bearer <token>"');
      return;
    }
    const sessionId = req.cookies[sessionCookieName(config.secureCookies)];
    if (!sessionId) return;
    const session = await resumeSession(db, sessionId, clock(), timeouts);
    if (!session) return;
    req.sessionIdHash = sha256(sessionId);
    // A session part-way through two-factor authentication is not signed in: it may only finish signing in.
    if (session.stage === 'full') {
      req.viewer = await loadViewer(db, session.userId, clock());
      if (req.viewer) {
        req.unreadNotifications = await services.notifications.unreadCount(db, req.viewer);
        if (req.method === 'GET') req.navCounts = await navCountsFor(req.server.navCounters, db, req.viewer, clock());
      }
    } else req.pendingSignIn = { sessionId, userId: session.userId, stage: session.stage };
  });
}
