import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { apiTokens, users, userSites } from '../db/schema.ts';
import { isRole, type Role, type Viewer } from '../access/viewer.ts';
import { noteApiTokenUse } from './apiTokens.ts';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisation?: string | null;
  siteCodes: string[];
  passwordHash: string;
}

export async function insertUser(db: Queryable, user: NewUser, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insert(users).values({
    id,
    email: user.email.trim(),
    name: user.name.trim(),
    role: user.role,
    organisation: user.organisation ?? null,
    passwordHash: user.passwordHash,
    createdAt: now,
  });
  if (user.siteCodes.length)
    await db.insert(userSites).values(user.siteCodes.map((siteCode) => ({ userId: id, siteCode })));
  return id;
}

export async function findUserByEmail(db: Queryable, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return row;
}

const sitesOfUser = sql<
  string[]
>`coalesce((select array_agg(${userSites.siteCode} order by ${userSites.siteCode}) from ${userSites} where ${userSites.userId} = ${users.id}), '{}')`;

function toViewer(row: { user: typeof users.$inferSelect; sites: string[] } | undefined, asOf: Date) {
  if (!row || row.user.disabledAt) return undefined;
  const { user } = row;
  const role = user.role;
  if (!isRole(role)) return undefined;
  const viewer: Viewer = {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    organisation: user.organisation,
    siteCodes: [...row.sites],
    asOf,
  };
  return viewer;
}

async function viewerWhere(db: Queryable, where: SQL, asOf: Date): Promise<Viewer | undefined> {
  const [row] = await db.select({ user: users, sites: sitesOfUser }).from(users).where(where);
  return toViewer(row, asOf);
}

/** The viewer for an enabled user, with their sites, in one query; undefined for unknown or disabled users. */
export function loadViewer(db: Queryable, userId: string, asOf: Date = new Date()): Promise<Viewer | undefined> {
  return viewerWhere(db, eq(users.id, userId), asOf);
}

/**
 * The viewer an API token belongs to (token, user and sites in one query), if the token is neither revoked nor
 * expired and its user is enabled. The token's last use is written at most once a minute.
 */
export async function viewerForTokenHash(db: Queryable, tokenHash: string, asOf: Date): Promise<Viewer | undefined> {
  const [row] = await db
    .select({ user: users, sites: sitesOfUser, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, asOf)));
  const viewer = toViewer(row, asOf);
  if (viewer && row) await noteApiTokenUse(db, { id: row.tokenId, lastUsedAt: row.lastUsedAt }, asOf);
  return viewer;
}

/** The enabled managers of a site: who is told of what happens to its need-to-know records. */
export async function siteManagerIds(db: Queryable, siteCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteCode, siteCode), eq(users.role, 'manager'), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}
