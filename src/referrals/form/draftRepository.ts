// A referrer's drafts: each is read and changed only with its owner's id in the statement, so one referrer
// never reaches another's draft, and a sent draft takes no more answers.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { referralDrafts } from '../../db/schema.ts';
import type { Data } from './fieldCodec.ts';

export type DraftRow = typeof referralDrafts.$inferSelect;

const mine = (id: string, userId: string) => and(eq(referralDrafts.id, id), eq(referralDrafts.userId, userId));

export async function insertDraft(db: Queryable, userId: string, data: Data, now: Date): Promise<DraftRow> {
  const [row] = await db
    .insert(referralDrafts)
    .values({ id: randomUUID(), userId, data, version: 1, updatedAt: now })
    .returning();
  if (!row) throw new Error('The draft was not stored');
  return row;
}

export async function findDraft(db: Queryable, id: string, userId: string): Promise<DraftRow | undefined> {
  const [row] = await db.select().from(referralDrafts).where(mine(id, userId));
  return row;
}

/** The latest 20 drafts not yet sent. */
export function unsentDrafts(db: Queryable, userId: string): Promise<DraftRow[]> {
  return db
    .select()
    .from(referralDrafts)
    .where(and(eq(referralDrafts.userId, userId), isNull(referralDrafts.sentReferralId)))
    .orderBy(desc(referralDrafts.updatedAt))
    .limit(20);
}

/** Saves over the version read; undefined when it changed meanwhile or the draft was sent. */
export async function saveDraft(
  db: Queryable,
  change: { id: string; userId: string; data: Data; expectedVersion: number; now: Date },
): Promise<DraftRow | undefined> {
  const [row] = await db
    .update(referralDrafts)
    .set({ data: change.data, version: sql`${referralDrafts.version} + 1`, updatedAt: change.now })
    .where(
      and(
        mine(change.id, change.userId),
        eq(referralDrafts.version, change.expectedVersion),
        isNull(referralDrafts.sentReferralId),
      ),
    )
    .returning();
  return row;
}

/** Clears the answers and remembers the referral; false when it was already sent. */
export async function markDraftSent(
  db: Queryable,
  change: { id: string; userId: string; referralId: string; now: Date },
): Promise<boolean> {
  const done = await db
    .update(referralDrafts)
    .set({
      data: {},
      sentReferralId: change.referralId,
      version: sql`${referralDrafts.version} + 1`,
      updatedAt: change.now,
    })
    .where(and(mine(change.id, change.userId), isNull(referralDrafts.sentReferralId)))
    .returning({ id: referralDrafts.id });
  return done.length > 0;
}

export async function deleteDraft(db: Queryable, id: string, userId: string): Promise<void> {
  await db.delete(referralDrafts).where(mine(id, userId));
}
