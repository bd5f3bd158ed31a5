// The verbs of need-to-know: restrict a record, grant access to it by name, break the glass, and see who
// has seen it. Each runs inside the caller's transaction and audits itself.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, Forbidden, HttpError, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { authorize, can } from './policy.ts';
import { isStaff } from './roles.ts';
import { restrictedFromIntake, type BreakGlassOutcome } from './rules.ts';
import * as repo from './repository.ts';
import { actorOf, type Viewer } from './viewer.ts';

/** Break-glass access lasts an hour: long enough to act in an emergency, short enough to stay exceptional. */
export const BREAK_GLASS_MINUTES = 60;
const NO_BREAK_GLASS =
  'No referral you can open with emergency access has that reference. Restricted records cannot be opened this way: ask the site’s manager.';

/** How need-to-know changes are told (notifications/service.ts provides it; declared here so access needs nothing above it). */
interface Notify {
  users(db: Queryable, userIds: readonly string[], at: Date, notice: Notice): Promise<void>;
  siteManagers(db: Queryable, siteCode: string, at: Date, notice: Notice): Promise<void>;
}
interface Notice {
  kind: string;
  message: string;
  link: string;
}

export interface AccessDeps {
  clock: Clock;
  notify: Notify;
}

/** The sites whose break-glass uses this viewer reviews. */
export function reviewSites(viewer: Viewer): string[] {
  return viewer.siteCodes.filter((siteCode) => can(viewer, 'reviewBreakGlassAt', { siteCode }));
}

