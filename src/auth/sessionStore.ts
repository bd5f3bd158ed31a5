// Server-side sessions in the database (ASVS 5.0 V7): a new random id at every sign-in, an idle timeout
// and an absolute timeout, only the id's hash stored, and the row deleted on sign-out.
import { eq, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { sessions } from '../db/schema.ts';
import { newSecret, sha256 } from './secrets.ts';

export interface SessionTimeouts { idleMinutes: number; absoluteHours: number }

/** Writing last_seen_at on every request would make each page view a write; a minute's slack is enough. */
const TOUCH_AFTER_MS = 60_000;

export async function startSession(db: Queryable, userId: string, now: Date, t: SessionTimeouts): Promise<string> {
  const id = newSecret();
  await db.insert(sessions).values({
    idHash: sha256(id), userId, createdAt: now, lastSeenAt: now,
    expiresAt: new Date(now.getTime() + t.absoluteHours * 3_600_000),
  });
  return id;
}

/** The signed-in user's id, or undefined when the session is unknown, idle too long or past its end. */
export async function resumeSession(db: Queryable, id: string, now: Date, t: SessionTimeouts): Promise<string | undefined> {
  const idHash = sha256(id);
  const [row] = await db.select().from(sessions).where(eq(sessions.idHash, idHash));
  if (!row) return undefined;
  const idleDeadline = row.lastSeenAt.getTime() + t.idleMinutes * 60_000;
  if (now >= row.expiresAt || now.getTime() >= idleDeadline) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return undefined;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return row.userId;
}

export async function endSession(db: Queryable, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(id)));
}

export async function endUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(db: Queryable, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
