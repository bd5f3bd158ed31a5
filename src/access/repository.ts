// SQL for need-to-know: the referrals a manager keeps access to, grants by name and break-glass, and the
// audit events that answer "who has seen this record".
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { accessGrants, auditEvents, referrals, timelineEvents, users } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { isUuid } from '../http/ids.ts';
import { referralScope } from './scopes.ts';
import type { BreakGlassOutcome } from './rules.ts';
import type { Viewer } from './viewer.ts';

export type ReferralRow = typeof referrals.$inferSelect;
export type GrantKind = 'grant' | 'break_glass';

export async function findVisibleReferral(db: Queryable, viewer: Viewer, id: string): Promise<ReferralRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.id, id), referralScope(viewer)));
  return row;
}

/** Found by its reference whoever is asking: break-glass judges what it finds itself, and says the same either way. */
export async function findReferralByReference(db: Queryable, reference: string): Promise<ReferralRow | undefined> {
  const [row] = await db
    .select()
    .from(referrals)
    .where(eq(sql`upper(${referrals.reference})`, reference.trim().toUpperCase()));
  return row;
}

export function setRestriction(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Pick<ReferralRow, 'restricted' | 'restrictedReason' | 'restrictionSource' | 'updatedAt'>,
): Promise<ReferralRow | undefined> {
  return updateIfVersion(db, referrals, id, expectedVersion, changes);
}

export async function addReferralEvent(
  db: Queryable,
  event: { at: Date; personId: string; referralId: string; actorId: string; kind: string; summary: string },
): Promise<void> {
  await db.insert(timelineEvents).values(event);
}

/** An enabled practitioner or manager, found by email: who may be given access by name. */
export async function findStaffByEmail(db: Queryable, email: string) {
  const [row] = await db
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return row && !row.disabledAt && (row.role === 'practitioner' || row.role === 'manager') ? row : undefined;
}

export async function insertGrant(
  db: Queryable,
  grant: {
    referralId: string;
    userId: string;
    kind: GrantKind;
    reason: string;
    grantedBy: string;
    grantedAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await db.insert(accessGrants).values({ id, ...grant });
  return id;
}

export async function revokeGrant(db: Queryable, referralId: string, grantId: string, now: Date): Promise<boolean> {
  if (!isUuid(grantId)) return false;
  const revoked = await db
    .update(accessGrants)
    .set({ revokedAt: now })
    .where(and(eq(accessGrants.id, grantId), eq(accessGrants.referralId, referralId), isNull(accessGrants.revokedAt)))
    .returning({ id: accessGrants.id });
  return revoked.length > 0;
}

export function grantsOf(db: Queryable, referralId: string) {
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
    .where(eq(accessGrants.referralId, referralId))
    .orderBy(asc(accessGrants.grantedAt));
}

export function auditOfReferral(db: Queryable, referralId: string) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actor: auditEvents.actorLabel,
      action: auditEvents.action,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.recordType, 'referral'), eq(auditEvents.recordId, referralId)))
    .orderBy(asc(auditEvents.id));
}

export type BreakGlassFilter = 'unreviewed' | 'reviewed' | 'all';

const usedBy = alias(users, 'used_by');
const reviewer = alias(users, 'reviewer');

/**
 * Break-glass uses of referrals at `siteCodes` (the sites the viewer manages, decided by the service),
 * within what the viewer may see, unreviewed oldest first, then the rest newest first.
 */
export function breakGlassUses(
  db: Queryable,
  viewer: Viewer,
  siteCodes: readonly string[],
  filter: BreakGlassFilter,
  grantId?: string,
) {
  if (!siteCodes.length || (grantId !== undefined && !isUuid(grantId))) return Promise.resolve([]);
  const state =
    filter === 'unreviewed'
      ? isNull(accessGrants.reviewedAt)
      : filter === 'reviewed'
        ? isNotNull(accessGrants.reviewedAt)
        : undefined;
  return db
    .select({
      id: accessGrants.id,
      referralId: accessGrants.referralId,
      reference: referrals.reference,
      siteCode: referrals.siteCode,
      usedById: accessGrants.userId,
      usedByName: usedBy.name,
      usedAt: accessGrants.grantedAt,
      expiresAt: accessGrants.expiresAt,
      reason: accessGrants.reason,
      reviewOutcome: accessGrants.reviewOutcome,
      reviewNote: accessGrants.reviewNote,
      reviewedById: accessGrants.reviewedBy,
      reviewedByName: reviewer.name,
      reviewedAt: accessGrants.reviewedAt,
    })
    .from(accessGrants)
    .innerJoin(referrals, eq(referrals.id, accessGrants.referralId))
    .innerJoin(usedBy, eq(usedBy.id, accessGrants.userId))
    .leftJoin(reviewer, eq(reviewer.id, accessGrants.reviewedBy))
    .where(
      and(
        eq(accessGrants.kind, 'break_glass'),
        inArray(referrals.siteCode, [...siteCodes]),
        referralScope(viewer),
        state,
        grantId === undefined ? undefined : eq(accessGrants.id, grantId),
      ),
    )
    .orderBy(
      sql`${accessGrants.reviewedAt} is not null`,
      sql`case when ${accessGrants.reviewedAt} is null then ${accessGrants.grantedAt} end asc`,
      desc(accessGrants.grantedAt),
    )
    .limit(500);
}

export type BreakGlassUseRow = Awaited<ReturnType<typeof breakGlassUses>>[number];

/** Records the review once: false when it was already reviewed (someone else was first). */
export async function recordBreakGlassReview(
  db: Queryable,
  grantId: string,
  review: { outcome: BreakGlassOutcome; note: string; reviewedBy: string; reviewedAt: Date },
): Promise<boolean> {
  const done = await db
    .update(accessGrants)
    .set({
      reviewOutcome: review.outcome,
      reviewNote: review.note,
      reviewedBy: review.reviewedBy,
      reviewedAt: review.reviewedAt,
    })
    .where(and(eq(accessGrants.id, grantId), eq(accessGrants.kind, 'break_glass'), isNull(accessGrants.reviewedAt)))
    .returning({ id: accessGrants.id });
  return done.length > 0;
}
