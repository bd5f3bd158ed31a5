// The retention report (for admins: references and dates only, no personal data) and legal holds
// (set by the site's managers, who can see the record).
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { referrals } from '../db/schema.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { findVisibleReferral } from '../referrals/repository.ts';
import { dueForReview, RETENTION_CLASSES, reviewDueOn } from './retention.ts';

export function createRetentionService({ clock }: Core) {
  return {
    /**
     * Referral records whose care has ended (declined at screening) and that fall due by `today`.
     * Restricted records are left to their site's managers: even a reference would tell that they exist.
     */
    async dueForReview(db: Queryable, viewer: Viewer, today: string) {
      if (viewer.role !== 'admin') throw new Forbidden('The retention report is for admins');
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
      await recordAudit(db, { actor: actorOf(viewer), action: 'retention.report_viewed', details: { today } }, clock());
      return rows
        .map((r) => {
          const record = {
            retentionClass: r.retentionClass,
            careEndedOn: r.decidedAt!.toISOString().slice(0, 10),
            legalHold: r.legalHold,
          };
          return {
            reference: r.reference,
            site: r.site,
            retentionClass: r.retentionClass,
            classLabel: RETENTION_CLASSES[r.retentionClass]?.label ?? r.retentionClass,
            careEndedOn: record.careEndedOn,
            reviewDueOn: reviewDueOn(record),
            legalHold: r.legalHold,
            due: dueForReview(record, today),
          };
        })
        .filter((r) => r.due || r.legalHold);
    },

    async setLegalHold(db: Queryable, viewer: Viewer, id: string, legalHold: boolean, reason: string) {
      const row = await findVisibleReferral(db, viewer, id);
      if (!row) throw new NotFound();
      if (viewer.role !== 'manager' || !viewer.siteCodes.includes(row.siteCode))
        throw new Forbidden('Only the site’s managers can place or lift a legal hold');
      const now = clock();
      await db.update(referrals).set({ legalHold, updatedAt: now }).where(eq(referrals.id, id));
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: legalHold ? 'referral.legal_hold_placed' : 'referral.legal_hold_lifted',
          recordType: 'referral',
          recordId: id,
          details: { reason },
        },
        now,
      );
    },
  };
}
