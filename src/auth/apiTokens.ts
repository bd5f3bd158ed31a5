// API bearer tokens: shown once, stored as a SHA-256 hash. Each has a name saying what it is for, expires
// (90 days unless asked otherwise), keeps when it was last used to the minute, and can be revoked. Disabling a
// user, ending their sessions or resetting their two-factor authentication revokes all of theirs for good.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import { newSecret, sha256 } from './secrets.ts';
import {
  insertApiToken,
  liveTokenUserId,
  recordApiTokenUse,
  revokeApiTokens,
  tokensOfUser,
  type ApiTokenRow,
} from './apiTokenRepository.ts';
import {
  expiryFor,
  LAST_USED_RESOLUTION_MS,
  lastUseWorthRecording,
  tokenStatus,
  type RevokedReason,
  type TokenStatus,
} from './apiTokenRules.ts';

const PREFIX = 'rct_';

export interface IssueOptions {
  name?: string;
  expiresAt?: Date;
}

export interface IssuedToken {
  id: string;
  token: string;
  name: string;
  expiresAt: Date;
}

export async function issueApiToken(
  db: Queryable,
  userId: string,
  now: Date,
  options: IssueOptions = {},
): Promise<IssuedToken> {
  const token = PREFIX + newSecret();
  const id = randomUUID();
  const name = options.name ?? `Issued ${now.toISOString().slice(0, 10)}`;
  const expiresAt = options.expiresAt ?? expiryFor(now);
  await insertApiToken(db, { id, userId, tokenHash: sha256(token), name, createdAt: now, expiresAt });
  return { id, token, name, expiresAt };
}

/** The stored form of a token, or undefined for something that cannot be one of ours. */
export function tokenHashOf(token: string): string | undefined {
  return token.startsWith(PREFIX) && token.length <= 200 ? sha256(token) : undefined;
}

export async function userIdForToken(
  db: Queryable,
  token: string,
  now: Date = new Date(),
): Promise<string | undefined> {
  const hash = tokenHashOf(token);
  return hash ? liveTokenUserId(db, hash, now) : undefined;
}

/** What anyone may be shown of a token: never its secret or its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  status: TokenStatus;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export function presentApiToken(row: ApiTokenRow, now: Date): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    status: tokenStatus(row, now),
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
  };
}

export async function listApiTokens(db: Queryable, userId: string, now: Date): Promise<ApiTokenView[]> {
  return (await tokensOfUser(db, userId)).map((row) => presentApiToken(row, now));
}

/** Revokes one of a user's tokens; false when the user has no such token, or it was revoked already. */
export async function revokeApiToken(db: Queryable, userId: string, tokenId: string, now: Date): Promise<boolean> {
  return (await revokeApiTokens(db, { userId, ids: [tokenId] }, 'revoked', now)).length === 1;
}

/** Revokes every token a user has (disable, end sessions, reset two-factor); returns the ids revoked. */
export function revokeAllApiTokens(db: Queryable, userId: string, reason: RevokedReason, now: Date): Promise<string[]> {
  return revokeApiTokens(db, { userId }, reason, now);
}

/** Notes that a token was used, writing at most once a minute per token. */
export async function noteApiTokenUse(
  db: Queryable,
  token: { id: string; lastUsedAt: Date | null },
  now: Date,
): Promise<void> {
  if (!lastUseWorthRecording(token.lastUsedAt, now)) return;
  await recordApiTokenUse(db, token.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS + 1));
}
