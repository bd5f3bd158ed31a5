// The worklist digest's SQL: which items have been told already (worklist_notices), who is told (the
// sites' managers and the items' lead workers, enabled accounts only), and each item's record.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, referrals, userSites, users, worklistNotices } from '../db/schema.ts';

/**
 * Records these items of a site as told, and returns the keys this insert actually added: those are the
 * new ones (a concurrent run's keys conflict and are skipped).
 */
export async function recordNotices(
  tx: Queryable,
  siteCode: string,
  items: { itemKey: string; rule: string }[],
  now: Date,
): Promise<string[]> {
  const added = await tx
    .insert(worklistNotices)
    .values(items.map((item) => ({ itemKey: item.itemKey, siteCode, rule: item.rule, firstSeenAt: now })))
    .onConflictDoNothing()
    .returning({ itemKey: worklistNotices.itemKey });
  return added.map((a) => a.itemKey);
}

/** The enabled managers of these sites, once per site they manage. */
export function managersOf(tx: Queryable, siteCodes: readonly string[]) {
  return tx
    .select({ id: users.id, email: users.email, siteCode: userSites.siteCode })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(users.role, 'manager'), isNull(users.disabledAt), inArray(userSites.siteCode, [...siteCodes])));
}

/** The enabled users among these ids, with their email address. */
export async function enabledUsers(tx: Queryable, ids: readonly string[]): Promise<{ id: string; email: string }[]> {
  if (!ids.length) return [];
  return tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.id, [...ids]), isNull(users.disabledAt)));
}

export interface DigestRecord {
  referralId: string;
  reference: string;
  restricted: boolean;
  episodeId: string | null;
  leadWorkerId: string | null;
}

/** Each item's referral: its reference, whether it is restricted, and its episode's lead worker. */
export async function recordsOf(
  tx: Queryable,
  referralIds: readonly string[],
  episodeIds: readonly string[],
): Promise<DigestRecord[]> {
  if (!referralIds.length && !episodeIds.length) return [];
  return tx
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      restricted: referrals.restricted,
      episodeId: episodes.id,
      leadWorkerId: episodes.leadWorkerId,
    })
    .from(referrals)
    .leftJoin(episodes, eq(episodes.referralId, referrals.id))
    .where(
      or(
        referralIds.length ? inArray(referrals.id, [...referralIds]) : undefined,
        episodeIds.length ? inArray(episodes.id, [...episodeIds]) : undefined,
      ),
    );
}
