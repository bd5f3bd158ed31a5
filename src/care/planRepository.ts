// All the SQL of an episode's support plan: its goals, their actions and the plan's reviews, and the next
// open action of many episodes for the caseload. Every function takes episode ids the service already
// holds from a scoped read (repository.ts findVisibleEpisode, or the caseload's own scoped list).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { planActions, planGoals, planReviews } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';

export type GoalRow = typeof planGoals.$inferSelect;
export type ActionRow = typeof planActions.$inferSelect;
export type ReviewRow = typeof planReviews.$inferSelect;

/** The row an insert returned (an insert without a conflict clause always returns it). */
function inserted<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('The insert returned no row');
  return row;
}

export function goalsOf(db: Queryable, episodeId: string): Promise<GoalRow[]> {
  return db
    .select()
    .from(planGoals)
    .where(eq(planGoals.episodeId, episodeId))
    .orderBy(asc(planGoals.createdAt), asc(planGoals.id));
}

export function actionsOf(db: Queryable, episodeId: string): Promise<ActionRow[]> {
  return db
    .select()
    .from(planActions)
    .where(eq(planActions.episodeId, episodeId))
    .orderBy(asc(planActions.dueOn), asc(planActions.createdAt), asc(planActions.id));
}

export function reviewsOf(db: Queryable, episodeId: string): Promise<ReviewRow[]> {
  return db
    .select()
    .from(planReviews)
    .where(eq(planReviews.episodeId, episodeId))
    .orderBy(desc(planReviews.reviewedOn), desc(planReviews.recordedAt));
}

export async function findGoal(db: Queryable, episodeId: string, goalId: string): Promise<GoalRow | undefined> {
  const [row] = await db
    .select()
    .from(planGoals)
    .where(and(eq(planGoals.episodeId, episodeId), eq(planGoals.id, goalId)));
  return row;
}

export async function findAction(db: Queryable, episodeId: string, actionId: string): Promise<ActionRow | undefined> {
  const [row] = await db
    .select()
    .from(planActions)
    .where(and(eq(planActions.episodeId, episodeId), eq(planActions.id, actionId)));
  return row;
}

/** The episode a goal belongs to (the caller then reads the episode through its scope, so a hidden one is 404). */
export async function episodeOfGoal(db: Queryable, goalId: string): Promise<string | undefined> {
  const [row] = await db.select({ episodeId: planGoals.episodeId }).from(planGoals).where(eq(planGoals.id, goalId));
  return row?.episodeId;
}

/** The episode an action belongs to (the caller then reads the episode through its scope, so a hidden one is 404). */
export async function episodeOfAction(db: Queryable, actionId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ episodeId: planActions.episodeId })
    .from(planActions)
    .where(eq(planActions.id, actionId));
  return row?.episodeId;
}

export async function insertGoal(db: Queryable, values: typeof planGoals.$inferInsert): Promise<GoalRow> {
  return inserted(await db.insert(planGoals).values(values).returning());
}

/** Updates only if the version is still `expectedVersion`; undefined when stale (db/updateIfVersion.ts). */
export function updateGoalIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<typeof planGoals.$inferInsert>,
): Promise<GoalRow | undefined> {
  return updateIfVersion(db, planGoals, id, expectedVersion, changes);
}

export async function insertAction(db: Queryable, values: typeof planActions.$inferInsert): Promise<ActionRow> {
  return inserted(await db.insert(planActions).values(values).returning());
}

/** Updates only if the version is still `expectedVersion`; undefined when stale (db/updateIfVersion.ts). */
export function updateActionIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<typeof planActions.$inferInsert>,
): Promise<ActionRow | undefined> {
  return updateIfVersion(db, planActions, id, expectedVersion, changes);
}

export async function insertReview(db: Queryable, values: typeof planReviews.$inferInsert): Promise<ReviewRow> {
  return inserted(await db.insert(planReviews).values(values).returning());
}

export interface NextAction {
  description: string;
  dueOn: string | null;
}

/** The earliest open action (not started or in progress) of each episode: earliest due date first, undated last. */
export async function nextActionsFor(db: Queryable, episodeIds: string[]): Promise<Map<string, NextAction>> {
  const ids = [...new Set(episodeIds)];
  if (!ids.length) return new Map();
  const rows = await db
    .select({ episodeId: planActions.episodeId, description: planActions.description, dueOn: planActions.dueOn })
    .from(planActions)
    .where(and(inArray(planActions.episodeId, ids), inArray(planActions.status, ['not_started', 'in_progress'])))
    .orderBy(
      asc(planActions.episodeId),
      sql`${planActions.dueOn} asc nulls last`,
      asc(planActions.createdAt),
      asc(planActions.id),
    );
  const next = new Map<string, NextAction>();
  for (const row of rows)
    if (!next.has(row.episodeId)) next.set(row.episodeId, { description: row.description, dueOn: row.dueOn });
  return next;
}
