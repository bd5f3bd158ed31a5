// Record ids in paths are UUIDs; anything else names nothing (404), never a database error.
// Every path parameter the app uses is named in `pathParams`, and every route checks its parameters
// against it before anything else runs (ASVS 5.0 V2.2.1, V2.2.2: input validated against an allow-list at a
// trusted layer): a route with a parameter not named here fails at start-up, so none goes unchecked.
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { NotFound } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A record's id: the database's uuid, in any case, nothing around it. */
export const recordId = z.string().regex(UUID, 'Must be an id from the API');
/** A word from a fixed list (an assessment domain, a checklist item, a form step): checked by its handler. */
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

/** Every path parameter of every route, by name. */
export const pathParams = z.object({
  id: recordId,
  grantId: recordId,
  coWorkerId: recordId,
  goalId: recordId,
  actionId: recordId,
  memberId: recordId,
  partnerId: recordId,
  personId: recordId,
  tokenId: recordId,
  contactId: recordId,
  /** An assessment's number: 1, 2, ... */
  number: z.string().regex(/^[1-9]\d{0,5}$/),
  domain: slug,
  item: slug,
  slug,
});
type ParamName = keyof z.infer<typeof pathParams>;

const KNOWN = new Set<string>(Object.keys(pathParams.shape));

/** The parameter names in a route's path (`/episodes/:id/co-workers/:coWorkerId` → id, coWorkerId). */
export function paramNamesOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

function checkerFor(names: ParamName[]): onRequestAsyncHookHandler {
  const schema = pathParams.pick(Object.fromEntries(names.map((n) => [n, true])) as Record<ParamName, true>);
  return async (req: FastifyRequest) => {
    if (!schema.safeParse(req.params).success) throw new NotFound();
  };
}

/**
 * Adds the check to every route registered after it, as that route's first own `onRequest` hook: after
 * who is asking is known (a 401 stays a 401), before the body is read, CSRF is checked or any handler runs.
 * A malformed id is a 404 on the API and the NHS "Page not found" page elsewhere (errorHandling.ts).
 */
export function registerPathParamValidation(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const names = paramNamesOf(route.url);
    if (names.length === 0) return;
    const unknown = names.filter((n) => !KNOWN.has(n));
    if (unknown.length) {
      throw new Error(`Route ${route.url}: name the path parameter ${unknown.join(', ')} in http/ids.ts pathParams`);
    }
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [checkerFor(names as ParamName[]), ...existing];
  });
}
