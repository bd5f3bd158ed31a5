// API.md `Idempotency-Key`: a repeat with the same key answers with the first response (status, body and
// headers) without running the handler again, and stores nothing new. A key belongs to one user and one
// request: reused for another method, path or body it gets 422, never another request's answer (the IETF
// draft "The Idempotency-Key HTTP Header Field", section 2.7). The key is claimed at the start of the
// transaction that does the write and kept with it, so a crash never leaves one without the other, and a
// second request with the same key waits on the claim and then answers as the first did.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/client.ts';
import { canonicalJson } from '../audit/canonicalJson.ts';
import { HttpError } from './errors.ts';
import { claimKey, storeAnswer, storedAnswer, type StoredAnswer as Stored } from './idempotencyRepository.ts';

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

function reusedKey(): HttpError {
  return new HttpError(422, 'This Idempotency-Key was used for a different request', [
    { field: 'Idempotency-Key', message: 'Already used for a different request (method, path or body)' },
  ]);
}

export async function runIdempotent(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  work: (tx: Tx) => Promise<ApiResult>,
): Promise<FastifyReply> {
  const send = (r: ApiResult) =>
    reply
      .status(r.status)
      .headers(r.headers ?? {})
      .send(r.body);
  const key = req.headers['idempotency-key'];
  if (key === undefined) return send(await db.transaction(work));
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new HttpError(400, 'Idempotency-Key must be 1 to 200 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'Must be 1 to 200 visible ASCII characters' },
    ]);
  }
  // The request as sent: method, the path and query it named (not the route's pattern), and the body.
  const route = `${req.method} ${req.url.split('?')[0]}`;
  const requestHash = createHash('sha256')
    .update(`${req.method} ${req.url}`)
    .update('\n')
    .update(canonicalJson(req.body ?? null))
    .digest('hex');

  /** The first answer, as it was sent; never the handler again. */
  const replay = (stored: Stored): FastifyReply => {
    if (stored.requestHash !== requestHash) throw reusedKey();
    return reply
      .status(stored.statusCode)
      .headers(JSON.parse(stored.responseHeaders) as Record<string, string>)
      .header('idempotent-replayed', 'true')
      .type('application/json')
      .send(stored.responseBody);
  };

  // The claim is the first statement of the write's transaction, with no read of the store before it: a key
  // already answered fails its claim at once (and one still being answered, when that commits), and is then
  // answered from the store, so a first request pays for no look-up it does not need.
  const result = await db.transaction(async (tx) => {
    // Another request with this key committed before or while this one waited on its claim: answer as it did.
    if (!(await claimKey(tx, { userId, key, route, requestHash, at: new Date() }))) return undefined;
    const r = await work(tx);
    await storeAnswer(tx, userId, key, r);
    return r;
  });
  if (result) return send(result);
  const first = await storedAnswer(db, userId, key);
  if (!first) throw new HttpError(409, 'A request with this Idempotency-Key was being handled: send it again');
  return replay(first);
}
