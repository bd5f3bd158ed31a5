// SQL in and out for release plans. Callers have already found the episode through findVisibleEpisode.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodeEvents, releasePlans, users } from '../db/schema.ts';
import type { ReleasePlan } from './types.ts';

export type ReleasePlanRow = Omit<typeof releasePlans.$inferSelect, 'plan'> & { plan: ReleasePlan };

export async function findPlan(db: Queryable, episodeId: string): Promise<ReleasePlanRow | undefined> {
  const [row] = await db.select().from(releasePlans).where(eq(releasePlans.episodeId, episodeId));
  return row as ReleasePlanRow | undefined;
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
  const [row] = await db
    .update(releasePlans)
    .set({ plan, version: sql`${releasePlans.version} + 1`, updatedBy: by, updatedAt: at })
    .where(and(eq(releasePlans.episodeId, episodeId), eq(releasePlans.version, expectedVersion)))
    .returning();
  return row as ReleasePlanRow | undefined;
}

/** The episode's dated events with who recorded each, in recorded order. */
export async function eventsWithAuthors(db: Queryable, episodeId: string) {
  return db
    .select({ event: episodeEvents, byName: users.name })
    .from(episodeEvents)
    .leftJoin(users, eq(users.id, episodeEvents.recordedBy))
    .where(eq(episodeEvents.episodeId, episodeId))
    .orderBy(asc(episodeEvents.id));
}