export function createAccessService({ clock, notify }: AccessDeps) {
  /** A referral the viewer may see (else 404) and keeps access to (else 403). */
  async function managedReferral(db: Queryable, viewer: Viewer, id: string): Promise<repo.ReferralRow> {
    const row = await repo.findVisibleReferral(db, viewer, id);
    if (!row) throw new NotFound();
    authorize(viewer, 'manageNeedToKnow', row);
    return row;
  }

  return {
    async setRestricted(
      db: Queryable,
      viewer: Viewer,
      id: string,
      restricted: boolean,
      reason: string,
      expectedVersion: number,
    ) {
      const row = await managedReferral(db, viewer, id);
      if (!restricted && restrictedFromIntake(row.priorityGroup)) {
        throw new HttpError(
          409,
          'National security and extremism referrals (priority groups 1 and 2) are always restricted',
        );
      }
      const now = clock();
      const updated = await repo.setRestriction(db, id, expectedVersion, {
        restricted,
        restrictedReason: restricted ? reason : null,
        restrictionSource: restricted ? 'manager' : null,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await repo.addReferralEvent(db, {
        at: now,
        personId: row.personId,
        referralId: id,
        actorId: viewer.id,
        kind: restricted ? 'referral.restricted' : 'referral.unrestricted',
        summary: restricted ? 'Record restricted: need to know.' : 'Restriction lifted.',
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: restricted ? 'referral.restricted' : 'referral.unrestricted',
          recordType: 'referral',
          recordId: id,
          details: { reason, before: { restricted: row.restricted }, after: { restricted } },
        },
        now,
      );
      return updated;
    },

    async grant(
      db: Queryable,
      viewer: Viewer,
      id: string,
      input: { email: string; reason: string; expiresOn: string },
    ) {
      const row = await managedReferral(db, viewer, id);
      const grantee = await repo.findStaffByEmail(db, input.email);
      if (!grantee) {
        throw new ValidationFailed([
          { field: 'email', message: 'Enter the email address of an active practitioner or manager' },
        ]);
      }
      const now = clock();
      const expiresAt = new Date(`${input.expiresOn}T23:59:59Z`);
      if (!(expiresAt > now))
        throw new ValidationFailed([{ field: 'expiresOn', message: 'The access must end in the future' }]);
      const grantId = await repo.insertGrant(db, {
        referralId: id,
        userId: grantee.id,
        kind: 'grant',
        reason: input.reason,
        grantedBy: viewer.id,
        grantedAt: now,
        expiresAt,
      });
      await notify.users(db, [grantee.id], now, {
        kind: 'access_granted',
        message: `${viewer.name} gave you access to referral ${row.reference} until ${input.expiresOn}.`,
        link: `/referrals/${id}`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.access_granted',
          recordType: 'referral',
          recordId: id,
          details: { grantId, to: grantee.id, reason: input.reason, expiresAt },
        },
        now,
      );
      return grantId;
    },

    async revokeGrant(db: Queryable, viewer: Viewer, id: string, grantId: string) {
      await managedReferral(db, viewer, id);
      const now = clock();
      if (!(await repo.revokeGrant(db, id, grantId, now))) throw new NotFound();
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.access_revoked',
          recordType: 'referral',
          recordId: id,
          details: { grantId },
        },
        now,
      );
    },

    async grantsFor(db: Queryable, viewer: Viewer, id: string) {
      await managedReferral(db, viewer, id);
      return repo.grantsOf(db, id);
    },

    /**
     * Emergency access to an unrestricted referral at another site, found by its reference. Every refusal
     * reads the same, so the answer never tells whether a restricted record exists.
     */
    async breakGlass(db: Queryable, viewer: Viewer, reference: string, reason: string): Promise<string> {
      if (!isStaff(viewer)) throw new Forbidden('Only practitioners and managers can use emergency access');
      const row = await repo.findReferralByReference(db, reference);
      if (!row || row.restricted || viewer.siteCodes.includes(row.siteCode)) {
        throw new ValidationFailed([{ field: 'reference', message: NO_BREAK_GLASS }]);
      }
      const now = clock();
      const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
      const grantId = await repo.insertGrant(db, {
        referralId: row.id,
        userId: viewer.id,
        kind: 'break_glass',
        reason,
        grantedBy: viewer.id,
        grantedAt: now,
        expiresAt,
      });
      await notify.siteManagers(db, row.siteCode, now, {
        kind: 'break_glass',
        message: `${viewer.name} used emergency access to referral ${row.reference}: “${reason}”. Review it.`,
        link: `/break-glass/reviews/${grantId}`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.break_glass',
          recordType: 'referral',
          recordId: row.id,
          details: { reason, expiresAt, site: row.siteCode, grantId },
        },
        now,
      );
      return row.id;
    },

    /** Break-glass uses at the sites the viewer manages (unreviewed by default); the read is audited. */
    async breakGlassUses(db: Queryable, viewer: Viewer, filter: repo.BreakGlassFilter = 'unreviewed') {
      authorize(viewer, 'reviewBreakGlassUses');
      const rows = await repo.breakGlassUses(db, viewer, reviewSites(viewer), filter);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'break_glass.uses_viewed', details: { filter, count: rows.length } },
        clock(),
      );
      return rows;
    },

    /** One use, for its review page: a use the viewer may not review is 404 (as if there were none). */
    async breakGlassUse(db: Queryable, viewer: Viewer, grantId: string) {
      authorize(viewer, 'reviewBreakGlassUses');
      const [row] = await repo.breakGlassUses(db, viewer, reviewSites(viewer), 'all', grantId);
      if (!row) throw new NotFound();
      return row;
    },

    /**
     * A site manager's judgement of one break-glass use: appropriate or not, with a note. Once only (409
     * when someone else reviewed it first); audited, and the use leaves the managers' worklist.
     */
    async reviewBreakGlass(
      db: Queryable,
      viewer: Viewer,
      grantId: string,
      input: { outcome: BreakGlassOutcome; note: string },
    ) {
      authorize(viewer, 'reviewBreakGlassUses');
      const [row] = await repo.breakGlassUses(db, viewer, reviewSites(viewer), 'all', grantId);
      if (!row) throw new NotFound();
      authorize(viewer, 'reviewBreakGlass', { siteCode: row.siteCode, usedBy: row.usedById });
      const now = clock();
      if (
        row.reviewedAt ||
        !(await repo.recordBreakGlassReview(db, grantId, { ...input, reviewedBy: viewer.id, reviewedAt: now }))
      ) {
        throw new Conflict('This use of emergency access has already been reviewed');
      }
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.break_glass_reviewed',
          recordType: 'referral',
          recordId: row.referralId,
          details: { grantId, usedBy: row.usedById, outcome: input.outcome, note: input.note },
        },
        now,
      );
      const [reviewed] = await repo.breakGlassUses(db, viewer, reviewSites(viewer), 'all', grantId);
      if (!reviewed) throw new NotFound();
      return reviewed;
    },

    /** Who has seen or changed this record, oldest first: for managers and subject access requests. */
    async accessLog(db: Queryable, viewer: Viewer, id: string) {
      await managedReferral(db, viewer, id);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral.access_log_viewed', recordType: 'referral', recordId: id },
        clock(),
      );
      return repo.auditOfReferral(db, id);
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
