// The rules of closing an episode of care (issue "Episode lifecycle": "a coded reason, an end-of-service
// summary with each goal achieved / partly / not achieved"). Pure: tested in closureRules.test.ts.
//
// Decision: every goal of the support plan still without an outcome must be given one at closure (the
// end-of-service summary is only complete with them), except when support ends because the person died,
// moved and was transferred, or was stepped up or down: then the plan was cut short, and the receiving
// team (or nobody) carries it on, so judging each goal is optional.
import type { FieldError } from '../http/errors.ts';
import { CLOSURES_WITHOUT_GOAL_OUTCOMES, type ClosureReason, type GoalOutcome } from './schema.ts';

/** The reasons as a person reads them, in plain English (NHS content style). */
export const CLOSURE_REASON_TEXT: Record<ClosureReason, string> = {
  support_completed: 'Support completed',
  disengaged: 'Stopped engaging with support',
  moved_and_transferred: 'Moved away and transferred to another team',
  recalled_long_term: 'Recalled to custody for a long time',
  died: 'Died',
  declined_further_support: 'Declined further support',
  stepped_up_or_down: 'Stepped up or down to another service',
};

export const GOAL_OUTCOME_TEXT: Record<GoalOutcome, string> = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
};

export interface GoalForClosure {
  id: string;
  description: string;
  outcome: string | null;
}
export interface GivenOutcome {
  goalId: string;
  outcome: GoalOutcome;
}

/**
 * Field errors for the goal outcomes given at closure: each must name a goal of this episode, once; and
 * each goal still without an outcome must get one unless the reason lets it stay open (see above).
 * A missing goal is reported on `goalOutcomes.<goalId>`, a bad entry on `goalOutcomes.<index>.goalId`.
 */
export function goalOutcomeProblems(
  reason: ClosureReason,
  goals: readonly GoalForClosure[],
  given: readonly GivenOutcome[],
): FieldError[] {
  const problems: FieldError[] = [];
  const ids = new Set(goals.map((g) => g.id));
  const seen = new Set<string>();
  given.forEach((g, i) => {
    if (!ids.has(g.goalId))
      problems.push({ field: `goalOutcomes.${i}.goalId`, message: 'Must be a goal of this episode’s support plan' });
    else if (seen.has(g.goalId))
      problems.push({ field: `goalOutcomes.${i}.goalId`, message: 'Give each goal one outcome' });
    seen.add(g.goalId);
  });
  if (CLOSURES_WITHOUT_GOAL_OUTCOMES.includes(reason)) return problems;
  for (const goal of goals) {
    if (goal.outcome === null && !seen.has(goal.id)) {
      problems.push({
        field: `goalOutcomes.${goal.id}`,
        message: `Say whether the goal “${goal.description}” was achieved, partly achieved or not achieved`,
      });
    }
  }
  return problems;
}

/** "2 achieved, 1 partly achieved" for the timeline; empty when no goal was judged. */
export function goalTally(outcomes: readonly GoalOutcome[]): string {
  const counts = (['achieved', 'partly_achieved', 'not_achieved'] as const)
    .map((o) => [o, outcomes.filter((x) => x === o).length] as const)
    .filter(([, n]) => n > 0);
  return counts.map(([o, n]) => `${n} ${GOAL_OUTCOME_TEXT[o].toLowerCase()}`).join(', ');
}
