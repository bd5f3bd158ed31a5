// SQL in and out for episodes. Every read joins the episode's referral and applies referralScope, so an
// episode is visible exactly when its referral is (need-to-know carries over; STYLE.md: scoped in the query).
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { contacts, episodeEvents, episodes, referrals, timelineEvents, userSites, users } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import type { EpisodeEvent } from './phases.ts';

export type EpisodeRow = typeof episodes.$inferSelect;
export type EpisodeEventRow = typeof episodeEvents.$inferSelect;

export async function findVisibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ episode: episodes })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row?.episode;
}

export async function listVisibleEpisodes(
  db: Queryable,
  viewer: Viewer,
  site: string | undefined,
): Promise<EpisodeRow[]> {
  const rows = await db
    .select({ episode: episodes })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(referralScope(viewer), site ? eq(episodes.siteCode, site) : undefined))
    .orderBy(asc(episodes.openedOn), asc(episodes.id))
    .limit(2000);
  return rows.map((r) => r.episode);
}

export async function episodeForReferral(db: Queryable, referralId: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(episodes).where(eq(episodes.referralId, referralId));
  return row;
}

/** Inserts the episode unless its referral already has one (then undefined): one episode per referral. */
export async function insertEpisode(
  db: Queryable,
  values: typeof episodes.$inferInsert,
): Promise<EpisodeRow | undefined> {
  const [row] = await db
    .insert(episodes)
    .values(values)
    .onConflictDoNothing({ target: episodes.referralId })
    .returning();
  return row;
}

/** Updates only if the version is still `expectedVersion`; undefined when stale. */
export async function bumpEpisodeIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<EpisodeRow>,
): Promise<EpisodeRow | undefined> {
  const [row] = await db
    .update(episodes)
    .set({ ...changes, version: sql`${episodes.version} + 1` })
    .where(and(eq(episodes.id, id), eq(episodes.version, expectedVersion)))
    .returning();
  return row;
}

export async function eventsOf(db: Queryable, episodeIds: string[]): Promise<EpisodeEventRow[]> {
  if (!episodeIds.length) return [];
  return db
    .select()
    .from(episodeEvents)
    .where(inArray(episodeEvents.episodeId, episodeIds))
    .orderBy(asc(episodeEvents.id));
}

/** The phases.ts value of a stored event: `data` holds the event itself, plus any details beside it. */
export function toEpisodeEvent(row: EpisodeEventRow): EpisodeEvent {
  return { ...(row.data as object), kind: row.kind, on: row.on } as EpisodeEvent;
}

export async function addEpisodeEvent(
  db: Queryable,
  episodeId: string,
  event: EpisodeEvent,
  details: Record<string, unknown>,
  recordedBy: string,
  recordedAt: Date,
): Promise<void> {
  await db
    .insert(episodeEvents)
    .values({ episodeId, kind: event.kind, on: event.on, data: { ...details, ...event }, recordedBy, recordedAt });
}

export async function addContact(
  db: Queryable,
  values: typeof contacts.$inferInsert,
): Promise<typeof contacts.$inferSelect> {
  const [row] = await db.insert(contacts).values(values).returning();
  return row!;
}

/** Whether the user is an active practitioner or manager of the site (a lead worker must be). */
export async function isStaffOfSite(db: Queryable, userId: string, siteCode: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(
      and(
        eq(users.id, userId),
        eq(userSites.siteCode, siteCode),
        inArray(users.role, ['practitioner', 'manager']),
        isNull(users.disabledAt),
      ),
    );
  return row !== undefined;
}

/**
 * The person's chronology, oldest first: events of referrals the viewer may see (so a restricted
 * referral of the same person stays hidden) and person-level events with no referral.
 */
export async function personTimeline(db: Queryable, viewer: Viewer, personId: string) {
  return db
    .select({
      at: timelineEvents.at,
      kind: timelineEvents.kind,
      summary: timelineEvents.summary,
      referralId: timelineEvents.referralId,
      actorName: users.name,
    })
    .from(timelineEvents)
    .leftJoin(referrals, eq(referrals.id, timelineEvents.referralId))
    .leftJoin(users, eq(users.id, timelineEvents.actorId))
    .where(and(eq(timelineEvents.personId, personId), or(isNull(timelineEvents.referralId), referralScope(viewer))))
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id))
    .limit(5000);
}

/** Every expected release date recorded for the episode, oldest first, with who and why (issue "Release planning"). */
export async function expectedReleaseDateHistory(db: Queryable, episodeId: string) {
  const rows = await db
    .select({ on: episodeEvents.on, data: episodeEvents.data, recordedAt: episodeEvents.recordedAt, by: users.name })
    .from(episodeEvents)
    .innerJoin(users, eq(users.id, episodeEvents.recordedBy))
    .where(and(eq(episodeEvents.episodeId, episodeId), eq(episodeEvents.kind, 'release_date_set')))
    .orderBy(asc(episodeEvents.id));
  return rows.map((r) => {
    const data = r.data as { expectedReleaseDate: string; reason?: string; source?: string };
    return {
      expectedReleaseDate: data.expectedReleaseDate,
      recordedOn: r.on,
      recordedAt: r.recordedAt.toISOString(),
      by: r.by,
      reason: data.reason ?? (data.source === 'referral' ? 'From the referral' : null),
    };
  });
}
