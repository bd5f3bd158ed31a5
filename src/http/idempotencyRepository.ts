// The stored answers of requests sent with an Idempotency-Key (http/idempotency.ts): found by user and key,
// claimed with a placeholder inside the write's transaction, and completed with the answer before it commits.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema.ts';

export type StoredAnswer = typeof idempotencyKeys.$inferSelect;

/** Written with the claim, replaced by the answer before the claim commits: no one ever reads it. */
const CLAIMED = 0;

export async function storedAnswer(db: Queryable, userId: string, key: string): Promise<StoredAnswer | undefined> {
  const [stored] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return stored;
}

/** Claims the key; false when another request holds it (this one waited on its claim, which committed). */
export async function claimKey(
  db: Queryable,
  claim: { userId: string; key: string; route: string; requestHash: string; at: Date },
): Promise<boolean> {
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({
      userId: claim.userId,
      key: claim.key,
      route: claim.route,
      requestHash: claim.requestHash,
      statusCode: CLAIMED,
      responseBody: '',
      createdAt: claim.at,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return claimed !== undefined;
}

export async function storeAnswer(
  db: Queryable,
  userId: string,
  key: string,
  answer: { status: number; body: unknown; headers?: Record<string, string> | undefined },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      statusCode: answer.status,
      responseBody: JSON.stringify(answer.body),
      responseHeaders: JSON.stringify(answer.headers ?? {}),
    })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
