import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { apiTokens, sessions, users, userSites } from '../db/schema.ts';
import { isRole, type Role, type Viewer } from '../access/viewer.ts';
import { noteApiTokenUse } from './apiTokens.ts';
import { AFTER_CODE_SUCCESS, AFTER_SUCCESS, afterCodeFailure, afterFailure } from './lockout.ts';

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

/** The user an identity provider's issuer and subject are linked to, if any. */
export async function findUserByOidcIdentity(db: Queryable, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)));
  return row;
}

/** Links an issuer and subject to a user who has none yet; false when the user is already linked. */
export async function linkOidcIdentity(db: Queryable, userId: string, issuer: string, subject: string) {
  const linked = await db
    .update(users)
    .set({ oidcIssuer: issuer, oidcSubject: subject })
    .where(and(eq(users.id, userId), isNull(users.oidcSubject)))
    .returning({ id: users.id });
  return linked.length === 1;
}

export async function findUserById(db: Queryable, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
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

/**
 * A session's row with its user as a viewer (undefined for a disabled user), in one query: every signed-in
 * page starts with it (authentication.ts), so the session and the viewer are one round trip, not two.
 */
export async function findSessionWithViewer(
  db: Queryable,
  idHash: string,
  asOf: Date,
): Promise<{ session: typeof sessions.$inferSelect; viewer: Viewer | undefined } | undefined> {
  let lookUp = preparedSessionLookUps.get(db);
  if (!lookUp) preparedSessionLookUps.set(db, (lookUp = prepareSessionLookUp(db)));
  const [row] = await lookUp.execute({ idHash });
  return row ? { session: row.session, viewer: toViewer(row, asOf) } : undefined;
}

/** Prepared once per database handle, as the token look-up is: every signed-in page starts with it. */
function prepareSessionLookUp(db: Queryable) {
  return db
    .select({ session: sessions, user: users, sites: sitesOfUser })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .prepare('session_with_viewer');
}
const preparedSessionLookUps = new WeakMap<Queryable, ReturnType<typeof prepareSessionLookUp>>();

/** The viewer for an enabled user, with their sites, in one query; undefined for unknown or disabled users. */
export function loadViewer(db: Queryable, userId: string, asOf: Date = new Date()): Promise<Viewer | undefined> {
  return viewerWhere(db, eq(users.id, userId), asOf);
}

/**
 * The viewer an API token belongs to (token, user and sites in one query), if the token is neither revoked nor
 * expired and its user is enabled. The token's last use is written at most once a minute.
 */
export async function viewerForTokenHash(db: Queryable, tokenHash: string, asOf: Date): Promise<Viewer | undefined> {
  let lookUp = preparedTokenLookUps.get(db);
  if (!lookUp) preparedTokenLookUps.set(db, (lookUp = prepareTokenLookUp(db)));
  const [row] = await lookUp.execute({ tokenHash, asOf });
  const viewer = toViewer(row, asOf);
  if (viewer && row) await noteApiTokenUse(db, { id: row.tokenId, lastUsedAt: row.lastUsedAt }, asOf);
  return viewer;
}

/**
 * Every API request looks its token up, so the look-up is prepared once per database handle (on PostgreSQL a
 * named statement, parsed and planned once per connection).
 */
function prepareTokenLookUp(db: Queryable) {
  return db
    .select({ user: users, sites: sitesOfUser, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        isNull(apiTokens.revokedAt),
        gt(apiTokens.expiresAt, sql.placeholder('asOf')),
      ),
    )
    .prepare('viewer_for_token_hash');
}
const preparedTokenLookUps = new WeakMap<Queryable, ReturnType<typeof prepareTokenLookUp>>();

/** The enabled managers of a site: who is told of what happens to its need-to-know records. */
export async function siteManagerIds(db: Queryable, siteCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteCode, siteCode), eq(users.role, 'manager'), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

/** What counting a failure did: the lock now in force, and whether this failure started it. */
export interface CountedFailure {
  lockedUntil: Date | null;
  newlyLocked: boolean;
}

/**
 * Counts a wrong password or code against the row as it is now, read for update inside the caller's
 * transaction, so that parallel attempts each count instead of all writing the same stale number.
 */
export async function countFailure(
  tx: Queryable,
  userId: string,
  kind: 'password' | 'code',
  now: Date,
): Promise<CountedFailure> {
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!row) return { lockedUntil: null, newlyLocked: false };
  if (kind === 'password') {
    const next = afterFailure(row, now);
    await tx.update(users).set(next).where(eq(users.id, userId));
    const wasLocked = !!row.lockedUntil && row.lockedUntil > now;
    return { lockedUntil: next.lockedUntil, newlyLocked: !!next.lockedUntil && !wasLocked };
  }
  const next = afterCodeFailure(row, now);
  await tx.update(users).set(next).where(eq(users.id, userId));
  const wasLocked = !!row.codesLockedUntil && row.codesLockedUntil > now;
  return { lockedUntil: next.codesLockedUntil, newlyLocked: !!next.codesLockedUntil && !wasLocked };
}

/**
 * Claims a TOTP time step for the user: true only for the first caller with a step later than the last one
 * used. One conditional UPDATE, so of several parallel sign-ins with one code exactly one wins (ASVS 5.0 V6.6.3).
 */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return claimed.length === 1;
}

/** After a correct password (and, with `codes`, a correct second factor): the failure counts start again. */
export async function clearSignInFailures(db: Queryable, userId: string, codes: boolean): Promise<void> {
  await db
    .update(users)
    .set(codes ? { ...AFTER_SUCCESS, ...AFTER_CODE_SUCCESS } : AFTER_SUCCESS)
    .where(eq(users.id, userId));
}

/** Keeps a TOTP secret that is not confirmed yet, so a code scanned a moment ago still works after a reload. */
export async function keepTotpSecret(db: Queryable, userId: string, secret: string): Promise<void> {
  await db.update(users).set({ totpSecret: secret }).where(eq(users.id, userId));
}

export async function enableTotp(db: Queryable, userId: string, now: Date, step: number): Promise<void> {
  await db.update(users).set({ totpEnabledAt: now, totpLastStep: step }).where(eq(users.id, userId));
}

export async function setUserRole(db: Queryable, userId: string, role: Role): Promise<void> {
  await db.update(users).set({ role }).where(eq(users.id, userId));
}
