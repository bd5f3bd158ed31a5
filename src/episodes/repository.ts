// SQL in and out for episodes of care. Every read of an episode joins its referral and applies
// referralScope, so an episode is visible exactly when its referral is (need-to-know carries over;
// STYLE.md: data access scoped to the user in the query). Contacts are in contactRepository.ts, the
// closure's reads and writes in closureRepository.ts.
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { contacts, episodeEvents, episodes, referrals, timelineEvents, userSites, users } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import type { EpisodeEvent } from './phases.ts';
import { contactFromJson, RECENT_CONTACTS, type ContactJson, type RecentContact } from './contactRepository.ts';

export type EpisodeRow = typeof episodes.$inferSelect;
export type EpisodeEventRow = typeof episodeEvents.$inferSelect;
/** What a change may write to the episode's own row besides its version. */
export type EpisodeChanges = Partial<typeof episodes.$inferInsert>;

/** Who can be a lead worker: the team's practitioners and managers (access/roles.ts STAFF_ROLES). */
const TEAM_ROLES = ['practitioner', 'manager'];

export async function findVisibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ episode: episodes })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row?.episode;
}

/** The NHS number the referrer sent with the person, if any (the referral's `details.person`). */
const nhsNumberSent = sql<string | null>`${referrals.details}->'person'->>'nhsNumber'`;

/** Who an episode is about as its referral names them, with the episode and its events (the person banner). */
export interface EpisodeBannerRow {
  episode: EpisodeRow;
  events: EpisodeEvent[];
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
}

/**
 * The person banner of an episode's pages in one statement: the episode, scoped by its referral as
 * findVisibleEpisode is (so the same referral findVisibleReferral would let the viewer read), the person
 * that referral names, and the events its status is computed from.
 */
export async function findEpisodeBanner(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<EpisodeBannerRow | undefined> {
  if (!isUuid(id)) return undefined;
  const events = sql<Json<Pick<EpisodeEventRow, 'kind' | 'on' | 'data'>[]>>`
    coalesce((select json_agg(json_build_object('kind', ev.kind, 'on', ev."on", 'data', ev.data) order by ev.id)
    from ${episodeEvents} ev where ev.episode_id = ${episodes.id}), '[]'::json)`;
  const [row] = await db
    .select({
      episode: episodes,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      nhsNumber: nhsNumberSent,
      events,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  if (!row) return undefined;
  const { episode, givenName, familyName, dateOfBirth, nhsNumber } = row;
  return {
    episode,
    events: parsed(row.events).map(toEpisodeEvent),
    person: { givenName, familyName, dateOfBirth, nhsNumber },
  };
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

/** The episode of a referral the caller already holds from a scoped read (one episode per referral). */
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

/** Changes the episode only if its version is still `expectedVersion` (db/updateIfVersion.ts); undefined when stale. */
export function updateEpisodeIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: EpisodeChanges,
): Promise<EpisodeRow | undefined> {
  return updateIfVersion(db, episodes, id, expectedVersion, changes);
}

export async function eventsOf(db: Queryable, episodeIds: readonly string[]): Promise<EpisodeEventRow[]> {
  if (!episodeIds.length) return [];
  return db
    .select()
    .from(episodeEvents)
    .where(inArray(episodeEvents.episodeId, [...episodeIds]))
    .orderBy(asc(episodeEvents.id));
}

/** The phases.ts value of a stored event: `data` holds the event itself, plus any details beside it. */
export function toEpisodeEvent(row: Pick<EpisodeEventRow, 'kind' | 'on' | 'data'>): EpisodeEvent {
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
        inArray(users.role, TEAM_ROLES),
        isNull(users.disabledAt),
      ),
    );
  return row !== undefined;
}

/** Active practitioners and managers of a site: who can be a lead worker. */
export async function staffOf(db: Queryable, siteCode: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteCode, siteCode), inArray(users.role, TEAM_ROLES), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}

/** The people and reference behind episodes the service has already let the viewer see. */
export async function referralNames(db: Queryable, viewer: Viewer, referralIds: string[]) {
  if (!referralIds.length) return new Map<string, { reference: string; name: string }>();
  const rows = await db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
    })
    .from(referrals)
    .where(and(inArray(referrals.id, referralIds), referralScope(viewer)));
  return new Map(rows.map((r) => [r.id, { reference: r.reference, name: `${r.givenName} ${r.familyName}` }]));
}

export async function userNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The longest chronology read at once: years of a busy case, and still one page to scroll. */
const TIMELINE_LIMIT = 5000;

/**
 * The person's chronology, oldest first: events of referrals the viewer may see (so a restricted
 * referral of the same person stays hidden) and person-level events with no referral.
 */
export async function personTimeline(db: Queryable, viewer: Viewer, personId: string): Promise<TimelineItem[]> {
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
    .limit(TIMELINE_LIMIT);
}

export interface TimelineItem {
  at: Date;
  kind: string;
  summary: string;
  referralId: string | null;
  actorName: string | null;
  /** On the episode page: the contact a `contact.recorded` entry is about, with its notes. */
  contact?: { id: string; episodeId: string; notes: string | null } | null;
}

