// SQL for meetings and their actions. Reads by episode take an episode the caller already holds from the
// scoped read (partners/service.ts readableEpisode); reads that start from a meeting, an action or a user
// join the episode's referral and apply the viewer's scope themselves (access/scopes.ts). The worklist's overdue
// reads are in overdueRepository.ts.
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, meetingActions, meetings, referrals, userSites, users } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export type MeetingRow = typeof meetings.$inferSelect;
export type ActionRow = typeof meetingActions.$inferSelect;

/** The episode around a meeting or an action: its site and person, as the viewer may see them. */
const episodeColumns = {
  siteCode: episodes.siteCode,
  personId: episodes.personId,
  referralId: episodes.referralId,
  leadWorkerId: episodes.leadWorkerId,
  reference: referrals.reference,
  personName: sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`,
};
export interface EpisodeOfRecord {
  siteCode: string;
  personId: string;
  referralId: string;
  leadWorkerId: string | null;
  reference: string;
  personName: string;
}

export async function insertMeeting(db: Queryable, values: typeof meetings.$inferInsert): Promise<MeetingRow> {
  const [row] = await db.insert(meetings).values(values).returning();
  if (!row) throw new Error('The meeting was not stored');
  return row;
}

export async function insertActions(
  db: Queryable,
  values: (typeof meetingActions.$inferInsert)[],
): Promise<ActionRow[]> {
  if (!values.length) return [];
  return db.insert(meetingActions).values(values).returning();
}

/** The episode's meetings, newest first. */
export function meetingsOf(db: Queryable, episodeId: string): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetings)
    .where(eq(meetings.episodeId, episodeId))
    .orderBy(desc(meetings.heldOn), desc(meetings.recordedAt))
    .limit(500);
}

/** Every action of the episode's meetings, due first. */
export function actionsOfEpisode(db: Queryable, episodeId: string): Promise<ActionRow[]> {
  return db
    .select()
    .from(meetingActions)
    .where(eq(meetingActions.episodeId, episodeId))
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.createdAt), asc(meetingActions.id));
}

export async function findVisibleMeeting(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<{ meeting: MeetingRow; episode: EpisodeOfRecord } | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ meeting: meetings, ...episodeColumns })
    .from(meetings)
    .innerJoin(episodes, eq(episodes.id, meetings.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(meetings.id, id), referralScope(viewer)));
  if (!row) return undefined;
  const { meeting, ...episode } = row;
  return { meeting, episode };
}

export function actionsOfMeeting(db: Queryable, meetingId: string): Promise<ActionRow[]> {
  return db
    .select()
    .from(meetingActions)
    .where(eq(meetingActions.meetingId, meetingId))
    .orderBy(asc(meetingActions.createdAt), asc(meetingActions.id));
}

export async function findVisibleAction(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<{ action: ActionRow; meeting: MeetingRow; episode: EpisodeOfRecord } | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ action: meetingActions, meeting: meetings, ...episodeColumns })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(episodes, eq(episodes.id, meetingActions.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(meetingActions.id, id), referralScope(viewer)));
  if (!row) return undefined;
  const { action, meeting, ...episode } = row;
  return { action, meeting, episode };
}

export function updateAction(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<ActionRow>,
): Promise<ActionRow | undefined> {
  return updateIfVersion(db, meetingActions, id, expectedVersion, changes);
}

/** Owned by the user, or by a team they work in and not yet taken by one of its members. */
function ownedBy(viewer: Viewer): SQL | undefined {
  return or(
    eq(meetingActions.ownerUserId, viewer.id),
    viewer.siteCodes.length
      ? and(inArray(meetingActions.ownerSiteCode, viewer.siteCodes), isNull(meetingActions.ownerUserId))
      : undefined,
  );
}

/**
 * The navigation's "My actions (N overdue)", as one scalar subquery for the page's one statement of counts
 * (web/navCounts.ts): the open actions of "my actions" (actionsOwnedBy, as many as it lists) due before
 * `before`, the viewer's date in England. Due before today is overdue (rules.ts isOverdue: from the start of
 * the next day), and those come first in the list's order, so counting them within its limit is its count.
 */
export function overdueOwnedCountSql(viewer: Viewer, before: string): SQL {
  return sql`(select count(*)::int from (select 1 from ${meetingActions}
    inner join ${meetings} on ${meetings.id} = ${meetingActions.meetingId}
    inner join ${episodes} on ${episodes.id} = ${meetingActions.episodeId}
    inner join ${referrals} on ${referrals.id} = ${episodes.referralId}
    where ${and(ownedBy(viewer), eq(meetingActions.status, 'open'), lt(meetingActions.dueOn, before), referralScope(viewer))}
    limit ${OWNED_LIST_LIMIT}) listed)`;
}

const OWNED_LIST_LIMIT = 1000;

export type ActionWithContext = ActionRow & { meetingKind: string; heldOn: string } & EpisodeOfRecord;

/** "My actions": owned by the user, or by a team they work in and not yet taken by one of its members. */
export async function actionsOwnedBy(
  db: Queryable,
  viewer: Viewer,
  filter: { openOnly: boolean },
): Promise<ActionWithContext[]> {
  const rows = await db
    .select({ action: meetingActions, meetingKind: meetings.kind, heldOn: meetings.heldOn, ...episodeColumns })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(episodes, eq(episodes.id, meetingActions.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(ownedBy(viewer), filter.openOnly ? eq(meetingActions.status, 'open') : undefined, referralScope(viewer)))
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.id))
    .limit(OWNED_LIST_LIMIT);
  return rows.map(({ action, ...rest }) => ({ ...action, ...rest }));
}

/** The site's active practitioners and managers: who may own an action as a team member. */
export function staffOfSite(db: Queryable, siteCode: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(
      and(eq(userSites.siteCode, siteCode), inArray(users.role, ['practitioner', 'manager']), isNull(users.disabledAt)),
    )
    .orderBy(asc(users.name));
}

export async function userNames(db: Queryable, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
