// The pure rules of an episode's care record (issue "Assessment, formulation and plan"): the task list
// progress of an assessment, the needs it found, what a new assessment carries over, which needs a goal
// may be linked to, when the support plan is next reviewed, and that a closed episode's record no longer
// changes. No database, no clock: `today` is passed in.
import { addDaysIso, daysBetweenIso, isRealIsoDate } from '../identifiers/dates.ts';
import type { FieldError } from '../http/errors.ts';
import type { SitePolicy } from '../sites/policy.ts';
import { episodePhase, type EpisodeEvent } from '../episodes/phases.ts';
import { DOMAINS, DOMAIN_CODES, STRENGTHS, type DomainAnswer, type DomainCode, type NeedLevel } from './domains.ts';
import { isBlank, type DomainAnswerBody } from './schema.ts';

/** The stored answer of a valid body: blanks dropped, so a saved form shows what was said. */
export function toDomainAnswer(body: DomainAnswerBody): DomainAnswer {
  const fields = Object.fromEntries(
    Object.entries(body.fields as Record<string, unknown>).filter(
      ([, v]) => !isBlank(v) && !(Array.isArray(v) && v.length === 0),
    ),
  );
  return {
    status: body.complete ? 'completed' : 'incomplete',
    level: body.level ?? null,
    notes: body.notes || null,
    fields,
  };
}

/** NHS task list statuses (service manual, task list): not yet started, incomplete, completed. */
export type TaskStatus = 'not_started' | 'incomplete' | 'completed';

export interface AssessmentProgress {
  items: { domain: DomainCode; label: string; hint: string; status: TaskStatus; level: NeedLevel | null }[];
  completed: number;
  total: number;
  /** An assessment is completed only when every domain is. */
  canComplete: boolean;
}

export function assessmentProgress(domains: Partial<Record<string, DomainAnswer>>): AssessmentProgress {
  const items = DOMAINS.map((d) => {
    const answer = domains[d.code];
    const status: TaskStatus = !answer ? 'not_started' : answer.status === 'completed' ? 'completed' : 'incomplete';
    return { domain: d.code, label: d.label, hint: d.hint, status, level: answer?.level ?? null };
  });
  const completed = items.filter((i) => i.status === 'completed').length;
  return { items, completed, total: items.length, canComplete: completed === items.length };
}

/** Domains assessed as a need (low, medium or high): what support plan goals are linked to. */
export function assessedNeeds(domains: Partial<Record<string, DomainAnswer>>): DomainCode[] {
  return DOMAIN_CODES.filter((code) => {
    const level = domains[code]?.level;
    return level === 'low' || level === 'medium' || level === 'high';
  });
}

/**
 * Weeks between support plan reviews when the site's policy does not say (`planReviewWeeks`): six, so that
 * a RECONNECT episode's six months after release hold four reviews and an Enhanced RECONNECT year eight.
 */
export const DEFAULT_PLAN_REVIEW_WEEKS = 6;

export interface ReviewDue {
  /** When the next review is due; null while the plan has no goals (nothing to review). */
  dueOn: string | null;
  /** `plan_started`: first review after the first goal; `last_review`: the interval after the latest review; `agreed`: the date the latest review set. */
  basis: 'no_plan' | 'plan_started' | 'last_review' | 'agreed';
  daysUntil: number | null;
  overdue: boolean;
}

/**
 * When the support plan is next reviewed (issue: "reviewed on a schedule; each review recorded"). The
 * latest review's own next date wins; otherwise the site's interval counts from the latest review or,
 * before any, from the day the plan started.
 */
export function reviewDue(
  plan: { startedOn: string | null },
  reviews: readonly { reviewedOn: string; nextReviewOn: string | null }[],
  policy: { planReviewWeeks?: number | undefined },
  today: string,
): ReviewDue {
  const weeks =
    policy.planReviewWeeks && policy.planReviewWeeks > 0 ? policy.planReviewWeeks : DEFAULT_PLAN_REVIEW_WEEKS;
  const latest = [...reviews].sort((a, b) => a.reviewedOn.localeCompare(b.reviewedOn)).at(-1);
  let dueOn: string | null;
  let basis: ReviewDue['basis'];
  if (latest?.nextReviewOn && isRealIsoDate(latest.nextReviewOn)) {
    dueOn = latest.nextReviewOn;
    basis = 'agreed';
  } else if (latest) {
    dueOn = addDaysIso(latest.reviewedOn, weeks * 7);
    basis = 'last_review';
  } else if (plan.startedOn) {
    dueOn = addDaysIso(plan.startedOn, weeks * 7);
    basis = 'plan_started';
  } else {
    return { dueOn: null, basis: 'no_plan', daysUntil: null, overdue: false };
  }
  const daysUntil = daysBetweenIso(today, dueOn);
  return { dueOn, basis, daysUntil, overdue: daysUntil < 0 };
}

/**
 * A new assessment started from the previous one: its answers carried over, each domain marked
 * incomplete so that the worker confirms it again rather than carrying old findings over unseen.
 */
export function carriedOver(previous: Record<string, DomainAnswer>): Record<string, DomainAnswer> {
  return Object.fromEntries(
    Object.entries(previous).map(([code, answer]) => [code, { ...answer, status: 'incomplete' as const }]),
  );
}

/**
 * Domains a goal may be linked to: each domain's latest rating across the assessments (completed or still
 * in progress), if a need (low, medium or high); and strengths, for a goal that builds on a strength.
 */
export function goalDomains(
  assessments: readonly { number: number; domains: Record<string, DomainAnswer> }[],
): string[] {
  const latest = new Map<string, NeedLevel>();
  for (const row of [...assessments].sort((a, b) => b.number - a.number)) {
    for (const [code, answer] of Object.entries(row.domains)) {
      if (answer.level && !latest.has(code)) latest.set(code, answer.level);
    }
  }
  return DOMAIN_CODES.filter(
    (code) => code === STRENGTHS || ['low', 'medium', 'high'].includes(latest.get(code) ?? 'no_need'),
  );
}

/** A review is dated today or earlier, and the next one it agrees (if any) comes after it. */
export function reviewDateErrors(review: { reviewedOn: string; nextReviewOn?: string | undefined }, today: string) {
  const errors: FieldError[] = [];
  if (review.reviewedOn > today) errors.push({ field: 'reviewedOn', message: 'Must be today or in the past' });
  if (review.nextReviewOn !== undefined && review.nextReviewOn <= review.reviewedOn)
    errors.push({ field: 'nextReviewOn', message: 'Must be after the date of the review' });
  return errors;
}

/** Why a closed episode's record is refused (409): the state of the episode, not who is asking. */
export const CLOSED_REASON =
  'This episode of care is closed: its assessment, formulation and support plan can no longer change. Reopen the episode first.';

/** Whether the episode is closed on `today`, from its dated events (episodes/phases.ts). */
export function isClosed(
  episode: { openedOn: string },
  events: readonly { kind: string; on: string; data: unknown }[],
  policy: Pick<SitePolicy, 'preReleaseMonths' | 'postReleaseMonths'>,
  today: string,
): boolean {
  const phase = episodePhase(
    {
      openedOn: episode.openedOn,
      // The stored `data` holds the event itself, plus any details beside it (episode_events).
      events: events.map((e) => ({ ...(e.data as object), kind: e.kind, on: e.on }) as EpisodeEvent),
      preReleaseMonths: policy.preReleaseMonths,
      postReleaseMonths: policy.postReleaseMonths,
    },
    today,
  );
  return phase.status === 'closed';
}
