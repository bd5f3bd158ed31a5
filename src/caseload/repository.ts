// SQL for the caseload page (issue "Allocation and caseload"; performance target: 10,000 episodes and 200,000
// contacts, p99 < 50 ms). One query finds the page's rows, already sorted and counted, with every sort key
// computed in SQL: the release days kept with each episode's state (episode_states, migration 0033), the rest
// from indexed lookups per episode (episode_events, contacts, plan_actions are all indexed on episode_id); then
// the service asks once each for the page's phases and contacts (episodes), next actions (care) and readiness
// (release planning). No per-row queries.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import {
  contacts,
  episodeCoWorkers,
  episodeEvents,
  episodeStates,
  episodes,
  planActions,
  referrals,
  userSites,
  users,
} from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Role, Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import type { Sort, SortKey } from './schema.ts';

export interface CaseloadFilter {
  /** One site, or every site of the user's ("All my teams", issue 10). */
  sites: readonly string[];
  /** `all` for the whole site, else the id of the user whose cases (as lead or co-worker) are listed. */
  worker: string;
  includeClosed: boolean;
  sort: Sort;
  page: number;
  pageSize: number;
  today: string;
  /** Each site's pre-release window, to place "waiting for the window" in the phase order. */
  preReleaseMonths: ReadonlyMap<string, number>;
}

/**
 * The open episodes of these sites: not closed, or reopened since (kept with every event by the database,
 * migrations 0028 and 0029), through the partial index of open episodes by site, so a site's closed history is
 * never read. Closures and reopenings are dated the day they are recorded (episodes/closureService.ts), so open
 * now is open today.
 */
const openAt = (sites: readonly string[]) =>
  and(sql`${episodeStates.open}`, inArray(episodeStates.siteCode, [...sites]));

/** The latest event of these kinds on or before today (the order phases.ts replays them in). */
function latestKind(kinds: string[], today: string): SQL {
  return sql`(select x.kind from ${episodeEvents} x where x.episode_id = ${episodes.id} and x.kind in ${kinds} and x."on" <= ${today}
    order by x."on" desc, x.id desc limit 1)`;
}

/**
 * Sort keys in SQL, following episodes/phases.ts (the phase itself is computed by phases.ts for the rows
 * shown): closed, paused (recalled), after release, waiting for the window, before release.
 */
function sortKeys(f: CaseloadFilter): Record<SortKey, SQL> {
  // Kept with the episode's state (migration 0033): events are never dated after the day they are recorded.
  const firstRelease = sql`${episodeStates.releasedOn}`;
  const expected = sql`${episodeStates.expectedReleaseOn}`;
  const custody = latestKind(['released', 'recalled'], f.today);
  const closure = latestKind(['closed', 'reopened'], f.today);
  // Each episode's own site's window (the caseload may cover several sites).
  const months = sql`(case ${episodes.siteCode} ${sql.join(
    [...f.preReleaseMonths].map(([code, n]) => sql`when ${code} then ${n}::int`),
    sql` `,
  )} else 0 end)`;
  // Journey order: waiting for the window, before release, after release, paused, closed.
  const phase = sql`case when ${closure} = 'closed' then 4 when ${custody} = 'recalled' then 3 when ${firstRelease} is not null then 2
    when ${expected} - make_interval(months => ${months}) > ${f.today}::date then 0 else 1 end`;
  return {
    person: sql`lower(${referrals.familyName}) ${sql.raw(f.sort.descending ? 'desc' : 'asc')}, lower(${referrals.givenName})`,
    phase,
    // The date of release, past (the first release, the anchor of support) or expected.
    release: sql`coalesce(${firstRelease}, ${expected})`,
    lastContact: sql`(select max(c.at) from ${contacts} c where c.episode_id = ${episodes.id})`,
    nextAction: sql`(select min(a.due_on) from ${planActions} a where a.episode_id = ${episodes.id} and a.status in ('not_started', 'in_progress'))`,
    lead: sql`lower(${users.name})`,
  };
}

/** One page of the caseload, with the total of rows across all pages. */
export async function caseloadPage(db: Queryable, viewer: Viewer, f: CaseloadFilter) {
  const keys = sortKeys(f);
  const direction = sql.raw(f.sort.descending ? 'desc' : 'asc');
  // Never contacted sorts first by last contact (the longest without one); no date sorts last otherwise.
  const nulls = sql.raw(
    f.sort.key === 'lastContact' ? (f.sort.descending ? 'nulls last' : 'nulls first') : 'nulls last',
  );
  const mine =
    f.worker === 'all'
      ? undefined
      : // Two indexed lookups: a condition with `or` would read every episode of the sites.
        sql`${episodes.id} in (${
          f.includeClosed
            ? sql`select le.id from ${episodes} le where le.lead_worker_id = ${f.worker}`
            : sql`select ls.episode_id from ${episodeStates} ls where ls.open and ls.lead_worker_id = ${f.worker}`
        } union select w.episode_id from ${episodeCoWorkers} w where w.user_id = ${f.worker} and w.removed_at is null)`;
  const worker = f.worker === 'all' ? viewer.id : f.worker;
  return db
    .select({
      id: episodes.id,
      referralId: episodes.referralId,
      siteCode: episodes.siteCode,
      leadWorkerId: episodes.leadWorkerId,
      openedOn: episodes.openedOn,
      version: episodes.version,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      leadName: users.name,
      coWorkerRole: sql<
        string | null
      >`(select w.role from ${episodeCoWorkers} w where w.episode_id = ${episodes.id} and w.user_id = ${worker}
      and w.removed_at is null order by w.added_at limit 1)`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(episodes)
    .innerJoin(episodeStates, eq(episodeStates.episodeId, episodes.id))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(users, eq(users.id, episodes.leadWorkerId))
    .where(
      and(
        // Open cases only: the sites' open states by index, each episode then read by its key. With the episode's
        // own site as well, the planner may hash every episode the sites ever had (ten years of closed cases).
        !f.sites.length ? sql`false` : f.includeClosed ? inArray(episodes.siteCode, [...f.sites]) : openAt(f.sites),
        referralScope(viewer),
        mine,
      ),
    )
    .orderBy(
      sql`${keys[f.sort.key]} ${direction} ${nulls}`,
      sql`lower(${referrals.familyName})`,
      sql`lower(${referrals.givenName})`,
      episodes.id,
    )
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
}

/** A user as a caseload asks for them by id: their name, role and sites (the policy decides if they may be named). */
export async function workerOf(
  db: Queryable,
  id: string,
): Promise<{ name: string; role: Role; siteCodes: string[] } | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      name: users.name,
      role: users.role,
      siteCodes: sql<
        string[]
      >`coalesce(array_agg(${userSites.siteCode}) filter (where ${userSites.siteCode} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(userSites, eq(userSites.userId, users.id))
    .where(eq(users.id, id))
    .groupBy(users.id);
  return row ? { ...row, role: row.role as Role } : undefined;
}
