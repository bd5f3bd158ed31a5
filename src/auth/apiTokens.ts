// API bearer tokens: shown once, stored as a SHA-256 hash.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { apiTokens } from '../db/schema.ts';
import { newSecret, sha256 } from './secrets.ts';

const PREFIX = 'rct_';

export async function issueApiToken(db: Queryable, userId: string, now: Date): Promise<{ id: string; token: string }> {
  const token = PREFIX + newSecret();
  const id = randomUUID();
  await db.insert(apiTokens).values({ id, userId, tokenHash: sha256(token), createdAt: now });
  return { id, token };
}

/** The stored form of a token, or undefined for something that cannot be one of ours. */
export function tokenHashOf(token: string): string | undefined {
  return token.startsWith(PREFIX) && token.length <= 200 ? sha256(token) : undefined;
}

export async function userIdForToken(db: Queryable, token: string): Promise<string | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const [row] = await db
    .select({ userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  return row?.userId;
}
