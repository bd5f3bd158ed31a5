// SQL in and out for allocation: co-workers, and the counts behind the team view. Every count and list
// joins the episode's referral and applies referralScope, so an episode the viewer may not see is never
// loaded or counted (need-to-know: "not even in counts").
import { and, asc, count, countDistinct, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodeCoWorkers, episodeStates, episodes, referrals, users } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { referralScope, staffOfSite } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';

export type CoWorkerRow = typeof episodeCoWorkers.$inferSelect;

/**
 * The open episodes of a site, from their kept state (migrations 0028 and 0029: not closed, or reopened since,
 * kept by the database with every event) through the partial index of open cases by site, so the counts and
 * lists below read the site's open cases alone, never the closed ones of its history. Closures and reopenings are
 * dated the day they are recorded (episodes/closureService.ts), so open now is open today.
 */
const openAtSite = (siteCode: string): SQL => sql`${episodeStates.open} and ${eq(episodeStates.siteCode, siteCode)}`;

/** The co-workers of one episode (current first, then ended, each newest first), with their names. */
export async function coWorkersOf(db: Queryable, episodeId: string) {
  return db
    .select({ coWorker: episodeCoWorkers, name: users.name })
    .from(episodeCoWorkers)
    .innerJoin(users, eq(users.id, episodeCoWorkers.userId))
    .where(eq(episodeCoWorkers.episodeId, episodeId))
    .orderBy(sql`${episodeCoWorkers.removedAt} is not null`, desc(episodeCoWorkers.addedAt), asc(users.name))
    .limit(500);
}

export async function activeCoWorkerRow(
  db: Queryable,
  episodeId: string,
  userId: string,
): Promise<CoWorkerRow | undefined> {
  const [row] = await db
    .select()
    .from(episodeCoWorkers)
    .where(
      and(
        eq(episodeCoWorkers.episodeId, episodeId),
        eq(episodeCoWorkers.userId, userId),
        isNull(episodeCoWorkers.removedAt),
      ),
    );
  return row;
}

export async function coWorkerRow(db: Queryable, episodeId: string, id: string): Promise<CoWorkerRow | undefined> {
  const [row] = await db
    .select()
    .from(episodeCoWorkers)
    .where(and(eq(episodeCoWorkers.episodeId, episodeId), eq(episodeCoWorkers.id, id)));
  return row;
}

export async function insertCoWorker(
  db: Queryable,
  values: typeof episodeCoWorkers.$inferInsert,
): Promise<CoWorkerRow> {
  const [row] = await db.insert(episodeCoWorkers).values(values).returning();
  if (!row) throw new Error('A co-worker insert returned no row');
  return row;
}

/** Ends a co-worker's allocation, keeping the row as history; undefined if it had already ended. */
export async function endCoWorker(
  db: Queryable,
  id: string,
  removedBy: string,
  removedAt: Date,
): Promise<CoWorkerRow | undefined> {
  const [row] = await db
    .update(episodeCoWorkers)
    .set({ removedBy, removedAt })
    .where(and(eq(episodeCoWorkers.id, id), isNull(episodeCoWorkers.removedAt)))
    .returning();
  return row;
}

/** The new lead worker (null: unallocated), only while the episode is still the version the caller read. */
export async function setLeadWorker(
  db: Queryable,
  id: string,
  expectedVersion: number,
  leadWorkerId: string | null,
  now: Date,
): Promise<{ version: number } | undefined> {
  const row = await updateIfVersion(db, episodes, id, expectedVersion, { leadWorkerId, updatedAt: now });
  return row && { version: row.version };
}

/** Active practitioners and managers of a site, with their role. */
export async function siteStaff(db: Queryable, siteCode: string) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(staffOfSite(siteCode))
    .orderBy(asc(users.name), asc(users.id));
}

/** Whether the user is an active practitioner or manager of the site (a lead worker or co-worker must be). */
export async function isStaffOfSite(db: Queryable, userId: string, siteCode: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), staffOfSite(siteCode)));
  return row !== undefined;
}

/** Names behind user ids (workers who have left the team still have one). */
export async function namesOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The person and reference of a referral the viewer may see (the page names whose episode it is). */
export async function personOfReferral(
  db: Queryable,
  viewer: Viewer,
  referralId: string,
): Promise<{ reference: string; name: string } | undefined> {
  const [row] = await db
    .select({ reference: referrals.reference, givenName: referrals.givenName, familyName: referrals.familyName })
    .from(referrals)
    .where(and(eq(referrals.id, referralId), referralScope(viewer)));
  return row && { reference: row.reference, name: `${row.givenName} ${row.familyName}` };
}

/** Open episodes of the site the viewer may see, counted by lead worker (the null key: unallocated). */
export async function leadCounts(db: Queryable, viewer: Viewer, siteCode: string): Promise<Map<string | null, number>> {
  const rows = await db
    .select({ workerId: episodeStates.leadWorkerId, n: count() })
    .from(episodeStates)
    .innerJoin(referrals, eq(referrals.id, episodeStates.referralId))
    .where(and(openAtSite(siteCode), referralScope(viewer)))
    .groupBy(episodeStates.leadWorkerId);
  return new Map(rows.map((r) => [r.workerId, r.n]));
}

/** Open episodes of the site the viewer may see, counted by current co-worker. */
export async function coWorkingCounts(db: Queryable, viewer: Viewer, siteCode: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ workerId: episodeCoWorkers.userId, n: countDistinct(episodeStates.episodeId) })
    .from(episodeCoWorkers)
    .innerJoin(episodeStates, eq(episodeStates.episodeId, episodeCoWorkers.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodeStates.referralId))
    .where(and(isNull(episodeCoWorkers.removedAt), openAtSite(siteCode), referralScope(viewer)))
    .groupBy(episodeCoWorkers.userId);
  return new Map(rows.map((r) => [r.workerId, r.n]));
}

/** The open, unallocated episodes of the site the viewer may see, oldest first. */
export async function unallocatedEpisodes(db: Queryable, viewer: Viewer, siteCode: string, limit: number) {
  return db
    .select({
      episodeId: episodes.id,
      referralId: referrals.id,
      reference: referrals.reference,
      openedOn: episodes.openedOn,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
    })
    .from(episodeStates)
    .innerJoin(episodes, eq(episodes.id, episodeStates.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(openAtSite(siteCode), isNull(episodeStates.leadWorkerId), referralScope(viewer)))
    .orderBy(asc(episodes.openedOn), asc(episodes.id))
    .limit(limit);
}
