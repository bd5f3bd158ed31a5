// All the SQL of release plans: the episode a plan belongs to, as the viewer may see it (need-to-know is
// its referral's, applied in the query: access/scopes.ts), with its plan and who last changed it; the
// episode's dated events with who recorded each; saving the plan; and the readiness of many episodes.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { assessments, episodeEvents, episodes, referrals, releasePlans, users } from '../db/schema.ts';
import { updateIfVersionBy } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import type { ReleasePlan } from './types.ts';

export type ReleasePlanRow = Omit<typeof releasePlans.$inferSelect, 'plan'> & { plan: ReleasePlan };

/** The episode a plan belongs to, with the person as its referral names them. */
export interface PlanEpisode {
  id: string;
  referralId: string;
  personId: string;
  siteCode: string;
  openedOn: string;
  reference: string;
  personName: string;
}

/** One dated event of the episode (the EpisodeEvent of episodes/phases.ts, with its details) and who recorded it. */
export interface EventWithAuthor {
  kind: string;
  on: string;
  data: Record<string, unknown>;
  recordedAt: Date;
  byName: string | null;
}

type EventJson = Omit<EventWithAuthor, 'recordedAt'> & { recordedAt: string };

/** A `json` column: both drivers hand it back parsed; a string is parsed here in case one does not. */
const parsedJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The episode if the viewer may see it, its plan (undefined before the first save), the name of who last
 * changed the plan and the episode's dated events with who recorded each (as eventsWithAuthors), in one
 * statement, with the person as the referral names them (the page's banner); with `latestAssessment`, the
 * domains of the episode's latest assessment too (the plan page's duty to refer).
 */
export interface VisiblePlan {
  episode: PlanEpisode;
  plan: ReleasePlanRow | undefined;
  updatedByName: string | null;
  events: EventWithAuthor[];
  assessmentDomains: unknown;
  /** Who the episode is about as its referral names them, for the person banner (episodes/bannerService.ts). */
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
}

export async function findVisiblePlan(
  db: Queryable,
  viewer: Viewer,
  episodeId: string,
  { latestAssessment = false } = {},
): Promise<VisiblePlan | undefined> {
  if (!isUuid(episodeId)) return undefined;
  const events = sql<EventJson[] | string>`
    coalesce((select json_agg(json_build_object('kind', ev.kind, 'on', ev."on", 'data', ev.data,
      'recordedAt', ev.recorded_at, 'byName', eu.name) order by ev.id)
    from ${episodeEvents} ev left join ${users} eu on eu.id = ev.recorded_by
    where ev.episode_id = ${episodes.id}), '[]'::json)`;
  const domains = latestAssessment
    ? sql<unknown>`(select a.domains from ${assessments} a where a.episode_id = ${episodes.id}
        order by a.number desc limit 1)`
    : sql<unknown>`null`;
  const [row] = await db
    .select({
      events,
      assessmentDomains: domains,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      nhsNumber: sql<string | null>`${referrals.details}->'person'->>'nhsNumber'`,
      episode: {
        id: episodes.id,
        referralId: episodes.referralId,
        personId: episodes.personId,
        siteCode: episodes.siteCode,
        openedOn: episodes.openedOn,
        reference: referrals.reference,
        personName: sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`,
      },
      plan: releasePlans,
      updatedByName: users.name,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(releasePlans, eq(releasePlans.episodeId, episodes.id))
    .leftJoin(users, eq(users.id, releasePlans.updatedBy))
    .where(and(eq(episodes.id, episodeId), referralScope(viewer)));
  if (!row) return undefined;
  return {
    episode: row.episode,
    plan: (row.plan ?? undefined) as ReleasePlanRow | undefined,
    updatedByName: row.updatedByName,
    events: parsedJson(row.events).map((e) => ({ ...e, recordedAt: new Date(e.recordedAt) })),
    assessmentDomains: row.assessmentDomains ?? undefined,
    person: {
      givenName: row.givenName,
      familyName: row.familyName,
      dateOfBirth: row.dateOfBirth,
      nhsNumber: row.nhsNumber,
    },
  };
}

/** The episode's dated events with who recorded each, in recorded order. */
export async function eventsWithAuthors(db: Queryable, episodeId: string): Promise<EventWithAuthor[]> {
  const rows = await db
    .select({
      kind: episodeEvents.kind,
      on: episodeEvents.on,
      data: episodeEvents.data,
      recordedAt: episodeEvents.recordedAt,
      byName: users.name,
    })
    .from(episodeEvents)
    .leftJoin(users, eq(users.id, episodeEvents.recordedBy))
    .where(eq(episodeEvents.episodeId, episodeId))
    .orderBy(asc(episodeEvents.id));
  return rows.map((r) => ({ ...r, data: r.data as Record<string, unknown> }));
}

/** The first plan of an episode, version 1; undefined if another request created it first. */
export async function insertPlan(
  db: Queryable,
  episodeId: string,
  plan: ReleasePlan,
  by: string,
  at: Date,
): Promise<ReleasePlanRow | undefined> {
  const [row] = await db
    .insert(releasePlans)
    .values({ episodeId, plan, version: 1, updatedBy: by, updatedAt: at })
    .onConflictDoNothing({ target: releasePlans.episodeId })
    .returning();
  return row as ReleasePlanRow | undefined;
}

/** Replaces the plan only if it is still at `expectedVersion`; undefined when stale. */
export async function updatePlanIfVersion(
  db: Queryable,
  episodeId: string,
  expectedVersion: number,
  plan: ReleasePlan,
  by: string,
  at: Date,
): Promise<ReleasePlanRow | undefined> {
  const row = await updateIfVersionBy(db, releasePlans, 'episodeId', episodeId, expectedVersion, {
    plan,
    updatedBy: by,
    updatedAt: at,
  });
  return row as ReleasePlanRow | undefined;
}

export interface PlanState {
  id: string;
  siteCode: string;
  openedOn: string;
  plan: ReleasePlan;
  events: { kind: string; on: string; data: Record<string, unknown> }[];
}

/**
 * Many episodes with their plans and events in one statement, for readiness on the caseload and the
 * episode page. The ids must be of episodes the caller has already found visible: nothing here is scoped
 * again, and nothing of the plan's content leaves the service.
 */
export async function planStates(db: Queryable, episodeIds: readonly string[]): Promise<PlanState[]> {
  const ids = [...new Set(episodeIds)];
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: episodes.id,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      plan: releasePlans.plan,
      events: sql<PlanState['events'] | string>`coalesce((
      select json_agg(json_build_object('kind', ev.kind, 'on', ev.on, 'data', ev.data) order by ev.id)
      from episode_events ev where ev.episode_id = ${episodes.id}), '[]'::json)`,
    })
    .from(episodes)
    .leftJoin(releasePlans, eq(releasePlans.episodeId, episodes.id))
    .where(inArray(episodes.id, ids));
  // PGlite hands json back as text, node-postgres as objects.
  return rows.map((r) => {
    const events: unknown = typeof r.events === 'string' ? JSON.parse(r.events) : r.events;
    return {
      id: r.id,
      siteCode: r.siteCode,
      openedOn: r.openedOn,
      plan: r.plan ?? {},
      events: events as PlanState['events'],
    };
  });
}

/** The latest assessment's domains of an episode already found visible (for its Duty to Refer answer). */
export async function latestAssessmentDomains(db: Queryable, episodeId: string): Promise<unknown> {
  const [row] = await db
    .select({ domains: assessments.domains })
    .from(assessments)
    .where(eq(assessments.episodeId, episodeId))
    .orderBy(desc(assessments.number))
    .limit(1);
  return row?.domains;
}
