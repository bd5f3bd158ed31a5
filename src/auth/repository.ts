// The auth folder's SQL for sessions, kept forms and recovery codes (users are in userRepository.ts, API
// tokens in apiTokenRepository.ts). Only hashes of session ids, form secrets and recovery codes are stored.
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { formStashes, recoveryCodes, sessions } from '../db/schema.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type FormStashRow = typeof formStashes.$inferSelect;

export async function insertSession(db: Queryable, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function touchSession(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteSessionsExpiredBefore(db: Queryable, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function deleteStashesExpiredBefore(db: Queryable, now: Date): Promise<void> {
  await db.delete(formStashes).where(lt(formStashes.expiresAt, now));
}

export async function deleteStash(db: Queryable, idHash: string): Promise<void> {
  await db.delete(formStashes).where(eq(formStashes.idHash, idHash));
}

export async function insertStash(db: Queryable, row: typeof formStashes.$inferInsert): Promise<void> {
  await db.insert(formStashes).values(row);
}

export async function findStash(db: Queryable, idHash: string): Promise<FormStashRow | undefined> {
  const [row] = await db.select().from(formStashes).where(eq(formStashes.idHash, idHash));
  return row;
}

/** Deletes the stash and says whether this caller was the one who deleted it (a form is taken back once). */
export async function takeStash(db: Queryable, idHash: string): Promise<boolean> {
  const taken = await db
    .delete(formStashes)
    .where(eq(formStashes.idHash, idHash))
    .returning({ idHash: formStashes.idHash });
  return taken.length > 0;
}

/** Replaces the user's recovery codes with these (stored as hashes). */
export async function replaceRecoveryCodes(
  db: Queryable,
  userId: string,
  codes: { id: string; codeHash: string }[],
): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codes.length) await db.insert(recoveryCodes).values(codes.map((c) => ({ ...c, userId })));
}

/** Marks an unused recovery code used; false when it is unknown or was used before. */
export async function spendRecoveryCode(db: Queryable, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const [used] = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return !!used;
}
