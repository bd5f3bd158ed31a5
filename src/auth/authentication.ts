// Who is asking: a bearer token on the JSON API, a server-side session on pages.
import { navCountsFor } from '../web/navCounts.ts';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { isApiRequest } from '../http/errorHandling.ts';
import { HttpError } from '../http/errors.ts';
import { tokenHashOf } from './apiTokens.ts';
import { resumeSession, type SessionStage } from './sessionStore.ts';

declare module 'fastify' {
  interface FastifyRequest {
    pendingSignIn: { sessionId: string; userId: string; stage: Exclude<SessionStage, 'full'> } | undefined;
  }
}
import { loadViewer, viewerForTokenHash } from './userRepository.ts';

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this host and path "/" (ASVS 5.0 V3.3.3); it needs HTTPS.
  return secure ? '__Host-reconnect-session' : 'reconnect-session';
}

export function registerAuthentication(app: FastifyInstance, services: Services): void {
  const { db, config, clock } = services;
  app.decorateRequest('pendingSignIn', undefined);
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/nhsuk/') || req.url.startsWith('/static/') || req.url === '/health') return;
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
