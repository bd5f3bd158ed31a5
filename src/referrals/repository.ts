// SQL in and out for referrals. Every read takes the viewer and applies referralScope in the query, so a
// record the viewer may not see is never loaded (STYLE.md: data access scoped to the user).
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { episodes, informationRequests, referrals } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';

export type ReferralRow = typeof referrals.$inferSelect;

import { isUuid } from '../http/ids.ts';
import { searchNameOf } from '../identifiers/names.ts';

export async function findVisibleReferral(db: Queryable, viewer: Viewer, id: string): Promise<ReferralRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.id, id), referralScope(viewer)));
  return row;
}

/** What the person as a referral names them needs (presenter.ts presentNamedPerson): read by FHIR Patient and search. */
export const NAMED_PERSON_COLUMNS = {
  id: referrals.id,
  personId: referrals.personId,
  givenName: referrals.givenName,
  familyName: referrals.familyName,
  dateOfBirth: referrals.dateOfBirth,
  // Only the person the referrer sent, in the shape referralPerson reads, not the whole referral body.
  details: sql<unknown>`jsonb_build_object('person', ${referrals.details}->'person')`,
  version: referrals.version,
  updatedAt: referrals.updatedAt,
};

/** The named people of these referrals, for those the viewer may see. */
export async function findVisibleNamedPeople(db: Queryable, viewer: Viewer, ids: readonly string[]) {
  const wanted = ids.filter(isUuid);
  if (!wanted.length) return [];
  return db
    .select(NAMED_PERSON_COLUMNS)
    .from(referrals)
    .where(and(inArray(referrals.id, wanted), referralScope(viewer)));
}

export interface ReferralFilter {
  site?: string | undefined;
  status?: string | undefined;
  statuses?: string[] | undefined;
  outcome?: string | undefined;
  submittedBy?: string | undefined;
  /** One person's referrals (the FHIR facade's Patient and `ServiceRequest?patient=`). */
  personId?: string | undefined;
  /** One referral by its reference (`ServiceRequest?identifier=`). */
  reference?: string | undefined;
  /** Any of these sites (the team list's "all your teams"). */
  sites?: string[] | undefined;
  /** Received at or after this moment, and before this one. */
  receivedFrom?: Date | undefined;
  receivedBefore?: Date | undefined;
  /** Last changed at or after this moment, and before this one (the FHIR facade's `_lastUpdated`). */
  updatedFrom?: Date | undefined;
  updatedBefore?: Date | undefined;
  /** Only referrals awaiting screening whose (running) deadline is before this moment. */
  overdueAt?: Date | undefined;
  limit?: number;
  offset?: number;
}

function filterConditions(viewer: Viewer, filter: ReferralFilter): SQL[] {
  const conditions = [referralScope(viewer)];
  if (filter.site) conditions.push(eq(referrals.siteCode, filter.site));
  if (filter.status) conditions.push(eq(referrals.status, filter.status));
  if (filter.statuses) conditions.push(inArray(referrals.status, filter.statuses));
  if (filter.outcome) conditions.push(eq(referrals.outcome, filter.outcome));
  if (filter.submittedBy) conditions.push(eq(referrals.submittedBy, filter.submittedBy));
  if (filter.personId) conditions.push(eq(referrals.personId, filter.personId));
  if (filter.reference) conditions.push(eq(referrals.reference, filter.reference));
  if (filter.sites) conditions.push(filter.sites.length ? inArray(referrals.siteCode, filter.sites) : sql`false`);
  if (filter.receivedFrom) conditions.push(gte(referrals.receivedAt, filter.receivedFrom));
  if (filter.receivedBefore) conditions.push(lt(referrals.receivedAt, filter.receivedBefore));
  if (filter.updatedFrom) conditions.push(gte(referrals.updatedAt, filter.updatedFrom));
  if (filter.updatedBefore) conditions.push(lt(referrals.updatedAt, filter.updatedBefore));
  if (filter.overdueAt) {
    conditions.push(
      eq(referrals.status, 'awaiting_screening'),
      sql`${referrals.screeningPausedAt} is null`,
      lt(referrals.screeningDueAt, filter.overdueAt),
    );
  }
  return conditions;
}

export async function countVisibleReferrals(db: Queryable, viewer: Viewer, filter: ReferralFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(referrals)
    .where(and(...filterConditions(viewer, filter)));
  return row?.n ?? 0;
}

/** What a list shows: no free text and no eligibility detail, so long lists stay quick. */
const LIST_COLUMNS = {
  id: referrals.id,
  reference: referrals.reference,
  siteCode: referrals.siteCode,
  status: referrals.status,
  receivedAt: referrals.receivedAt,
  screeningDueAt: referrals.screeningDueAt,
  screeningPausedAt: referrals.screeningPausedAt,
  outcome: referrals.outcome,
  priorityGroup: referrals.priorityGroup,
  restricted: referrals.restricted,
  decision: referrals.decision,
  version: referrals.version,
  restrictionSource: referrals.restrictionSource,
  submittedBy: referrals.submittedBy,
  // The person as this referral names them (presenter.ts referralPerson).
  givenName: referrals.givenName,
  familyName: referrals.familyName,
  dateOfBirth: referrals.dateOfBirth,
};

