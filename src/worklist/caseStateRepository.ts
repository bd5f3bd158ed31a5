// The open episodes' state versions and, for those the worklist has no answer kept for, their state in one
// statement (worklist/answers.ts). The versions are kept by the database in the same transaction as every change
// (migration 0028, episode_states); which episodes a viewer may see is worked out afresh in every query.
import { and, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import {
  contacts,
  episodeCoWorkers,
  episodeEvents,
  episodeOutcomes,
  episodeStates,
  episodes,
  handovers,
  planActions,
  planReviews,
  referrals,
  releasePlans,
} from '../db/schema.ts';
import { workScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import type { EpisodeCase, PlanAction, RecordedEpisodeEvent } from './types.ts';
import type { EpisodeVersion } from './answers.ts';
import { personName, fromReferralDetails, OPEN_ACTIONS, type Details, type LoadOptions } from './repository.ts';

/** An instant as whole milliseconds since 1970 (as the driver reads a timestamp into a Date: no microseconds). */
const epochMs = (column: SQL | AnyColumn): SQL =>
  sql`floor(extract(epoch from date_trunc('milliseconds', ${column})) * 1000)`;

/**
 * The open episodes' states, each joined to its referral (whose scope decides who sees it) by the referral kept
 * with the state (migration 0034). Found from their kept state (migration 0029), so a site's or a worker's closed
 * episodes are never read; the versions alone need nothing of the episode itself.
 */
const openStates = sql`${episodeStates} inner join ${referrals} on ${referrals.id} = ${episodeStates.referralId}`;

/** The open episodes' states as openStates, with each episode: for the state the rules read. */
const openEpisodes = sql`${openStates} inner join ${episodes} on ${episodes.id} = ${episodeStates.episodeId}`;

/** Of the open episodes, those at these sites: the partial index of open episodes by site. */
const openAt = (siteCodes: readonly string[]) =>
  and(sql`${episodeStates.open}`, inArray(episodeStates.siteCode, [...siteCodes]));

/**
 * The open episodes a user leads or co-works at these sites, as indexed lookups (the open ones by lead worker and
 * site, migration 0032; the co-workers by user): a condition with `or` would read every open episode of the
 * sites, and without the site a worker who has led cases elsewhere would have each of those read and dropped.
 */
const leadsOrCoWorksOpen = (userId: string, siteCodes: readonly string[]) => sql`select ls.episode_id
    from ${episodeStates} ls where ls.open and ls.lead_worker_id = ${userId} and ${inArray(sql`ls.site_code`, [...siteCodes])}
    union select cw.episode_id from ${episodeCoWorkers} cw where cw.user_id = ${userId} and cw.removed_at is null`;

/**
 * The open episodes a viewer leads or co-works (the only ones whose high items are theirs: rules.ts isMine),
 * within their need-to-know (workScope).
 */
function ownEpisodesWhere(viewer: Viewer, siteCodes: readonly string[], ids?: readonly string[]): SQL | undefined {
  return and(
    openAt(siteCodes),
    ids ? inArray(episodeStates.episodeId, [...ids]) : undefined,
    workScope(viewer),
    // As an array the lookups are made first and each episode is then read by its key: as `in (...)` the planner
    // may hash every episode of the table to join a worker's few.
    sql`${episodeStates.episodeId} = any(array(${leadsOrCoWorksOpen(viewer.id, siteCodes)}))`,
  );
}

/**
 * The open episodes LoadOptions describe (the worklist's own), some of them only when `ids` is given. "Mine"
 * is what repository.ts worksOn finds, of the open episodes: led, co-worked, or holding an open action of theirs.
 */
function openEpisodesWhere(o: LoadOptions, ids?: readonly string[]): SQL | undefined {
  const mine = o.mineOf
    ? sql`${episodeStates.episodeId} in (${leadsOrCoWorksOpen(o.mineOf, o.siteCodes)}
      union select ${planActions.episodeId} from ${planActions} where ${planActions.ownerUserId} = ${o.mineOf}
        and ${inArray(planActions.status, OPEN_ACTIONS)})`
    : undefined;
  return and(openAt(o.siteCodes), ids ? inArray(episodeStates.episodeId, [...ids]) : undefined, o.scope, mine);
}

/** Episodes with their state versions as one JSON text `[[id, version], ...]`: one value to read, not a row each. */
const versionsJson = sql`coalesce(json_agg(json_build_array(${episodeStates.episodeId}, ${episodeStates.version}::text)), '[]')::text`;

/** versionsJson's text as the episodes and versions it holds. */
export function parseEpisodeVersions(text: unknown): EpisodeVersion[] {
  return (JSON.parse(typeof text === 'string' ? text : '[]') as [string, string][]).map(([episodeId, version]) => ({
    episodeId,
    version,
  }));
}

/**
 * For the navigation's "Worklist (N)", inside the page's one statement of counts (web/navCounts.ts): each of
 * the viewer's own open episodes with the version of its state (parseEpisodeVersions reads it), within their
 * need-to-know. The states the two indexed lookups find are the rows, not keys to look up again; each one's
 * referral (kept with the state, migration 0034) is then read by its key. The lateral read (`offset 0` keeps it
 * one) is what makes that so: as a join, the planner may hash every referral of a small table to join a worker's few.
 */
export function ownEpisodeVersionsSql(viewer: Viewer, siteCodes: readonly string[]): SQL {
  if (!siteCodes.length) return sql`'[]'::text`;
  const sites = [...siteCodes];
  const own = sql`select ls.episode_id, ls.version, ls.referral_id from ${episodeStates} ls
      where ls.open and ls.lead_worker_id = ${viewer.id} and ${inArray(sql`ls.site_code`, sites)}
    union select st.episode_id, st.version, st.referral_id from ${episodeCoWorkers} cw
      inner join ${episodeStates} st on st.episode_id = cw.episode_id
      where cw.user_id = ${viewer.id} and cw.removed_at is null and st.open and ${inArray(sql`st.site_code`, sites)}`;
  return sql`(select coalesce(json_agg(json_build_array(own.episode_id, own.version::text)), '[]')::text
    from (${own}) own
    cross join lateral (select 1 from ${referrals} where ${referrals.id} = own.referral_id
      and ${workScope(viewer)} offset 0) seen)`;
}

/** The open episodes at the sites (within the scope given), with the version of each one's state. */
export async function openEpisodeVersions(db: Queryable, o: LoadOptions): Promise<EpisodeVersion[]> {
  if (!o.siteCodes.length) return [];
  const [found] = rowsOf<{ versions: string }>(
    await db.execute(sql`select ${versionsJson} as "versions" from ${openStates} where ${openEpisodesWhere(o)}`),
  );
  return parseEpisodeVersions(found?.versions);
}

/** The state of some of the viewer's own open episodes (as ownEpisodeVersionsSql finds them). */
export function ownEpisodesState(db: Queryable, viewer: Viewer, siteCodes: readonly string[], ids: readonly string[]) {
  if (!siteCodes.length || !ids.length) return Promise.resolve([]);
  return episodesState(db, ownEpisodesWhere(viewer, siteCodes, ids));
}

/** The state of some of the open episodes LoadOptions describe. */
export function openEpisodesState(db: Queryable, o: LoadOptions, ids: readonly string[]) {
  if (!o.siteCodes.length || !ids.length) return Promise.resolve([]);
  return episodesState(db, openEpisodesWhere(o, ids));
}

/**
 * Everything the rules read of these open episodes (as repository.ts loadEpisodes gives it), each with the
 * version of the state read, in one statement: the version and the state come from one snapshot, so an answer
 * kept by that version is never older than it.
 */
async function episodesState(
  db: Queryable,
  where: SQL | undefined,
): Promise<{ version: string; episode: EpisodeCase }[]> {
  const events = sql`(select coalesce(json_agg(json_build_object('kind', ev.kind, 'on', ev."on", 'data', ev.data,
    'recordedAt', ${epochMs(sql`ev.recorded_at`)}) order by ev.id), '[]') from ${episodeEvents} ev where ev.episode_id = ${episodes.id})`;
  const plan = sql`(select json_build_object('plan', rp.plan, 'updatedAt', ${epochMs(sql`rp.updated_at`)})
    from ${releasePlans} rp where rp.episode_id = ${episodes.id})`;
  const lastContact = sql`(select ${epochMs(sql`max(ct.at)`)} from ${contacts} ct
    where ct.episode_id = ${episodes.id} and ct.outcome = 'attended')`;
  const handoverList = sql`(select coalesce(json_agg(json_build_object('kind', h.kind, 'status', h.status,
    'toSiteCode', h.to_site_code) order by h.id), '[]') from ${handovers} h where h.episode_id = ${episodes.id})`;
  const actions = sql`(select coalesce(json_agg(json_build_object('id', pa.id, 'description', pa.description,
    'dueOn', pa.due_on, 'status', pa.status, 'ownerUserId', pa.owner_user_id) order by pa.id), '[]')
    from ${planActions} pa where pa.episode_id = ${episodes.id} and pa.status in (${sql.join(
      OPEN_ACTIONS.map((s) => sql`${s}`),
      sql`, `,
    )}))`;
  const lastReview = sql`(select max(pr.reviewed_on) from ${planReviews} pr where pr.episode_id = ${episodes.id})`;
  const coWorkerIds = sql`(select coalesce(json_agg(cw.user_id order by cw.id), '[]') from ${episodeCoWorkers} cw
    where cw.episode_id = ${episodes.id} and cw.removed_at is null)`;
  const links = sql`(select json_build_object('gpRegisteredOn', eo.gp_registered_on, 'substanceMisuseEngagedOn',
    eo.substance_misuse_engaged_on) from ${episodeOutcomes} eo where eo.episode_id = ${episodes.id})`;
  const row = sql`json_build_object('version', ${episodeStates.version}::text, 'episodeId', ${episodes.id},
    'referralId', ${episodes.referralId}, 'reference', ${referrals.reference}, 'personName', ${personName},
    'siteCode', ${episodes.siteCode}, 'leadWorkerId', ${episodes.leadWorkerId}, 'openedOn', ${episodes.openedOn},
    'consent', ${referrals.details} -> 'consent', 'criteria', ${referrals.details} -> 'criteria',
    'events', ${events}, 'releasePlan', ${plan}, 'lastAttendedContactAt', ${lastContact},
    'handovers', ${handoverList}, 'actions', ${actions}, 'lastPlanReviewOn', ${lastReview},
    'coWorkerIds', ${coWorkerIds}, 'linksMade', ${links})`;
  const [found] = rowsOf<{ state: string }>(
    await db.execute(sql`select coalesce(json_agg(${row}), '[]')::text as state from ${openEpisodes} where ${where}`),
  );
  return parseEpisodesState(found?.state ?? '[]');
}

type EpisodeStateJson = Omit<
  EpisodeCase,
  'events' | 'releasePlan' | 'lastAttendedContactAt' | 'consent' | 'substanceMisuseNeed'
> & {
  version: string;
  consent: unknown;
  criteria: unknown;
  events: { kind: string; on: string; data: object; recordedAt: number }[];
  releasePlan: { plan: ReleasePlan; updatedAt: number } | null;
  lastAttendedContactAt: number | null;
  actions: PlanAction[];
};

/** episodesState's text as loadEpisodes gives the episodes. */
function parseEpisodesState(text: string): { version: string; episode: EpisodeCase }[] {
  return (JSON.parse(text) as EpisodeStateJson[]).map(({ version, consent, criteria, events, releasePlan, ...r }) => ({
    version,
    episode: {
      ...r,
      events: events.map(
        (e) => ({ ...e.data, kind: e.kind, on: e.on, recordedAt: new Date(e.recordedAt) }) as RecordedEpisodeEvent,
      ),
      releasePlan: releasePlan ? { plan: releasePlan.plan, updatedAt: new Date(releasePlan.updatedAt) } : null,
      lastAttendedContactAt: r.lastAttendedContactAt === null ? null : new Date(r.lastAttendedContactAt),
      ...fromReferralDetails({ consent, criteria } as Details),
    },
  }));
}
