// The viewer's own open cases for the navigation's "Worklist (N)" (web/navCounts.ts): their state versions, and
// the state of those the service has no answer kept for (worklist/service.ts myHighSeverityCounter).
import { and, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import {
  contacts,
  episodeCoWorkers,
  episodeEvents,
  episodes,
  handovers,
  planReviews,
  referrals,
  releasePlans,
  episodeOutcomes,
} from '../db/schema.ts';
import { workScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import type { EpisodeCase, RecordedEpisodeEvent } from './types.ts';
import { closed, personName, fromReferralDetails, type Details } from './repository.ts';

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