export type ReferralListRow = {
  [K in keyof typeof LIST_COLUMNS]: (typeof LIST_COLUMNS)[K]['_']['notNull'] extends true
    ? (typeof LIST_COLUMNS)[K]['_']['data']
    : (typeof LIST_COLUMNS)[K]['_']['data'] | null;
};

/** The orders a list can be read in (the screening queue's sortable columns); newest first by default. */
const ORDERS = {
  due: [asc(referrals.screeningDueAt)],
  received: [desc(referrals.receivedAt)],
  name: [asc(referrals.familyName), asc(referrals.givenName)],
  outcome: [asc(referrals.outcome), asc(referrals.screeningDueAt)],
} satisfies Record<string, SQL[]>;
export type ReferralOrder = keyof typeof ORDERS;

export async function listVisibleReferrals(
  db: Queryable,
  viewer: Viewer,
  filter: ReferralFilter,
  order: ReferralOrder = 'received',
): Promise<ReferralListRow[]> {
  const conditions = filterConditions(viewer, filter);
  return db
    .select(LIST_COLUMNS)
    .from(referrals)
    .where(and(...conditions))
    .orderBy(...ORDERS[order], asc(referrals.id))
    .limit(filter.limit ?? 500)
    .offset(filter.offset ?? 0);
}

/** Other referrals of the same person that the viewer may see, newest first. */
export async function otherVisibleReferralsOfPerson(
  db: Queryable,
  viewer: Viewer,
  personId: string,
  exceptId: string,
): Promise<ReferralRow[]> {
  return db
    .select()
    .from(referrals)
    .where(and(eq(referrals.personId, personId), sql`${referrals.id} <> ${exceptId}`, referralScope(viewer)))
    .orderBy(desc(referrals.receivedAt))
    .limit(50);
}

/** The person's episodes of care whose referral the viewer may see, newest first. */
export async function visibleEpisodesOfPerson(db: Queryable, viewer: Viewer, personId: string) {
  return db
    .select({
      id: episodes.id,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      closedReason: episodes.closedReason,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.personId, personId), referralScope(viewer)))
    .orderBy(desc(episodes.openedOn))
    .limit(50);
}

export async function informationRequestsFor(db: Queryable, referralId: string) {
  return db
    .select()
    .from(informationRequests)
    .where(eq(informationRequests.referralId, referralId))
    .orderBy(asc(informationRequests.askedAt));
}

export async function openInformationRequest(db: Queryable, referralId: string) {
  const [row] = await db
    .select()
    .from(informationRequests)
    .where(and(eq(informationRequests.referralId, referralId), sql`${informationRequests.answeredAt} is null`))
    .orderBy(desc(informationRequests.askedAt))
    .limit(1);
  return row;
}

/** Updates only if the version is still the one the caller read; returns the new row or undefined (stale). */
export function updateReferralIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<ReferralRow>,
): Promise<ReferralRow | undefined> {
  return updateIfVersion(db, referrals, id, expectedVersion, changes);
}

export async function countVisibleByStatus(db: Queryable, viewer: Viewer, siteCodes: string[]) {
  if (!siteCodes.length) return [];
  return db
    .select({ siteCode: referrals.siteCode, status: referrals.status, count: sql<number>`count(*)::int` })
    .from(referrals)
    .where(and(referralScope(viewer), inArray(referrals.siteCode, siteCodes)))
    .groupBy(referrals.siteCode, referrals.status);
}

export type NewReferral = typeof referrals.$inferInsert;

/**
 * Inserts the referral with its next reference (RC-NNNN from its sequence: never reused, even if the
 * submission rolls back), and in the same statement the writes that record it (`alsoWrite`: its timeline
 * entry and audit events, as data-modifying WITHs; their references to it are checked at the statement's end).
 */
export async function insertReferral(
  db: Queryable,
  referral: Omit<NewReferral, 'reference'>,
  alsoWrite: readonly SQL[] = [],
): Promise<ReferralRow> {
  const searchName = searchNameOf(referral.givenName, referral.familyName);
  const writes = alsoWrite.map((write, i) => db.$with(`recorded_${i}`, {}).as(write));
  const [row] = await db
    .with(...writes)
    .insert(referrals)
    .values({ ...referral, reference: sql`'RC-' || nextval('referral_reference_seq')`, searchName })
    .returning();
  if (!row) throw new Error('A referral insert returned no row');
  return row;
}

export async function recordAnswer(
  db: Queryable,
  requestId: string,
  answer: { answer: string; answeredBy: string; answeredAt: Date },
): Promise<void> {
  await db
    .update(informationRequests)
    .set(answer)
    .where(and(eq(informationRequests.id, requestId), isNull(informationRequests.answeredAt)));
}
