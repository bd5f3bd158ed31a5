// All the SQL of API tokens. Nothing here reads or returns a token's secret: only its hash is stored.
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { apiTokens, users } from '../db/schema.ts';
import type { RevokedReason } from './apiTokenRules.ts';

export interface NewApiToken {
  id: string;
  userId: string;
  tokenHash: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ApiTokenRow {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
}

const columns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
  revokedReason: apiTokens.revokedReason,
};

export async function insertApiToken(db: Queryable, token: NewApiToken): Promise<void> {
  await db.insert(apiTokens).values(token);
}

/** A user's tokens, newest first. */
export function tokensOfUser(db: Queryable, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select(columns)
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
}

/** Every token with its user's email, for the command line; or one user's. */
export function tokensWithEmail(db: Queryable, userId?: string): Promise<(ApiTokenRow & { email: string })[]> {
  return db
    .select({ ...columns, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId ? eq(apiTokens.userId, userId) : undefined)
    .orderBy(asc(users.email), asc(apiTokens.createdAt), asc(apiTokens.id));
}

/** How many live tokens each user has, for the users list. */
export async function liveTokenCounts(db: Queryable, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: apiTokens.userId, count: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .groupBy(apiTokens.userId);
  return new Map(rows.map((r) => [r.userId, r.count]));
}

export async function findApiToken(db: Queryable, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select(columns).from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

/** Revokes the given tokens that are not revoked already; returns the ids it revoked. */
export async function revokeApiTokens(
  db: Queryable,
  where: { userId: string; ids?: string[] },
  reason: RevokedReason,
  now: Date,
): Promise<string[]> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(
        eq(apiTokens.userId, where.userId),
        isNull(apiTokens.revokedAt),
        where.ids ? inArray(apiTokens.id, where.ids) : undefined,
      ),
    )
    .returning({ id: apiTokens.id });
  return rows.map((r) => r.id).sort();
}

/** Records a use, unless one was recorded since `since` (by this request's twin, a moment ago). */
export async function recordApiTokenUse(db: Queryable, id: string, now: Date, since: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, since))));
}

/** The user of a token that is neither revoked nor expired at `now`. */
export async function liveTokenUserId(db: Queryable, tokenHash: string, now: Date): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
  return row?.userId;
}
