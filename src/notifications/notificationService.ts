// In-app notices: what a user needs to know, shown on their notifications page and counted in the header.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { notifications } from '../db/schema.ts';
import type { Viewer } from '../access/viewer.ts';

export async function unreadCount(db: Queryable, viewer: Viewer): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function listNotifications(db: Queryable, viewer: Viewer) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, viewer.id))
    .orderBy(desc(notifications.at))
    .limit(100);
}

export async function markAllRead(db: Queryable, viewer: Viewer, now: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt)));
}

export async function notifyUsers(
  db: Queryable,
  userIds: string[],
  at: Date,
  kind: string,
  message: string,
  link: string,
): Promise<void> {
  if (userIds.length)
    await db
      .insert(notifications)
      .values(userIds.map((userId) => ({ id: randomUUID(), userId, at, kind, message, link })));
}