/** A stored event with who recorded it: the phase's input, and the history of expected release dates. */
export interface RecordedEvent {
  kind: string;
  on: string;
  data: unknown;
  recordedAt: Date;
  by: string | null;
}

/** Everything the episode page shows, read in one statement (below). */
export interface EpisodePageRow {
  episode: EpisodeRow;
  reference: string;
  personName: string;
  /** Who the episode is about as its referral names them, for the person banner (bannerService.ts). */
  person: EpisodeBannerRow['person'];
  leadWorkerName: string | null;
  events: RecordedEvent[];
  contacts: RecentContact[];
  timeline: TimelineItem[];
}

/** A `json` column of a read: both drivers hand it back parsed; a string is parsed here in case one does not. */
export type Json<T> = T | string;
export const parsed = <T>(value: Json<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

type EventJson = Omit<RecordedEvent, 'recordedAt'> & { recordedAt: string };

/** Every event of the episode in the outer query, oldest first, with who recorded it (json). */
export const eventsJson = sql<Json<EventJson[]>>`
  coalesce((select json_agg(json_build_object('kind', ev.kind, 'on', ev."on", 'data', ev.data,
    'recordedAt', ev.recorded_at, 'by', eu.name) order by ev.id)
  from ${episodeEvents} ev left join ${users} eu on eu.id = ev.recorded_by
  where ev.episode_id = ${episodes.id}), '[]'::json)`;

export const eventsFromJson = (value: Json<EventJson[]>): RecordedEvent[] =>
  parsed(value).map((e) => ({ ...e, recordedAt: new Date(e.recordedAt) }));

const leadWorker = alias(users, 'lead_worker');

/**
 * The episode page in one statement: the episode (scoped by its referral, so 404 when hidden), the person
 * as the referral names them, the lead worker's name, every event with who recorded it, the latest
 * contacts with who recorded them, and the person's chronology as the viewer may see it (the same scope,
 * applied to each entry's own referral).
 */
export async function findEpisodePage(db: Queryable, viewer: Viewer, id: string): Promise<EpisodePageRow | undefined> {
  if (!isUuid(id)) return undefined;
  const recent = sql<Json<ContactJson[]>>`
    coalesce((select json_agg(json_build_object('id', c.id, 'episodeId', c.episode_id, 'at', c."at", 'type', c.type,
      'outcome', c.outcome, 'durationMinutes', c.duration_minutes, 'notes', c.notes, 'present', c.present,
      'cancelledReason', c.cancelled_reason, 'recordedBy', c.recorded_by, 'recordedAt', c.recorded_at, 'by', c.recorder_name)
      order by c."at" desc, c.recorded_at desc)
    from (select rc.*, cu.name as recorder_name from ${contacts} rc left join ${users} cu on cu.id = rc.recorded_by
      where rc.episode_id = ${episodes.id} order by rc."at" desc, rc.recorded_at desc limit ${RECENT_CONTACTS}) c), '[]'::json)`;
  // Inside the subquery `referrals` is each entry's own referral, which the scope is applied to.
  const chronology = sql<
    Json<
      {
        at: string;
        kind: string;
        summary: string;
        referralId: string | null;
        actorName: string | null;
        contact: { id: string; episodeId: string; notes: string | null } | null;
      }[]
    >
  >`
    coalesce((select json_agg(json_build_object('at', x.at, 'kind', x.kind, 'summary', x.summary,
      'referralId', x.referral_id, 'actorName', x.actor_name,
      'contact', case when x.contact_id is null then null
        else json_build_object('id', x.contact_id, 'episodeId', x.contact_episode_id, 'notes', x.contact_notes) end)
      order by x.at, x.id)
    from (select te.id, te.at, te.kind, te.summary, te.referral_id, tu.name as actor_name,
        tc.id as contact_id, tc.episode_id as contact_episode_id, tc.notes as contact_notes
      from ${timelineEvents} te
      left join ${referrals} on ${referrals.id} = te.referral_id
      left join ${users} tu on tu.id = te.actor_id
      left join ${contacts} tc on tc.id = te.contact_id
      where te.person_id = ${episodes.personId} and (te.referral_id is null or ${referralScope(viewer)})
      order by te.at, te.id limit ${TIMELINE_LIMIT}) x), '[]'::json)`;
  const [row] = await db
    .select({
      episode: episodes,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      nhsNumber: nhsNumberSent,
      leadWorkerName: leadWorker.name,
      events: eventsJson,
      recent,
      chronology,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(leadWorker, eq(leadWorker.id, episodes.leadWorkerId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  if (!row) return undefined;
  return {
    episode: row.episode,
    reference: row.reference,
    personName: `${row.givenName} ${row.familyName}`,
    person: {
      givenName: row.givenName,
      familyName: row.familyName,
      dateOfBirth: row.dateOfBirth,
      nhsNumber: row.nhsNumber,
    },
    leadWorkerName: row.leadWorkerName,
    events: eventsFromJson(row.events),
    contacts: parsed(row.recent).map(contactFromJson),
    timeline: parsed(row.chronology).map((e) => ({ ...e, at: new Date(e.at) })),
  };
}
