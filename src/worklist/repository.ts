/**
 * The worklist's SQL: its state for a set of sites in a handful of set-based queries, never one per case
 * (issue: a site with 500 open episodes, and the national worklist, p99 < 50 ms on PostgreSQL).
 *
 * Need-to-know is applied in the query (access/scopes.ts workScope; STYLE.md: scoped at the repository), so
 * a restricted record a viewer may not see is never loaded, counted or turned into an item. The unscoped
 * variant is for the system itself (the email digest to a site's team), named so and used only there.
 */
import { and, eq, inArray, isNull, max, notExists, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import {
  accessGrants,
  contacts,
  episodeCoWorkers,
  episodeEvents,
  episodes,
  handovers,
  planActions,
  planReviews,
  referrals,
  releasePlans,
  episodeOutcomes,
  users,
} from '../db/schema.ts';
import { workScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import type { BreakGlassCase, EpisodeCase, RecordedEpisodeEvent, ScreeningCase, WorklistState } from './types.ts';

export interface LoadOptions {
  siteCodes: readonly string[];
  /** The viewer's need-to-know (referralScope); absent only for the system's own use. */
  scope?: SQL;
  /** Only episodes this user works on (lead worker, co-worker, owner of an open action), and no screening. */
  mineOf?: string;
  /** One episode, open or closed (a case study replays the safety net over a closed episode too). */
  episodeId?: string;
}

const OPEN_ACTIONS = ['not_started', 'in_progress'];

/** Closed, and not reopened since (the last closure is later than any reopening). */
const closed =
  notExists(sql`(select 1 from ${episodeEvents} ce where ce.episode_id = ${episodes.id} and ce.kind = 'closed'
  and not exists (select 1 from ${episodeEvents} ro where ro.episode_id = ${episodes.id} and ro.kind = 'reopened' and ro.id > ce.id))`);

/**
 * The episodes a user works on, as a union of three indexed lookups (lead worker, co-worker, owner of an
 * open action), so "my items" and the navigation's count never scan a site's every episode.
 */
function worksOn(userId: string): SQL {
  return sql`${episodes.id} in (
    select ${episodes.id} from ${episodes} where ${episodes.leadWorkerId} = ${userId}
    union select ${episodeCoWorkers.episodeId} from ${episodeCoWorkers} where ${episodeCoWorkers.userId} = ${userId} and ${episodeCoWorkers.removedAt} is null
    union select ${planActions.episodeId} from ${planActions} where ${planActions.ownerUserId} = ${userId} and ${inArray(planActions.status, OPEN_ACTIONS)})`;
}

/** The person as the case's referral names them (never the shared person record). */
const personName = sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`;

async function loadScreening(db: Queryable, o: LoadOptions): Promise<ScreeningCase[]> {
  const rows = await db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      personName,
      siteCode: referrals.siteCode,
      screeningDueAt: referrals.screeningDueAt,
      pausedAt: referrals.screeningPausedAt,
    })
    .from(referrals)
    .where(and(inArray(referrals.siteCode, [...o.siteCodes]), eq(referrals.status, 'awaiting_screening'), o.scope));
  return rows.map(({ pausedAt, ...r }) => ({ ...r, paused: pausedAt !== null }));
}

type Details = { consent?: { given?: boolean; date?: string }; criteria?: { substanceMisuse?: boolean | null } } | null;

async function loadEpisodes(db: Queryable, o: LoadOptions): Promise<EpisodeCase[]> {
  const rows = await db
    .select({
      episodeId: episodes.id,
      referralId: episodes.referralId,
      reference: referrals.reference,
      personName,
      siteCode: episodes.siteCode,
      leadWorkerId: episodes.leadWorkerId,
      openedOn: episodes.openedOn,
      details: referrals.details,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(
      and(
        inArray(episodes.siteCode, [...o.siteCodes]),
        o.episodeId ? eq(episodes.id, o.episodeId) : closed,
        o.scope,
        o.mineOf ? worksOn(o.mineOf) : undefined,
      ),
    );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.episodeId);
  const [events, plans, lastContacts, handoverRows, actions, reviews, coWorkers, links] = await Promise.all([
    db.select().from(episodeEvents).where(inArray(episodeEvents.episodeId, ids)).orderBy(episodeEvents.id),
    db
      .select({ episodeId: releasePlans.episodeId, plan: releasePlans.plan, updatedAt: releasePlans.updatedAt })
      .from(releasePlans)
      .where(inArray(releasePlans.episodeId, ids)),
    db
      .select({ episodeId: contacts.episodeId, at: max(contacts.at) })
      .from(contacts)
      .where(and(inArray(contacts.episodeId, ids), eq(contacts.outcome, 'attended')))
      .groupBy(contacts.episodeId),
    db
      .select({
        episodeId: handovers.episodeId,
        kind: handovers.kind,
        status: handovers.status,
        toSiteCode: handovers.toSiteCode,
      })
      .from(handovers)
      .where(inArray(handovers.episodeId, ids)),
    db
      .select({
        id: planActions.id,
        episodeId: planActions.episodeId,
        description: planActions.description,
        dueOn: planActions.dueOn,
        status: planActions.status,
        ownerUserId: planActions.ownerUserId,
      })
      .from(planActions)
      .where(and(inArray(planActions.episodeId, ids), inArray(planActions.status, OPEN_ACTIONS))),
    db
      .select({ episodeId: planReviews.episodeId, on: max(planReviews.reviewedOn) })
      .from(planReviews)
      .where(inArray(planReviews.episodeId, ids))
      .groupBy(planReviews.episodeId),
    db
      .select({ episodeId: episodeCoWorkers.episodeId, userId: episodeCoWorkers.userId })
      .from(episodeCoWorkers)
      .where(and(inArray(episodeCoWorkers.episodeId, ids), isNull(episodeCoWorkers.removedAt))),
    db
      .select({
        episodeId: episodeOutcomes.episodeId,
        gpRegisteredOn: episodeOutcomes.gpRegisteredOn,
        substanceMisuseEngagedOn: episodeOutcomes.substanceMisuseEngagedOn,
      })
      .from(episodeOutcomes)
      .where(inArray(episodeOutcomes.episodeId, ids)),
  ]);
  const group = <T extends { episodeId: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const x of list) map.set(x.episodeId, [...(map.get(x.episodeId) ?? []), x]);
    return map;
  };
  const eventsBy = group(events);
  const planBy = new Map(plans.map((p) => [p.episodeId, p]));
  const contactBy = new Map(lastContacts.map((c) => [c.episodeId, c.at]));
  const handoversBy = group(handoverRows);
  const actionsBy = group(actions);
  const reviewBy = new Map(reviews.map((r) => [r.episodeId, r.on]));
  const coWorkersBy = group(coWorkers);
  const linksBy = new Map(links.map((l) => [l.episodeId, l]));
  return rows.map((r) => {
    const plan = planBy.get(r.episodeId);
    return {
      episodeId: r.episodeId,
      referralId: r.referralId,
      reference: r.reference,
      personName: r.personName,
      siteCode: r.siteCode,
      leadWorkerId: r.leadWorkerId,
      openedOn: r.openedOn,
      coWorkerIds: (coWorkersBy.get(r.episodeId) ?? []).map((c) => c.userId),
      events: (eventsBy.get(r.episodeId) ?? []).map(
        (e) => ({ ...(e.data as object), kind: e.kind, on: e.on, recordedAt: e.recordedAt }) as RecordedEpisodeEvent,
      ),
      releasePlan: plan ? { plan: plan.plan as ReleasePlan, updatedAt: plan.updatedAt } : null,
      lastAttendedContactAt: contactBy.get(r.episodeId) ?? null,
      handovers: (handoversBy.get(r.episodeId) ?? []).map(({ kind, status, toSiteCode }) => ({
        kind,
        status,
        toSiteCode,
      })),
      actions: (actionsBy.get(r.episodeId) ?? []).map(({ episodeId: _, ...a }) => a),
      lastPlanReviewOn: reviewBy.get(r.episodeId) ?? null,
      ...fromReferralDetails(r.details as Details),
      linksMade: linksBy.get(r.episodeId) ?? null,
    };
  });
}

/** What the rules read of the referral's body: its consent and whether substance misuse was identified. */
function fromReferralDetails(details: Details): Pick<EpisodeCase, 'consent' | 'substanceMisuseNeed'> {
  const consent = details?.consent;
  return {
    consent: consent?.date ? { given: consent.given === true, date: consent.date } : null,
    substanceMisuseNeed:
      typeof details?.criteria?.substanceMisuse === 'boolean' ? details.criteria.substanceMisuse : null,
  };
}

/** An instant as whole milliseconds since 1970 (as the driver reads a timestamp into a Date: no microseconds). */
const epochMs = (column: SQL | AnyColumn): SQL =>
  sql`floor(extract(epoch from date_trunc('milliseconds', ${column})) * 1000)`;

/**
 * The open episodes at these sites that the viewer leads or co-works (the only ones whose items are theirs:
 * rules.ts isMine), within their need-to-know (workScope), read afresh for every count. Two indexed lookups,
 * as worksOn: a condition with `or` would read every episode of the sites.
 */
function ownEpisodesWhere(viewer: Viewer, siteCodes: readonly string[], ids?: readonly string[]): SQL | undefined {
  const leadsOrCoWorks = sql`${episodes.id} in (
    select le.id from ${episodes} le where le.lead_worker_id = ${viewer.id}
    union select cw.episode_id from ${episodeCoWorkers} cw where cw.user_id = ${viewer.id} and cw.removed_at is null)`;
  return and(
    inArray(episodes.siteCode, [...siteCodes]),
    ids ? inArray(episodes.id, [...ids]) : undefined,
    closed,
    workScope(viewer),
    leadsOrCoWorks,
  );
}

/**
 * What changes when anything the rules read of an episode changes: the version (xmin, the transaction that
 * wrote it: every insert and update writes a new one) of each row loadEpisodes reads for it (the episode, its
 * referral, its events, release plan, handovers, co-workers and links made) and the values it reads of the
 * rest (the latest attended contact, the latest plan review). A plan's actions are left out: their items are
 * medium (episodeRules.ts actions), never counted.
 */
const stateVersion = sql`concat_ws('|', ${episodes}.xmin::text, ${referrals}.xmin::text,
  coalesce((select string_agg(ev.id || '.' || ev.xmin::text, ',' order by ev.id) from ${episodeEvents} ev where ev.episode_id = ${episodes.id}), '-'),
  coalesce((select rp.xmin::text from ${releasePlans} rp where rp.episode_id = ${episodes.id}), '-'),
  coalesce((select ${epochMs(sql`max(ct.at)`)}::text from ${contacts} ct where ct.episode_id = ${episodes.id} and ct.outcome = 'attended'), '-'),
  coalesce((select string_agg(h.id || '.' || h.xmin::text, ',' order by h.id) from ${handovers} h where h.episode_id = ${episodes.id}), '-'),
  coalesce((select max(pr.reviewed_on)::text from ${planReviews} pr where pr.episode_id = ${episodes.id}), '-'),
  coalesce((select string_agg(cw.id || '.' || cw.xmin::text, ',' order by cw.id) from ${episodeCoWorkers} cw where cw.episode_id = ${episodes.id} and cw.removed_at is null), '-'),
  coalesce((select eo.xmin::text from ${episodeOutcomes} eo where eo.episode_id = ${episodes.id}), '-'))`;

/**
 * For the navigation's "Worklist (N)", inside the page's one statement of counts (web/navCounts.ts): each of
 * the viewer's own open episodes with the version of its state, as JSON text `[[id, version], ...]`. The
 * service keeps the rules' answer for an episode by that version, and reads the state (ownEpisodesState) only
 * of episodes it has no answer for.
 */
export function ownEpisodeVersionsSql(viewer: Viewer, siteCodes: readonly string[]): SQL {
  if (!siteCodes.length) return sql`'[]'::text`;
  return sql`(select coalesce(json_agg(json_build_array(${episodes.id}, ${stateVersion})), '[]')::text from ${episodes}
    inner join ${referrals} on ${referrals.id} = ${episodes.referralId}
    where ${ownEpisodesWhere(viewer, siteCodes)})`;
}

/**
 * The state of some of the viewer's own open episodes (as ownEpisodeVersionsSql finds them) as loadEpisodes
 * gives it, without the plan's actions, each with the version of the state read, in one statement.
 */
export async function ownEpisodesState(
  db: Queryable,
  viewer: Viewer,
  siteCodes: readonly string[],
  ids: readonly string[],
): Promise<{ version: string; episode: EpisodeCase }[]> {
  if (!siteCodes.length || !ids.length) return [];
  const events = sql`(select coalesce(json_agg(json_build_object('kind', ev.kind, 'on', ev."on", 'data', ev.data,
    'recordedAt', ${epochMs(sql`ev.recorded_at`)}) order by ev.id), '[]') from ${episodeEvents} ev where ev.episode_id = ${episodes.id})`;
  const plan = sql`(select json_build_object('plan', rp.plan, 'updatedAt', ${epochMs(sql`rp.updated_at`)})
    from ${releasePlans} rp where rp.episode_id = ${episodes.id})`;
  const lastContact = sql`(select ${epochMs(sql`max(ct.at)`)} from ${contacts} ct
    where ct.episode_id = ${episodes.id} and ct.outcome = 'attended')`;
  const handoverList = sql`(select coalesce(json_agg(json_build_object('kind', h.kind, 'status', h.status,
    'toSiteCode', h.to_site_code) order by h.id), '[]') from ${handovers} h where h.episode_id = ${episodes.id})`;
  const lastReview = sql`(select max(pr.reviewed_on) from ${planReviews} pr where pr.episode_id = ${episodes.id})`;
  const coWorkerIds = sql`(select coalesce(json_agg(cw.user_id order by cw.id), '[]') from ${episodeCoWorkers} cw
    where cw.episode_id = ${episodes.id} and cw.removed_at is null)`;
  const links = sql`(select json_build_object('gpRegisteredOn', eo.gp_registered_on, 'substanceMisuseEngagedOn',
    eo.substance_misuse_engaged_on) from ${episodeOutcomes} eo where eo.episode_id = ${episodes.id})`;
  const row = sql`json_build_object('version', ${stateVersion}, 'episodeId', ${episodes.id},
    'referralId', ${episodes.referralId}, 'reference', ${referrals.reference}, 'personName', ${personName},
    'siteCode', ${episodes.siteCode}, 'leadWorkerId', ${episodes.leadWorkerId}, 'openedOn', ${episodes.openedOn},
    'consent', ${referrals.details} -> 'consent', 'criteria', ${referrals.details} -> 'criteria',
    'events', ${events}, 'releasePlan', ${plan}, 'lastAttendedContactAt', ${lastContact},
    'handovers', ${handoverList}, 'lastPlanReviewOn', ${lastReview}, 'coWorkerIds', ${coWorkerIds}, 'linksMade', ${links})`;
  const [found] = rowsOf<{ state: string }>(
    await db.execute(sql`select coalesce(json_agg(${row}), '[]')::text as state from ${episodes}
      inner join ${referrals} on ${referrals.id} = ${episodes.referralId}
      where ${ownEpisodesWhere(viewer, siteCodes, ids)}`),
  );
  return parseOwnEpisodesState(found?.state ?? '[]');
}

type EpisodeStateJson = Omit<
  EpisodeCase,
  'events' | 'releasePlan' | 'lastAttendedContactAt' | 'actions' | 'consent' | 'substanceMisuseNeed'
> & {
  version: string;
  consent: unknown;
  criteria: unknown;
  events: { kind: string; on: string; data: object; recordedAt: number }[];
  releasePlan: { plan: ReleasePlan; updatedAt: number } | null;
  lastAttendedContactAt: number | null;
};

/** ownEpisodesState's text as loadEpisodes gives the episodes (without the plan's actions). */
function parseOwnEpisodesState(text: string): { version: string; episode: EpisodeCase }[] {
  return (JSON.parse(text) as EpisodeStateJson[]).map(({ version, consent, criteria, events, releasePlan, ...r }) => ({
    version,
    episode: {
      ...r,
      events: events.map(
        (e) => ({ ...e.data, kind: e.kind, on: e.on, recordedAt: new Date(e.recordedAt) }) as RecordedEpisodeEvent,
      ),
      releasePlan: releasePlan ? { plan: releasePlan.plan, updatedAt: new Date(releasePlan.updatedAt) } : null,
      lastAttendedContactAt: r.lastAttendedContactAt === null ? null : new Date(r.lastAttendedContactAt),
      actions: [],
      ...fromReferralDetails({ consent, criteria } as Details),
    },
  }));
}

export async function loadWorklistState(
  db: Queryable,
  allSites: readonly SiteDefinition[],
  o: LoadOptions,
): Promise<WorklistState> {
  if (!o.siteCodes.length) return { sites: allSites, screening: [], episodes: [] };
  const [screening, episodeCases] = await Promise.all([
    o.mineOf ? Promise.resolve([]) : loadScreening(db, o),
    loadEpisodes(db, o),
  ]);
  return { sites: allSites, screening, episodes: episodeCases };
}

/** What the viewer may see at these sites (need-to-know in the query). */
export async function viewerWorklistState(
  db: Queryable,
  allSites: readonly SiteDefinition[],
  viewer: Viewer,
  siteCodes: readonly string[],
  mine = false,
  /** The sites among `siteCodes` whose break-glass uses this viewer reviews (access/service.ts reviewSites). */
  reviewSites: readonly string[] = [],
): Promise<WorklistState> {
  const [state, breakGlass] = await Promise.all([
    loadWorklistState(db, allSites, {
      siteCodes,
      scope: workScope(viewer),
      ...(mine ? { mineOf: viewer.id } : {}),
    }),
    mine ? Promise.resolve([]) : loadUnreviewedBreakGlass(db, viewer, reviewSites),
  ]);
  return { ...state, breakGlass };
}

/** Break-glass uses nobody has reviewed yet, of referrals at these sites that the viewer may see. */
async function loadUnreviewedBreakGlass(
  db: Queryable,
  viewer: Viewer,
  siteCodes: readonly string[],
): Promise<BreakGlassCase[]> {
  if (!siteCodes.length) return [];
  return db
    .select({
      grantId: accessGrants.id,
      referralId: referrals.id,
      reference: referrals.reference,
      personName,
      siteCode: referrals.siteCode,
      usedByName: users.name,
      usedAt: accessGrants.grantedAt,
    })
    .from(accessGrants)
    .innerJoin(referrals, eq(referrals.id, accessGrants.referralId))
    .innerJoin(users, eq(users.id, accessGrants.userId))
    .where(
      and(
        eq(accessGrants.kind, 'break_glass'),
        isNull(accessGrants.reviewedAt),
        inArray(referrals.siteCode, [...siteCodes]),
        workScope(viewer),
      ),
    );
}

/** The names of lead workers of items the viewer was already shown. */
export async function namesOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
