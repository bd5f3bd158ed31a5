// SQL for screening decisions: the referral as the screener may see it, the decision itself (only if the
// version is still the one they read), and the question a decision asks the referrer.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { informationRequests, referrals } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { isUuid } from '../http/ids.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';

export type ReferralRow = typeof referrals.$inferSelect;

export async function findVisibleReferral(db: Queryable, viewer: Viewer, id: string): Promise<ReferralRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.id, id), referralScope(viewer)));
  return row;
}

export function recordDecision(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<ReferralRow>,
): Promise<ReferralRow | undefined> {
  return updateIfVersion(db, referrals, id, expectedVersion, changes);
}

export async function askReferrer(
  db: Queryable,
  question: { referralId: string; question: string; askedBy: string; askedAt: Date },
): Promise<void> {
  await db.insert(informationRequests).values({ id: randomUUID(), ...question });
}
