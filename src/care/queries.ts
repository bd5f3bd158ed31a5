// Reads of the support plan for other modules (the caseload). The caller passes episode ids it has
// already found visible to its viewer: nothing here decides who may see what.
import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { planActions } from '../db/schema.ts';

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
