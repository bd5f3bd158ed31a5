// The verbs of need-to-know: restrict a record, grant access to it by name, break the glass, and see who
// has seen it. Each runs inside the caller's transaction and audits itself.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accessGrants, auditEvents, referrals, userSites, users } from '../db/schema.ts';
import { notifyUsers } from '../notifications/notificationService.ts';
import type { CoreServices } from '../services.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Forbidden, HttpError, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import {
  findVisibleReferral,
  addTimelineEvent,
  updateReferralIfVersion,
  type ReferralRow,
} from '../referrals/referralRepository.ts';
import { restrictedFromIntake } from '../referrals/referralService.ts';
import { findUserByEmail } from '../auth/userRepository.ts';
import { actorOf, type Viewer } from './viewer.ts';

/** Break-glass access lasts an hour: long enough to act in an emergency, short enough to stay exceptional. */
export const BREAK_GLASS_MINUTES = 60;
const NO_BREAK_GLASS =
  'No referral you can open with emergency access has that reference. Restricted records cannot be opened this way: ask the site’s manager.';

async function managedReferral(db: Queryable, viewer: Viewer, id: string): Promise<ReferralRow> {
  const row = await findVisibleReferral(db, viewer, id);
  if (!row) throw new NotFound();
  if (viewer.role !== 'manager' || !viewer.siteCodes.includes(row.siteCode))
    throw new Forbidden('Only the site’s managers can change who may see this record');
  return row;
}

export function createAccessService({ clock }: CoreServices) {
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
      const updated = await updateReferralIfVersion(db, id, expectedVersion, {
        restricted,
        restrictedReason: restricted ? reason : null,
        restrictionSource: restricted ? 'manager' : null,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await addTimelineEvent(db, {
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
      const grantee = await findUserByEmail(db, input.email);
      if (!grantee || grantee.disabledAt || !['practitioner', 'manager'].includes(grantee.role)) {
        throw new ValidationFailed([
          { field: 'email', message: 'Enter the email address of an active practitioner or manager' },
        ]);
      }
      const now = clock();
      const expiresAt = new Date(`${input.expiresOn}T23:59:59Z`);
      if (!(expiresAt > now))
        throw new ValidationFailed([{ field: 'expiresOn', message: 'The access must end in the future' }]);
      const grantId = randomUUID();
      await db.insert(accessGrants).values({
        id: grantId,
        referralId: id,
        userId: grantee.id,
        kind: 'grant',
        reason: input.reason,
        grantedBy: viewer.id,
        grantedAt: now,
        expiresAt,
      });
      await notifyUsers(
        db,
        [grantee.id],
        now,
        'access_granted',
        `${viewer.name} gave you access to referral ${row.reference} until ${input.expiresOn}.`,
        `/referrals/${id}`,
      );
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
      const [revoked] = await db
        .update(accessGrants)
        .set({ revokedAt: now })
        .where(and(eq(accessGrants.id, grantId), eq(accessGrants.referralId, id), isNull(accessGrants.revokedAt)))
        .returning();
      if (!revoked) throw new NotFound();
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
      return db
        .select({
          id: accessGrants.id,
          kind: accessGrants.kind,
          reason: accessGrants.reason,
          grantedAt: accessGrants.grantedAt,
          expiresAt: accessGrants.expiresAt,
          revokedAt: accessGrants.revokedAt,
          name: users.name,
          email: users.email,
        })
        .from(accessGrants)
        .innerJoin(users, eq(users.id, accessGrants.userId))
        .where(eq(accessGrants.referralId, id))
        .orderBy(asc(accessGrants.grantedAt));
    },

    /**
     * Emergency access to an unrestricted referral at another site, found by its reference. Every refusal
     * reads the same, so the answer never tells whether a restricted record exists.
     */
    async breakGlass(db: Queryable, viewer: Viewer, reference: string, reason: string): Promise<string> {
      if (viewer.role !== 'practitioner' && viewer.role !== 'manager')
        throw new Forbidden('Only practitioners and managers can use emergency access');
      const [row] = await db
        .select()
        .from(referrals)
        .where(eq(sql`upper(${referrals.reference})`, reference.trim().toUpperCase()));
      if (!row || row.restricted || viewer.siteCodes.includes(row.siteCode)) {
        throw new ValidationFailed([{ field: 'reference', message: NO_BREAK_GLASS }]);
      }
      const now = clock();
      const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
      await db.insert(accessGrants).values({
        id: randomUUID(),
        referralId: row.id,
        userId: viewer.id,
        kind: 'break_glass',
        reason,
        grantedBy: viewer.id,
        grantedAt: now,
        expiresAt,
      });
      const managers = await db
        .select({ id: users.id })
        .from(users)
        .innerJoin(userSites, eq(userSites.userId, users.id))
        .where(and(eq(userSites.siteCode, row.siteCode), eq(users.role, 'manager'), isNull(users.disabledAt)));
      await notifyUsers(
        db,
        managers.map((m) => m.id),
        now,
        'break_glass',
        `${viewer.name} used emergency access to referral ${row.reference}: “${reason}”.`,
        `/referrals/${row.id}/access-log`,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.break_glass',
          recordType: 'referral',
          recordId: row.id,
          details: { reason, expiresAt, site: row.siteCode },
        },
        now,
      );
      return row.id;
    },

    /** Who has seen or changed this record, oldest first: for managers and subject access requests. */
    async accessLog(db: Queryable, viewer: Viewer, id: string) {
      await managedReferral(db, viewer, id);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral.access_log_viewed', recordType: 'referral', recordId: id },
        clock(),
      );
      return db
        .select({
          id: auditEvents.id,
          at: auditEvents.at,
          actor: auditEvents.actorLabel,
          action: auditEvents.action,
          details: auditEvents.details,
        })
        .from(auditEvents)
        .where(and(eq(auditEvents.recordType, 'referral'), eq(auditEvents.recordId, id)))
        .orderBy(asc(auditEvents.id));
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
