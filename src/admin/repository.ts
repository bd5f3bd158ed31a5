// The accounts an admin manages: every user with their sites, one user, and the changes to an account's
// standing (disabled, locks, two-factor). Sessions and API tokens have their own stores in auth/.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { recoveryCodes, users, userSites } from '../db/schema.ts';
import { isUuid } from '../http/ids.ts';

export type UserRow = typeof users.$inferSelect;

export async function usersWithSites(db: Queryable): Promise<(UserRow & { sites: string[] })[]> {
  const rows = await db.select().from(users).orderBy(asc(users.name));
  const sites = await db.select().from(userSites);
  return rows.map((u) => ({ ...u, sites: sites.filter((s) => s.userId === u.id).map((s) => s.siteCode) }));
}

export async function findUser(db: Queryable, userId: string): Promise<UserRow | undefined> {
  if (!isUuid(userId)) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user;
}

export async function setDisabled(db: Queryable, userId: string, disabledAt: Date | null): Promise<void> {
  await db.update(users).set({ disabledAt }).where(eq(users.id, userId));
}

/** Both locks: the password's and the second factor's (auth/lockout.ts). */
export async function clearLocks(db: Queryable, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, failedCodes: 0, codesLockedUntil: null })
    .where(eq(users.id, userId));
}

/** A lost phone: the secret, its recovery codes and the second factor's lock all go. */
export async function clearTwoFactor(db: Queryable, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, failedCodes: 0, codesLockedUntil: null })
    .where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
