// Helmet's response headers (CSP with a per-response nonce, HSTS, Referrer-Policy and helmet's defaults) on every
// answer. The same headers @fastify/helmet with `enableCSPNonces` set, without its per-request cost: that plugin
// calls `helmet(options)` on every request (@fastify/helmet 13 index.js, buildHelmetOnRoutes), so helmet parses
// and validates the whole policy again each time. Here helmet is built once, and the nonces reach the policy
// through helmet's function-valued directives (helmet 8 README, "Content-Security-Policy": a directive value may
// be a function of the request and response).
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export interface CspNonce {
  script: string;
  style: string;
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * This response's CSP nonces, as @fastify/helmet named them (a page's inline script carries `script`); null
     * for an answer sent before the request hooks ran (a malformed request).
     */
    cspNonce: CspNonce | null;
  }
}

type Directives = Record<string, Iterable<string> | null>;

export function registerSecurityHeaders(
  app: FastifyInstance,
  directives: Directives,
  others: Omit<HelmetOptions, 'contentSecurityPolicy'>,
): void {
  const nonces = new WeakMap<ServerResponse, CspNonce>();
  const nonceOf = (key: keyof CspNonce) => (_req: unknown, res: ServerResponse) => `'nonce-${nonces.get(res)?.[key]}'`;
  const headers = helmet({
    ...(others as HelmetOptions),
    contentSecurityPolicy: {
      directives: {
        ...directives,
        scriptSrc: [...(directives.scriptSrc ?? []), nonceOf('script')],
        styleSrc: [...(directives.styleSrc ?? []), nonceOf('style')],
      },
    },
  });
  app.decorateReply('cspNonce', null);
  app.addHook('onRequest', (req, reply, done) => {
    // 128 random bits for each nonce (CSP Level 3 §2.3.1 asks for at least 128), both from one call.
    const random = randomBytes(32).toString('hex');
    const nonce = { script: random.slice(0, 32), style: random.slice(32) };
    reply.cspNonce = nonce;
    nonces.set(reply.raw, nonce);
    headers(req.raw, reply.raw, (error?: unknown) => {
      done(error as Error | undefined);
    });
  });
}
