// SQL for in-app notices.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { notifications, userSites, users } from '../db/schema.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/** The user's unread notifications, as one scalar subquery for the navigation's counts (web/navCounts.ts). */
export function unreadCountSql(userId: string): SQL {
  return sql`(select count(*)::int from ${notifications}
    where ${and(eq(notifications.userId, userId), isNull(notifications.readAt))})`;
}

export function listFor(db: Queryable, userId: string): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.at))
    .limit(100);
}

export async function markAllRead(db: Queryable, userId: string, now: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function insertNotices(
  db: Queryable,
  userIds: readonly string[],
  notice: { at: Date; kind: string; message: string; link: string },
): Promise<void> {
  if (userIds.length)
    await db.insert(notifications).values(userIds.map((userId) => ({ id: randomUUID(), userId, ...notice })));
}

/** The enabled managers of a site: who is told what happens to its need-to-know records. */
export async function siteManagerIds(db: Queryable, siteCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteCode, siteCode), eq(users.role, 'manager'), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

/** A user's email address, or undefined for an account that is disabled or gone. */
export async function emailAddressOf(db: Queryable, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId));
  return row && !row.disabledAt ? row.email : undefined;
}
