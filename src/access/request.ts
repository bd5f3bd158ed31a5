// Who is asking, as a handler sees it. The auth module's hook sets `req.viewer` from the bearer token or
// the session before any handler runs; handlers only read it, so no route depends on how sign-in works.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from './viewer.ts';
import { HttpError } from '../http/errors.ts';

/** preHandler for pages: send anyone not signed in to the sign-in page, then back. */
export async function requireSignIn(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.viewer) return;
  const returnTo = req.method === 'GET' ? `?returnTo=${encodeURIComponent(req.url)}` : '';
  await reply.redirect(`/sign-in${returnTo}`, 303);
}

export function viewerOf(req: FastifyRequest): Viewer {
  if (!req.viewer) throw new HttpError(401, 'Sign in first');
  return req.viewer;
}
