// Closing an episode of care: the coded reason, the end-of-service summary and each goal's outcome
// (written to plan_goals.outcome), as one `closed` event (closureRules.ts holds the rules). Shared by the
// episode service and by the handovers module, which closes the sending episode when the receiving team
// accepts (closeEpisodeForHandover: no site check, still audited and on the timeline).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, planGoals } from '../db/schema.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import type { AuditActor } from '../audit/auditLog.ts';
import { ValidationFailed } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { CLOSURE_REASON_TEXT, goalOutcomeProblems, goalTally, type GoalForClosure } from './closureRules.ts';
import { recordEpisodeEvent, storedEvents, phaseAt, windowPolicyOf, type WindowPolicy } from './episodeLifecycle.ts';
import type { EpisodeRow } from './episodeRepository.ts';
import type { EpisodePhase } from './phases.ts';
import type { ClosureBody, ClosureReason } from './schema.ts';

export async function goalsOf(db: Queryable, episodeId: string): Promise<(GoalForClosure & { needDomain: string })[]> {
  return db
    .select({
      id: planGoals.id,
      description: planGoals.description,
      outcome: planGoals.outcome,
      needDomain: planGoals.needDomain,
    })
    .from(planGoals)
    .where(eq(planGoals.episodeId, episodeId))
    .orderBy(asc(planGoals.createdAt), asc(planGoals.id));
}

/**
 * Closes the episode: 400 (nothing stored) when the goal outcomes are incomplete or name another
 * episode's goal, 409 when phases.ts refuses (already closed), 412 when stale.
 */
export async function closeEpisode(
  db: Queryable,
  row: EpisodeRow,
  actor: { id: string; audit: AuditActor },
  policy: WindowPolicy,
  body: ClosureBody,
  expectedVersion: number | undefined,
  now: Date,
): Promise<{ updated: EpisodeRow; phase: EpisodePhase }> {
  const goals = await goalsOf(db, row.id);
  const given = body.goalOutcomes ?? [];
  const problems = goalOutcomeProblems(body.reason, goals, given);
  if (problems.length) throw new ValidationFailed(problems);
  const tally = goalTally(given.map((g) => g.outcome));
  const result = await recordEpisodeEvent(
    db,
    row,
    actor,
    policy,
    expectedVersion,
    {
      event: { kind: 'closed', on: londonDate(now), reason: body.reason },
      field: 'reason',
      details: { summary: body.summary, goalOutcomes: given },
      columns: { closedReason: body.reason, closureSummary: body.summary },
      summary: `Episode of care closed: ${CLOSURE_REASON_TEXT[body.reason].toLowerCase()}.${tally ? ` Goals: ${tally}.` : ''}`,
      action: 'episode.closed',
    },
    now,
  );
  for (const g of given) {
    await db
      .update(planGoals)
      .set({ outcome: g.outcome, updatedAt: now, version: sql`${planGoals.version} + 1` })
      .where(and(eq(planGoals.id, g.goalId), eq(planGoals.episodeId, row.id)));
  }
  return result;
}

/** Someone acting for another module: a signed-in user, or an audit actor with the user's id. */
export type ClosingActor = Viewer | (AuditActor & { id: string });

/**
 * Closes the sending episode of a handover on behalf of the receiving team, who cannot see it: no
 * visibility or site check (the handover already authorised it), but the same event, timeline entry and
 * audit. Goals may stay open with the handover reasons (closureRules.ts). An episode already closed is
 * left as it is ('already_closed'): the sending team may have closed it first.
 */
export async function closeEpisodeForHandover(
  db: Queryable,
  actor: ClosingActor,
  episodeId: string,
  reason: ClosureReason,
  summary: string,
  now: Date,
): Promise<'closed' | 'already_closed'> {
  const [row] = await db.select().from(episodes).where(eq(episodes.id, episodeId));
  if (!row) throw new Error(`No episode ${episodeId}`);
  const policy = await windowPolicyOf(db, row.siteCode, now);
  if (phaseAt(row, await storedEvents(db, row.id), policy, now).status === 'closed') return 'already_closed';
  const audit = 'label' in actor ? { id: actor.id, label: actor.label } : actorOf(actor);
  await closeEpisode(db, row, { id: actor.id, audit }, policy, { reason, summary }, undefined, now);
  return 'closed';
}
