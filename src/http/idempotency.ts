// API.md `Idempotency-Key`: a repeat with the same key and body returns the first response and stores
// nothing new; the same key with a different body gets 422. The key is stored in the same transaction
// as the write it guards, so a crash never leaves one without the other.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { canonicalJson } from '../audit/canonicalJson.ts';
import { HttpError } from './errors.ts';

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
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
  const header = req.headers['idempotency-key'];
  if (header === undefined) return send(await db.transaction(work));
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new HttpError(400, 'Idempotency-Key must be 1 to 200 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'Must be 1 to 200 visible ASCII characters' },
    ]);
  }
  const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
  const requestHash = createHash('sha256')
    .update(route)
    .update('\n')
    .update(canonicalJson(req.body ?? null))
    .digest('hex');

  const replay = async (): Promise<FastifyReply | undefined> => {
    const [stored] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, header)));
    if (!stored) return undefined;
    if (stored.requestHash !== requestHash) {
      throw new HttpError(422, 'This Idempotency-Key was used with a different request', [
        { field: 'Idempotency-Key', message: 'Already used with a different request body' },
      ]);
    }
    return reply
      .status(stored.statusCode)
      .header('idempotent-replayed', 'true')
      .type('application/json')
      .send(stored.responseBody);
  };

  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const result = await db.transaction(async (tx) => {
      const r = await work(tx);
      await tx.insert(idempotencyKeys).values({
        userId,
        key: header,
        route,
        requestHash,
        statusCode: r.status,
        responseBody: JSON.stringify(r.body),
        createdAt: new Date(),
      });
      return r;
    });
    return send(result);
  } catch (error) {
    // A concurrent request with the same key committed first: answer as it did.
    if (isUniqueViolation(error)) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}
