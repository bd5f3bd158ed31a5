// The retention report (for admins: references and dates only, no personal data) and legal holds (set by
// the site's managers, who can see the record). Who may is access/policies/retention.ts.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
import * as repo from './repository.ts';
import { dueForReview, RETENTION_CLASSES, reviewDueOn } from './rules.ts';

export function createRetentionService({ clock }: { clock: Clock }) {
  return {
    /** Declined referral records that fall due for review by `today`, and any on legal hold. */
    async dueForReview(db: Queryable, viewer: Viewer, today: string) {
      authorize(viewer, 'viewRetentionReport');
      const rows = await repo.declinedReferrals(db);
      await recordAudit(db, { actor: actorOf(viewer), action: 'retention.report_viewed', details: { today } }, clock());
      return rows
        .map((r) => {
          const record = {
            retentionClass: r.retentionClass,
            careEndedOn: r.decidedAt.toISOString().slice(0, 10),
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
      const row = await repo.findVisibleReferral(db, viewer, id);
      if (!row) throw new NotFound();
      authorize(viewer, 'setLegalHold', { siteCode: row.siteCode });
      const now = clock();
      await repo.setLegalHold(db, id, legalHold, now);
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

export type RetentionService = ReturnType<typeof createRetentionService>;
