// "A success banner after each save" (issue 10): a form that saved redirects (redirect-after-POST) and the
// page it lands on says what was saved, in the NHS design system's success notification banner. What was
// saved travels in a short-lived signed cookie holding only a key of SAVED (vocabulary.ts) and the path of
// the page to show it on: never anything the user typed, and shown once, on that page only.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SAVED, type SavedWhat } from './vocabulary.ts';

export const SAVED_COOKIE = 'reconnect-saved';
const SECONDS = 120;

const pathOf = (url: string): string => url.split(/[?#]/)[0] ?? url;

/** Sends the user to `location` (303) with what was saved, for that page's banner. */
export function redirectSaved(reply: FastifyReply, secure: boolean, what: SavedWhat, location: string): FastifyReply {
  reply.setCookie(SAVED_COOKIE, `${what}|${pathOf(location)}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    signed: true,
    maxAge: SECONDS,
  });
  return reply.redirect(location, 303);
}

/** The words of what was just saved, when this page is the one it was saved for; shown once. */
export function savedMessage(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = req.cookies[SAVED_COOKIE];
  if (!raw || req.method !== 'GET') return undefined;
  const unsigned = reply.unsignCookie(raw);
  const [what = '', path] = unsigned.valid && unsigned.value ? unsigned.value.split('|') : [];
  const here = pathOf(req.url);
  // The page saved for, or one it sends on to (an assessment to its current number).
  if (path === undefined || (here !== path && !here.startsWith(`${path}/`))) return undefined;
  reply.clearCookie(SAVED_COOKIE, { path: '/' });
  return Object.hasOwn(SAVED, what) ? SAVED[what as SavedWhat] : undefined;
}
