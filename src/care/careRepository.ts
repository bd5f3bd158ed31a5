// SQL in and out for assessments, formulations and the support plan. Every function takes an episode id
// the service has already found visible (episodes/episodeRepository.ts#findVisibleEpisode): nothing here
// decides who may see what.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { assessments, formulations, planActions, planGoals, planReviews } from '../db/schema.ts';

export type AssessmentRow = typeof assessments.$inferSelect;
export type FormulationRow = typeof formulations.$inferSelect;
export type GoalRow = typeof planGoals.$inferSelect;
export type ActionRow = typeof planActions.$inferSelect;
export type ReviewRow = typeof planReviews.$inferSelect;

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

/** Updates only if the version is still `expectedVersion`; undefined when stale. */
export async function updateAssessmentIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<AssessmentRow>,
): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .update(assessments)
    .set({ ...changes, version: sql`${assessments.version} + 1` })
    .where(and(eq(assessments.id, id), eq(assessments.version, expectedVersion)))
    .returning();
  return row;
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

export async function insertGoal(db: Queryable, values: typeof planGoals.$inferInsert): Promise<GoalRow> {
  const [row] = await db.insert(planGoals).values(values).returning();
  return row!;
}

export async function updateGoalIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<GoalRow>,
): Promise<GoalRow | undefined> {
  const [row] = await db
    .update(planGoals)
    .set({ ...changes, version: sql`${planGoals.version} + 1` })
    .where(and(eq(planGoals.id, id), eq(planGoals.version, expectedVersion)))
    .returning();
  return row;
}

export async function insertAction(db: Queryable, values: typeof planActions.$inferInsert): Promise<ActionRow> {
  const [row] = await db.insert(planActions).values(values).returning();
  return row!;
}

export async function updateActionIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<ActionRow>,
): Promise<ActionRow | undefined> {
  const [row] = await db
    .update(planActions)
    .set({ ...changes, version: sql`${planActions.version} + 1` })
    .where(and(eq(planActions.id, id), eq(planActions.version, expectedVersion)))
    .returning();
  return row;
}

export async function insertReview(db: Queryable, values: typeof planReviews.$inferInsert): Promise<ReviewRow> {
  const [row] = await db.insert(planReviews).values(values).returning();
  return row!;
}
