import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { apiTokens, users, userSites } from '../db/schema.ts';
import { isRole, type Role, type Viewer } from '../access/viewer.ts';

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

async function viewerWhere(db: Queryable, where: SQL, asOf: Date): Promise<Viewer | undefined> {
  const [row] = await db
    .select({
      user: users,
      sites: sql<
        string[]
      >`coalesce((select array_agg(${userSites.siteCode} order by ${userSites.siteCode}) from ${userSites} where ${userSites.userId} = ${users.id}), '{}')`,
    })
    .from(users)
    .where(where);
  if (!row || row.user.disabledAt) return undefined;
  const { user } = row;
  const role = user.role;
  if (!isRole(role)) return undefined;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    organisation: user.organisation,
    siteCodes: [...row.sites],
    asOf,
  };
}

/** The viewer for an enabled user, with their sites, in one query; undefined for unknown or disabled users. */
export function loadViewer(db: Queryable, userId: string, asOf: Date = new Date()): Promise<Viewer | undefined> {
  return viewerWhere(db, eq(users.id, userId), asOf);
}

/** The viewer an API token belongs to (token, user and sites in one query), if the token is live. */
export function viewerForTokenHash(db: Queryable, tokenHash: string, asOf: Date): Promise<Viewer | undefined> {
  return viewerWhere(
    db,
    sql`${users.id} = (select ${apiTokens.userId} from ${apiTokens} where ${apiTokens.tokenHash} = ${tokenHash} and ${apiTokens.revokedAt} is null)`,
    asOf,
  );
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
