/**
 * The phase of an episode of care, computed from its dates and events and never stored by hand.
 * PRODUCT.md "The journey of a case", step 4: "phases anchored on the release date: pre-release (window
 * opens 6 or 3 months before release) → release → post-release (ends 12 or 6 months after) → closed
 * ... Recall to custody pauses the clock; re-release resumes it." The months come from the site policy
 * (seed 000: "up to 6 months prior to release and 12 months post release"; seed 002: "Support may start
 * 3-months before release & last for 6 months post-release").
 *
 * Pure: no clock and no I/O. `today` is England's calendar date (see londonDate), passed in, and the
 * result is the state as of that date: events dated after it are not applied yet.
 *
 * Decisions (the rules above are silent on these):
 * - No expected release date yet → `pre_release` with a warning: the episode is open and the release
 *   may come unplanned (seed 002: "Issues with releases from court and 'time served' prisoners").
 * - `releasedOn` is the first release of the episode; re-releases after recall are `lastReleasedOn`.
 * - The support allowance is counted in days: release + postReleaseMonths (month-end clamped). A recall
 *   freezes the days left; re-release restarts them (supportEndsOn = re-release + days left). A recall
 *   after the window has ended pauses nothing: the window stays ended.
 * - An extension's `until` becomes the end of support; its extra days pause with any later recall.
 * - Nothing closes by itself: after supportEndsOn the status stays `post_release` with a warning.
 * - Closure is administrative: it does not stop the clock, and reopening does not give time back. A
 *   closed episode's counts are as of its closure date, so the record stops there.
 * - A first release may predate the opening: PRODUCT.md "Leavers within the last 28 days may be
 *   accepted", and their support runs from the day they actually left custody.
 */
import { addDaysIso, addMonthsIso, daysBetweenIso, formatIsoDateLong, isRealIsoDate } from '../identifiers/dates.ts';
import type { SitePolicy } from '../sites/policy.ts';

export type EpisodeStatus = 'awaiting_window' | 'pre_release' | 'post_release' | 'paused' | 'closed';

export type EpisodeEvent =
  /** Every change of the expected release date; `on` is the day it was recorded. */
  | { kind: 'release_date_set'; on: string; expectedReleaseDate: string }
  /** The actual release (API.md: "also when it comes early, from court"). */
  | { kind: 'released'; on: string; from?: 'prison' | 'court' }
  /** Recall to custody pauses the clock. */
  | { kind: 'recalled'; on: string }
  /** Support beyond the window, approved by a manager. */
  | { kind: 'extension_approved'; on: string; until: string; reason: string; approvedBy: string }
  | { kind: 'closed'; on: string; reason: string }
  | { kind: 'reopened'; on: string; reason: string };

export interface EpisodePhaseInput extends Pick<SitePolicy, 'preReleaseMonths' | 'postReleaseMonths'> {
  openedOn: string;
  events: EpisodeEvent[];
}

export interface EpisodePhase {
  status: EpisodeStatus;
  /** The latest expected release date recorded. */
  expectedReleaseDate: string | null;
  /** The first release of the episode: the anchor of the post-release allowance. */
  releasedOn: string | null;
  /** The release that began the current (or, while recalled, the last) time in the community. */
  lastReleasedOn: string | null;
  /** expectedReleaseDate - preReleaseMonths. */
  preReleaseWindowOpensOn: string | null;
  /** releasedOn + postReleaseMonths + days paused by recall, or an approved extension's `until`; while recalled, the end if re-released today. */
  supportEndsOn: string | null;
  /** Whether `supportEndsOn` is projected from the expected release date (before the first release). */
  supportEndsOnProjected: boolean;
  /** Post-release days used so far across recalls, at most the allowance (with extensions). */
  daysInCommunityUsed: number;
  /** Days until the expected release while in custody (negative once it has passed), else null. */
  daysToRelease: number | null;
  /** Days since releasedOn, or null before release. */
  daysSinceRelease: number | null;
  /** Plain-English problems a worker should act on. */
  warnings: string[];
}

