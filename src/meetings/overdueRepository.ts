// SQL for the worklist's overdue actions (API.md `action_overdue`): every one, for a team's whole worklist or the
// system's digest; the most urgent few and how many there are, for a viewer's page of it; and the navigation's
// count of a viewer's own. Each joins the state of the action's episode (open, its site, its lead worker and its
// referral, kept by the database: migrations 0028, 0029 and 0034) and the referral, and applies the scope it is
// given (access/scopes.ts workScope, or none for the system's own digest).
import { and, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import { episodeStates, meetingActions, meetings, referrals } from '../db/schema.ts';
import type { Viewer } from '../access/viewer.ts';
import type { OpenAction } from './rules.ts';

/** Open: not closed, or reopened since (kept with every event by the database: migration 0028, episode_states). */
const episodeOpen = sql`${episodeStates.open}`;

/** What the worklist reads of each action, its meeting, its episode and its referral. */
const openActionColumns = sql`${meetingActions.id} as "id", ${meetingActions.description} as "description",
  ${meetingActions.dueOn}::text as "dueOn", ${meetingActions.status} as "status",
  ${meetingActions.ownerName} as "ownerName", ${meetingActions.ownerOrganisation} as "ownerOrganisation",
  ${meetingActions.ownerUserId} as "ownerUserId", ${meetings.kind} as "meetingKind",
  ${meetings.heldOn}::text as "heldOn", ${meetingActions.episodeId} as "episodeId",
  ${episodeStates.referralId} as "referralId", ${referrals.reference} as "reference",
  ${referrals.givenName} || ' ' || ${referrals.familyName} as "personName", ${episodeStates.siteCode} as "siteCode",
  ${episodeStates.leadWorkerId} as "leadWorkerId"`;

const fromOpenActions = sql`from ${meetingActions}
  inner join ${meetings} on ${meetings.id} = ${meetingActions.meetingId}
  inner join ${episodeStates} on ${episodeStates.episodeId} = ${meetingActions.episodeId}
  inner join ${referrals} on ${referrals.id} = ${episodeStates.referralId}`;

const dueBefore = (siteCodes: readonly string[], before: string, scope: SQL | undefined) =>
  and(
    eq(meetingActions.status, 'open'),
    lt(meetingActions.dueOn, before),
    inArray(episodeStates.siteCode, [...siteCodes]),
    episodeOpen,
    scope,
  );

/**
 * Open actions due before `before` (an ISO date) on the open episodes of these sites, within `scope` (the
 * viewer's need-to-know; absent only for the system's own use), through the partial index on open actions.
 * Its rows come as the database sends them (dates as text): the worklist reads thousands on every request,
 * and mapping each column of each through the query builder cost more than reading them.
 */
export async function openActionsDueBefore(
  db: Queryable,
  siteCodes: readonly string[],
  before: string,
  scope: SQL | undefined,
): Promise<OpenAction[]> {
  if (!siteCodes.length) return [];
  return rowsOf<OpenAction>(
    await db.execute(sql`select ${openActionColumns} ${fromOpenActions} where ${dueBefore(siteCodes, before, scope)}`),
  );
}

/**
 * The first `first` of openActionsDueBefore's actions in the worklist's order (worklist/rules.ts byPriority, and
 * among equals the order overdueItems gives them), and how many there are: a page of a worklist reads the few it
 * can show, not every overdue action of every site. The order is the items': a risk forum's (`highKinds`, high)
 * before any other meeting's (medium); then the day it was due (the moment it fell overdue follows it); then the
 * referral; then the action. Identifiers compare as their text does in JavaScript (overdueRepository.test.ts).
 * With `mineOf`, only the actions that are that user's own item (worklist/rules.ts isMine): owned by them, or by
 * nobody in the team on a case they lead.
 */
export async function firstOpenActionsDueBefore(
  db: Queryable,
  siteCodes: readonly string[],
  before: string,
  scope: SQL,
  page: { first: number; highKinds: readonly string[]; mineOf?: string | undefined },
): Promise<{ actions: OpenAction[]; total: number }> {
  if (!siteCodes.length) return { actions: [], total: 0 };
  const mine = page.mineOf
    ? or(
        eq(meetingActions.ownerUserId, page.mineOf),
        sql`(${meetingActions.ownerUserId} is null and ${episodeStates.leadWorkerId} = ${page.mineOf})`,
      )
    : undefined;
  const severity = page.highKinds.length
    ? sql`case when ${inArray(meetings.kind, [...page.highKinds])} then 0 else 1 end`
    : sql`1`;
  // The count over every row, before the limit; at least one row is read so that the count comes with it.
  const rows = rowsOf<OpenAction & { total: string }>(
    await db.execute(sql`select ${openActionColumns}, count(*) over () as "total" ${fromOpenActions}
      where ${and(dueBefore(siteCodes, before, scope), mine)}
      order by ${severity}, ${meetingActions.dueOn}, ${episodeStates.referralId}, ${meetingActions.id}
      limit ${Math.max(1, page.first)}`),
  );
  const total = Number(rows[0]?.total ?? 0);
  const actions = rows.slice(0, Math.max(0, page.first)).map(({ total: _, ...action }) => action);
  return { actions, total };
}

/**
 * The navigation's share of the worklist's `action_overdue` items (worklist/service.ts): the overdue actions of
 * these `kinds` of meeting (the risk forums, whose items are high) that are the viewer's own item (worklist
 * rules.ts isMine: owned by them, or by nobody in the team and on a case they lead), read as
 * openActionsDueBefore reads them, within `scope`. One scalar subquery, from the two indexed ways in (the cases
 * they lead found at these sites in the index, migration 0032).
 */
export function overdueOwnActionsCountSql(
  viewer: Viewer,
  siteCodes: readonly string[],
  before: string,
  kinds: readonly string[],
  scope: SQL,
): SQL {
  if (!siteCodes.length || !kinds.length) return sql`0`;
  // Arrays, so that each way in is an index lookup and the actions are then read by their keys; as `in (...)`
  // and a join the planner may read every open action to find a worker's few.
  const led = sql`select le.episode_id from ${episodeStates} le
    where le.open and le.lead_worker_id = ${viewer.id} and ${inArray(sql`le.site_code`, [...siteCodes])}`;
  const own = sql`${meetingActions.id} = any(array(
    select mo.id from ${meetingActions} mo where mo.owner_user_id = ${viewer.id} and mo.status = 'open'
    union all
    select ml.id from ${meetingActions} ml where ml.episode_id = any(array(${led}))
      and ml.owner_user_id is null and ml.status = 'open'))`;
  return sql`(select count(*)::int from ${meetingActions}
    inner join ${meetings} on ${meetings.id} = ${meetingActions.meetingId}
    inner join ${episodeStates} on ${episodeStates.episodeId} = ${meetingActions.episodeId}
    inner join ${referrals} on ${referrals.id} = ${episodeStates.referralId}
    where ${and(
      own,
      eq(meetingActions.status, 'open'),
      lt(meetingActions.dueOn, before),
      inArray(meetings.kind, [...kinds]),
      inArray(episodeStates.siteCode, [...siteCodes]),
      episodeOpen,
      scope,
    )})`;
}
