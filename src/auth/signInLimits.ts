// Rate limits on signing in (ASVS 5.0 V6.3.1, anti-automation), two buckets per attempt: one for the account
// (an attacker spread over many addresses still gets few guesses at it) and one for the client address (one
// address cannot spray guesses over many accounts). The client address is the socket's, or the one the load
// balancer reports when TRUST_PROXY names it (config.ts), so that behind a proxy one client does not block
// everyone. Only real attempts count: the limiter runs after the CSRF check, so a request without a valid
// token never reaches it, and a request without a username is answered without checking anything.
// The counts are kept in this process's memory, per process; the per-account lockout (lockout.ts) is the
// limit that holds across processes.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { HttpError } from '../http/errors.ts';

export const SIGN_IN_LIMITS = {
  perAccount: { max: 10, minutes: 1 },
  perClient: { max: 30, minutes: 1 },
} as const;

export const TOO_MANY_ATTEMPTS = 'There have been too many attempts to sign in. Wait a minute, then try again.';

/**
 * A preHandler that counts this request against its account and its client, and answers 429 (with
 * Retry-After) when either is over its limit. `accountOf` names the account the attempt is for, or
 * undefined when the request is not an attempt at all.
 */
export function attemptLimiter(
  app: FastifyInstance,
  name: string,
  accountOf: (req: FastifyRequest) => string | undefined,
): preHandlerAsyncHookHandler {
  const perAccount = app.createRateLimit({
    max: SIGN_IN_LIMITS.perAccount.max,
    timeWindow: SIGN_IN_LIMITS.perAccount.minutes * 60_000,
    keyGenerator: (req) => `${name}:account:${accountOf(req) ?? ''}`,
  });
  const perClient = app.createRateLimit({
    max: SIGN_IN_LIMITS.perClient.max,
    timeWindow: SIGN_IN_LIMITS.perClient.minutes * 60_000,
    keyGenerator: (req) => `${name}:client:${req.ip}`,
  });
  return async (req, reply) => {
    if (!accountOf(req)) return;
    const results = await Promise.all([perAccount(req), perClient(req)]);
    const exceeded = results.filter((r) => !r.isAllowed && r.isExceeded);
    if (!exceeded.length) return;
    const wait = Math.max(...exceeded.map((r) => (r.isAllowed ? 0 : r.ttlInSeconds)));
    req.log.warn({ limit: name, by: exceeded.map((r) => r.key.split(':')[1]) }, 'sign-in attempts over the limit');
    reply.header('retry-after', String(wait));
    throw new HttpError(429, TOO_MANY_ATTEMPTS);
  };
}

/** The account a password sign-in is for: its email as it is looked up, or undefined when none was given. */
export function signInAccountOf(req: FastifyRequest): string | undefined {
  const email = (req.body as Record<string, unknown> | undefined)?.email;
  if (typeof email !== 'string') return undefined;
  const key = email.trim().toLowerCase().slice(0, 320);
  return key || undefined;
}