const EVENT_LABELS: Record<EpisodeEvent['kind'], string> = {
  release_date_set: 'expected release date',
  released: 'release',
  recalled: 'recall to custody',
  extension_approved: 'extension',
  closed: 'closure',
  reopened: 'reopening',
};

/** Everything the events have established, replayed in date order. */
interface Fold {
  closedOn: string | null;
  expectedReleaseDate: string | null;
  /** Whether the expected date was recorded in the current spell in custody (not a stale pre-recall date). */
  expectedIsCurrent: boolean;
  releasedOn: string | null;
  lastReleasedOn: string | null;
  /** Set while recalled to custody. */
  recalledOn: string | null;
  /** The end of support; while recalled, the end as it stood at the recall. */
  endsOn: string | null;
  /** Days of support left at the recall (0 if the window had already ended). */
  daysLeftAtRecall: number;
  /** The post-release allowance in days, with approved extensions. */
  allowanceDays: number;
}

const EMPTY: Fold = {
  closedOn: null,
  expectedReleaseDate: null,
  expectedIsCurrent: false,
  releasedOn: null,
  lastReleasedOn: null,
  recalledOn: null,
  endsOn: null,
  daysLeftAtRecall: 0,
  allowanceDays: 0,
};

function long(iso: string): string {
  return isRealIsoDate(iso) ? formatIsoDateLong(iso) : JSON.stringify(iso);
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** Events in date order; Array.prototype.sort is stable, so same-day events keep their recorded order. */
function inDateOrder(events: readonly EpisodeEvent[]): EpisodeEvent[] {
  return [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

function supportEndsOnAt(s: Fold, date: string): string | null {
  if (s.recalledOn !== null && s.daysLeftAtRecall > 0) return addDaysIso(later(date, s.recalledOn), s.daysLeftAtRecall);
  return s.endsOn;
}

function daysUsedAt(s: Fold, date: string): number {
  if (s.endsOn === null) return 0;
  const left = s.recalledOn !== null ? s.daysLeftAtRecall : daysBetweenIso(date, s.endsOn);
  return s.allowanceDays - Math.min(s.allowanceDays, Math.max(0, left));
}

/** Applies one event to the state, or says in plain English why it cannot happen (leaving the state as it was). */
function apply(s: Fold, e: EpisodeEvent, input: EpisodePhaseInput): { next: Fold } | { refused: string } {
  const refuse = (reason: string) => ({ refused: reason });
  const label = EVENT_LABELS[e.kind];
  if (!isRealIsoDate(e.on))
    return refuse(`The date of the ${label} (${JSON.stringify(e.on)}) is not a real calendar date.`);
  const recentLeaver = e.kind === 'released' && s.releasedOn === null;
  if (e.on < input.openedOn && !recentLeaver) {
    return refuse(`The ${label} (${long(e.on)}) is before the episode opened on ${long(input.openedOn)}.`);
  }
  if (s.closedOn !== null && e.kind !== 'reopened') {
    return refuse(`The episode was closed on ${long(s.closedOn)}: reopen it before recording a ${label}.`);
  }
  const inCommunity = s.releasedOn !== null && s.recalledOn === null;
  switch (e.kind) {
    case 'release_date_set':
      if (!isRealIsoDate(e.expectedReleaseDate))
        return refuse(
          `The expected release date ${JSON.stringify(e.expectedReleaseDate)} is not a real calendar date.`,
        );
      if (e.expectedReleaseDate < e.on)
        return refuse(
          `An expected release date (${long(e.expectedReleaseDate)}) cannot be earlier than the day it is recorded (${long(e.on)}): record the release instead.`,
        );
      if (inCommunity)
        return refuse(
          `The person was released on ${long(s.lastReleasedOn ?? e.on)}: record a recall to custody before a new expected release date.`,
        );
      return { next: { ...s, expectedReleaseDate: e.expectedReleaseDate, expectedIsCurrent: true } };
    case 'released': {
      if (inCommunity)
        return refuse(
          `The person was already released on ${long(s.lastReleasedOn ?? e.on)}: a second release needs a recall to custody first.`,
        );
      if (s.releasedOn === null || s.endsOn === null) {
        const endsOn = addMonthsIso(e.on, input.postReleaseMonths);
        return {
          next: {
            ...s,
            releasedOn: e.on,
            lastReleasedOn: e.on,
            endsOn,
            allowanceDays: daysBetweenIso(e.on, endsOn),
            expectedIsCurrent: false,
          },
        };
      }
      // Re-release: the days left at the recall start again today (PRODUCT.md: "re-release resumes it").
      const endsOn = s.daysLeftAtRecall > 0 ? addDaysIso(e.on, s.daysLeftAtRecall) : s.endsOn;
      return {
        next: { ...s, lastReleasedOn: e.on, recalledOn: null, endsOn, daysLeftAtRecall: 0, expectedIsCurrent: false },
      };
    }
    case 'recalled':
      if (s.releasedOn === null || s.endsOn === null)
        return refuse('The person has not been released: a recall to custody can only follow a release.');
      if (s.recalledOn !== null)
        return refuse(`The person was already recalled on ${long(s.recalledOn)}: record the re-release first.`);
      return {
        next: {
          ...s,
          recalledOn: e.on,
          daysLeftAtRecall: Math.max(0, daysBetweenIso(e.on, s.endsOn)),
          expectedIsCurrent: false,
        },
      };
    case 'extension_approved': {
      if (s.releasedOn === null || s.endsOn === null)
        return refuse('Support can only be extended after release: there is no support window to extend yet.');
      if (s.recalledOn !== null)
        return refuse(
          `The person was recalled to custody on ${long(s.recalledOn)}: the clock is paused, so extend support after re-release.`,
        );
      if (!isRealIsoDate(e.until))
        return refuse(`The extension's end date ${JSON.stringify(e.until)} is not a real calendar date.`);
      if (e.reason.trim() === '') return refuse('An extension needs a reason.');
      if (e.approvedBy.trim() === '') return refuse('An extension needs the name of the manager who approved it.');
      if (e.until <= s.endsOn)
        return refuse(
          `The extension must end after the current end of support (${long(s.endsOn)}), not on ${long(e.until)}.`,
        );
      if (e.until < e.on)
        return refuse(`The extension would end (${long(e.until)}) before it was approved (${long(e.on)}).`);
      return { next: { ...s, endsOn: e.until, allowanceDays: s.allowanceDays + daysBetweenIso(s.endsOn, e.until) } };
    }
    case 'closed':
      if (e.reason.trim() === '') return refuse('Closing an episode needs a reason.');
      return { next: { ...s, closedOn: e.on } };
    case 'reopened':
      if (s.closedOn === null) return refuse('The episode is not closed, so it cannot be reopened.');
      if (e.reason.trim() === '') return refuse('Reopening an episode needs a reason.');
      return { next: { ...s, closedOn: null } };
  }
}

interface Replay {
  state: Fold;
  refusals: { event: EpisodeEvent; reason: string }[];
}

/** Replays events in date order; an event that cannot happen is set aside with its reason. */
function replay(input: EpisodePhaseInput, events: readonly EpisodeEvent[]): Replay {
  let state = EMPTY;
  const refusals: Replay['refusals'] = [];
  for (const event of inDateOrder(events)) {
    const result = apply(state, event, input);
    if ('next' in result) state = result.next;
    else refusals.push({ event, reason: result.refused });
  }
  return { state, refusals };
}

function statusOf(s: Fold, opensOn: string | null, today: string): EpisodeStatus {
  if (s.closedOn !== null) return 'closed';
  if (s.recalledOn !== null) return 'paused';
  if (s.releasedOn !== null) return 'post_release';
  return opensOn !== null && today < opensOn ? 'awaiting_window' : 'pre_release';
}

function warningsFor(status: EpisodeStatus, s: Fold, supportEndsOn: string | null, today: string): string[] {
  const warnings: string[] = [];
  if (status === 'pre_release' && s.expectedReleaseDate === null) {
    warnings.push(
      'No expected release date is recorded, so the pre-release window cannot be placed: record it, and keep a contingency plan for an unplanned release.',
    );
  }
  if (status === 'pre_release' && s.expectedReleaseDate !== null && s.expectedReleaseDate < today) {
    warnings.push(
      `The expected release date (${long(s.expectedReleaseDate)}) has passed: record the release, or the new expected release date.`,
    );
  }
  if (status === 'paused' && s.daysLeftAtRecall === 0 && s.endsOn !== null) {
    warnings.push(
      `The support window ended on ${long(s.endsOn)}, before the recall: close the episode, or after re-release ask a manager to extend it.`,
    );
  } else if (status === 'paused' && !s.expectedIsCurrent) {
    warnings.push(
      `Recalled to custody on ${long(s.recalledOn ?? today)} with no expected re-release date recorded since: record it when known.`,
    );
  }
  if (status === 'post_release' && supportEndsOn !== null && supportEndsOn < today) {
    warnings.push(
      `The support window ended on ${long(supportEndsOn)}: close the episode or ask a manager to extend it.`,
    );
  }
  return warnings;
}

/** The episode's status and dates as of `today` (an ISO date), from its events alone. */
export function episodePhase(input: EpisodePhaseInput, today: string): EpisodePhase {
  const { state: s, refusals } = replay(
    input,
    input.events.filter((e) => e.on <= today),
  );
  const asOf = s.closedOn ?? today;
  const opensOn = s.expectedReleaseDate === null ? null : addMonthsIso(s.expectedReleaseDate, -input.preReleaseMonths);
  const status = statusOf(s, opensOn, today);
  // Issue 10: "`supportEndsOn` is projected from the expected release date until release" (API.md).
  const projected = s.releasedOn === null && s.closedOn === null && s.expectedReleaseDate !== null;
  const supportEndsOn =
    projected && s.expectedReleaseDate !== null
      ? addMonthsIso(s.expectedReleaseDate, input.postReleaseMonths)
      : supportEndsOnAt(s, asOf);
  const inCustody = s.releasedOn === null || s.recalledOn !== null;
  const expectedIsCurrent = s.expectedReleaseDate !== null && (s.releasedOn === null || s.expectedIsCurrent);
  return {
    status,
    expectedReleaseDate: s.expectedReleaseDate,
    releasedOn: s.releasedOn,
    lastReleasedOn: s.lastReleasedOn,
    preReleaseWindowOpensOn: opensOn,
    supportEndsOn,
    supportEndsOnProjected: projected,
    daysInCommunityUsed: daysUsedAt(s, asOf),
    daysToRelease:
      inCustody && expectedIsCurrent && s.expectedReleaseDate !== null
        ? daysBetweenIso(asOf, s.expectedReleaseDate)
        : null,
    daysSinceRelease: s.releasedOn === null ? null : daysBetweenIso(s.releasedOn, asOf),
    warnings: [
      ...warningsFor(status, s, supportEndsOn, today),
      ...refusals.map(
        ({ event, reason }) => `Ignored the ${EVENT_LABELS[event.kind]} recorded for ${long(event.on)}: ${reason}`,
      ),
    ],
  };
}

/**
 * Null if the event may be recorded now, else a plain-English reason. The event is replayed with the
 * history in date order, so a back-dated event is also refused when it would make a later one impossible.
 */
export function validateEvent(input: EpisodePhaseInput, event: EpisodeEvent, today: string): string | null {
  const label = EVENT_LABELS[event.kind];
  if (!isRealIsoDate(event.on))
    return `The date of the ${label} (${JSON.stringify(event.on)}) is not a real calendar date.`;
  if (event.on > today) return `The ${label} is dated ${long(event.on)}, in the future: record it on the day or after.`;
  const before = new Set(replay(input, input.events).refusals.map((r) => r.event));
  const refusal = replay(input, [...input.events, event]).refusals.find(
    (r) => r.event === event || !before.has(r.event),
  );
  if (refusal === undefined) return null;
  if (refusal.event === event) return refusal.reason;
  return `That would make the ${EVENT_LABELS[refusal.event.kind]} recorded for ${long(refusal.event.on)} impossible: ${refusal.reason}`;
}
