// All the SQL of an episode's care record: the episode as the viewer may see it (need-to-know is its
// referral's, applied in the query: access/scopes.ts) with the person as its referral names them, its
// dated events, the names behind user ids, the site's team, and the assessments, formulations and support
// plan themselves. Every function but findVisibleEpisode takes an episode id the service already holds
// from that scoped read (or, for nextActionsFor, from another scoped list): nothing else decides who may
// see what.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import {
  assessments,
  episodeEvents,
  episodes,
  formulations,
  planGoals,
  referrals,
  userSites,
  users,
} from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

/** The episode a care record belongs to, with the person as its referral names them. */
export interface CareEpisode {
  id: string;
  referralId: string;
  personId: string;
  siteCode: string;
  openedOn: string;
  reference: string;
  personName: string;
}

export async function findVisibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<CareEpisode | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      id: episodes.id,
      referralId: episodes.referralId,
      personId: episodes.personId,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      reference: referrals.reference,
      personName: sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row;
}

/** The episode's dated events, in recorded order: its phase is computed from them (episodes/phases.ts). */
export function eventsOf(db: Queryable, episodeId: string) {
  return db
    .select({ kind: episodeEvents.kind, on: episodeEvents.on, data: episodeEvents.data })
    .from(episodeEvents)
    .where(eq(episodeEvents.episodeId, episodeId))
    .orderBy(asc(episodeEvents.id));
}

export type Names = Map<string, string>;

export async function userNames(db: Queryable, ids: readonly (string | null)[]): Promise<Names> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The team (practitioners and managers, access/roles.ts) of a site still active: who may own an action. */
const activeTeamOf = (siteCode: string) =>
  and(eq(userSites.siteCode, siteCode), inArray(users.role, ['practitioner', 'manager']), isNull(users.disabledAt));

export function teamOf(db: Queryable, siteCode: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(activeTeamOf(siteCode))
    .orderBy(asc(users.name));
}

export async function isInTeamOf(db: Queryable, userId: string, siteCode: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(users.id, userId), activeTeamOf(siteCode)));
  return row !== undefined;
}

/** Whether the episode has any care record yet (the demo adds only to episodes with none). */
export async function hasCareRecord(db: Queryable, episodeId: string): Promise<boolean> {
  const [row] = rowsOf<{ found: boolean }>(
    await db.execute(sql`select (
      exists (select 1 from ${assessments} where ${assessments.episodeId} = ${episodeId})
      or exists (select 1 from ${formulations} where ${formulations.episodeId} = ${episodeId})
      or exists (select 1 from ${planGoals} where ${planGoals.episodeId} = ${episodeId})) as found`),
  );
  return row?.found === true;
}

export type AssessmentRow = typeof assessments.$inferSelect;
export type FormulationRow = typeof formulations.$inferSelect;

export function assessmentsOf(db: Queryable, episodeId: string): Promise<AssessmentRow[]> {
  return db.select().from(assessments).where(eq(assessments.episodeId, episodeId)).orderBy(desc(assessments.number));
}

export async function findAssessment(
  db: Queryable,
  episodeId: string,
  number: number,
): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.episodeId, episodeId), eq(assessments.number, number)));
  return row;
}

/** Undefined when the number was taken meanwhile (two starts at once): one assessment per number. */
export async function insertAssessment(
  db: Queryable,
  values: typeof assessments.$inferInsert,
): Promise<AssessmentRow | undefined> {
  const [row] = await db.insert(assessments).values(values).onConflictDoNothing().returning();
  return row;
}

/** Updates only if the version is still `expectedVersion`; undefined when stale (db/updateIfVersion.ts). */
export function updateAssessmentIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<typeof assessments.$inferInsert>,
): Promise<AssessmentRow | undefined> {
  return updateIfVersion(db, assessments, id, expectedVersion, changes);
}

export function formulationsOf(db: Queryable, episodeId: string): Promise<FormulationRow[]> {
  return db.select().from(formulations).where(eq(formulations.episodeId, episodeId)).orderBy(desc(formulations.number));
}

export async function insertFormulation(
  db: Queryable,
  values: typeof formulations.$inferInsert,
): Promise<FormulationRow | undefined> {
  const [row] = await db.insert(formulations).values(values).onConflictDoNothing().returning();
  return row;
}
