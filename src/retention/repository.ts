// Retention's SQL: the declined referrals the report reads (references and dates only), and a legal hold
// set on a referral the viewer may see (referralScope).
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { referrals } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

/**
 * Referral records whose care has ended (declined at screening), oldest decision first. Restricted records
 * are left to their site's managers: even a reference would tell that they exist.
 */
export async function declinedReferrals(db: Queryable) {
  const rows = await db
    .select({
      reference: referrals.reference,
      site: referrals.siteCode,
      retentionClass: referrals.retentionClass,
      decidedAt: referrals.decidedAt,
      legalHold: referrals.legalHold,
    })
    .from(referrals)
    .where(and(eq(referrals.status, 'declined'), isNotNull(referrals.decidedAt), eq(referrals.restricted, false)))
    .orderBy(asc(referrals.decidedAt));
  return rows.flatMap(({ decidedAt, ...r }) => (decidedAt ? [{ ...r, decidedAt }] : []));
}

/** The referral's site, if the viewer may see it. */
export async function findVisibleReferral(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<{ id: string; siteCode: string } | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ id: referrals.id, siteCode: referrals.siteCode })
    .from(referrals)
    .where(and(eq(referrals.id, id), referralScope(viewer)));
  return row;
}

export async function setLegalHold(db: Queryable, id: string, legalHold: boolean, now: Date): Promise<void> {
  await db.update(referrals).set({ legalHold, updatedAt: now }).where(eq(referrals.id, id));
}
