// What every answer and every API request body must be, whatever the route.
// - Pages and API answers carry `Cache-Control: no-store`: they hold personal and health data that no
//   browser, proxy or shared cache may keep (ASVS 5.0 V14.3.2, V14.2.2). Static assets keep their own caching.
// - The API reads JSON only: a body of any other type (form-encoded, text, XML) is 415 before any parser
//   or handler sees it, as docs/security.md says (ASVS 5.0 V2.2.1: only the expected structure accepted).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiRequest } from './errorHandling.ts';
import { HttpError } from './errors.ts';

const STATIC_PREFIXES = ['/nhsuk/', '/static/'];

export function isStaticAsset(url: string): boolean {
  return STATIC_PREFIXES.some((prefix) => url.startsWith(prefix));
}

function hasBody(req: FastifyRequest): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** Registered after authentication, so a request without credentials is still told to sign in (401). */
export function registerTransportRules(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (!isApiRequest(req) || !hasBody(req)) return;
    const media = mediaTypeOf(req.headers['content-type']);
    // The FHIR facade also reads its own media type (FHIR R4 http.html#mime-type).
    if (media !== 'application/json' && !(media === 'application/fhir+json' && req.url.startsWith('/fhir/'))) {
      throw new HttpError(415, 'Send JSON with Content-Type: application/json', [
        { field: 'body', message: 'Send JSON with Content-Type: application/json' },
      ]);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!isStaticAsset(req.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
