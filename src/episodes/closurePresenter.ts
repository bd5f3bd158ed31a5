// The closure page's model and the closure letter's facts, from the closure's reads (closureRepository.ts).
import { londonDate } from '../identifiers/dates.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { ClosureLetterFacts } from './closureLetterContent.ts';
import type { ClosureLetterRow, ClosurePageRow } from './closureRepository.ts';
import { CLOSURE_REASON_TEXT, GOAL_OUTCOME_TEXT } from './closureRules.ts';
import type { EpisodePhase } from './phases.ts';
import { closedReasonText, STATUS_TEXT, type EpisodeView } from './presenter.ts';
import { CLOSURE_REASONS, CLOSURES_WITHOUT_GOAL_OUTCOMES, GOAL_OUTCOMES } from './schema.ts';

export interface ClosurePageParts {
  view: EpisodeView;
  row: ClosurePageRow;
  abilities: { workOnEpisode: boolean; reopenEpisode: boolean };
}

/** Closing with a coded reason, the summary and each goal's outcome; once closed, the summary, the letter and reopening. */
export function presentClosurePage({ view, row, abilities }: ClosurePageParts) {
  const person = { reference: row.reference, name: row.personName };
  return {
    pageTitle: `Closure: ${person.name}`,
    section: 'caseload',
    backHref: `/episodes/${view.id}`,
    episode: view,
    person,
    statusText: STATUS_TEXT[view.status],
    closedReason: closedReasonText(view.closedReason) ?? view.closedReason,
    goals: row.goals,
    // Not `abilities`: the layout's navigation reads that name (app.ts).
    allowed: abilities,
    reasons: CLOSURE_REASONS.map((value) => ({ value, text: CLOSURE_REASON_TEXT[value] })),
    outcomes: GOAL_OUTCOMES.map((value) => ({ value, text: GOAL_OUTCOME_TEXT[value] })),
    outcomeText: GOAL_OUTCOME_TEXT,
    optionalGoalReasons: CLOSURES_WITHOUT_GOAL_OUTCOMES.map((r) => CLOSURE_REASON_TEXT[r].toLowerCase()),
  };
}
export type ClosurePage = ReturnType<typeof presentClosurePage>;

/** What the letter says (closureLetterContent.ts), from its read, the episode's phase and the team. */
export function closureLetterFacts(
  row: ClosureLetterRow,
  phase: EpisodePhase,
  site: SiteDefinition | undefined,
  now: Date,
): ClosureLetterFacts {
  const closed = row.events.filter((e) => e.kind === 'closed').at(-1);
  return {
    person: row.person,
    referrer: row.referrer,
    referredOn: londonDate(row.referredAt),
    gpPractice: row.gpPractice,
    team: { name: site?.name ?? row.episode.siteCode, provider: site?.provider ?? null },
    leadWorker: row.leadWorker,
    openedOn: row.episode.openedOn,
    releasedOn: phase.releasedOn,
    closedOn: closed?.on ?? londonDate(now),
    reason: row.episode.closedReason,
    summary: row.episode.closureSummary,
    contactsAttended: row.attendedTypes.length,
    contactTypes: [...new Set(row.attendedTypes)],
    goals: row.goals,
    writtenOn: londonDate(now),
  };
}
