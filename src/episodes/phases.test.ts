import { describe, it, expect } from 'vitest';
import { episodePhase, validateEvent } from './phases.ts';
import type { EpisodeEvent, EpisodePhase, EpisodePhaseInput } from './phases.ts';

/** The two service models' windows (PRODUCT.md "Sites and their rules": 6 / 12 and 3 / 6 months). */
const MODELS = {
  ER: { preReleaseMonths: 6, postReleaseMonths: 12 },
  RECONNECT: { preReleaseMonths: 3, postReleaseMonths: 6 },
} as const;
type Model = keyof typeof MODELS;

const S000 = 'seed 000: up to 6 months prior to release and 12 months post release';
const S001 = 'seed 001: Continue to support up to 12 months after release';
const S002 = 'seed 002: Support may start 3-months before release & last for 6 months post-release';
const S002_COURT = "seed 002: Issues with releases from court and 'time served' prisoners";
const P4 =
  'PRODUCT.md step 4: pre-release (window opens 6 or 3 months before release) → release → post-release (ends 12 or 6 months after) → closed';
const P4_RECALL = 'PRODUCT.md step 4: Recall to custody pauses the clock; re-release resumes it';
const P8_CHANGED = 'PRODUCT.md step 8: release date changed';
const P8_ENDING = 'PRODUCT.md step 8: support ending';
const P_28 = 'PRODUCT.md: Leavers within the last 28 days may be accepted';
const API_RELEASE = 'API.md: records the actual release (also when it comes early, from court)';
const API_CLOSE = 'API.md: POST /api/v1/episodes/{id}/close body {"reason","summary"}';

const setDate = (on: string, expectedReleaseDate: string): EpisodeEvent => ({
  kind: 'release_date_set',
  on,
  expectedReleaseDate,
});
const release = (on: string, from?: 'prison' | 'court'): EpisodeEvent =>
  from ? { kind: 'released', on, from } : { kind: 'released', on };
const recall = (on: string): EpisodeEvent => ({ kind: 'recalled', on });
const extend = (
  on: string,
  until: string,
  reason = 'housing not yet settled',
  approvedBy = 'A. Manager',
): EpisodeEvent => ({ kind: 'extension_approved', on, until, reason, approvedBy });
const close = (on: string, reason = 'support_completed'): EpisodeEvent => ({ kind: 'closed', on, reason });
const reopen = (on: string): EpisodeEvent => ({ kind: 'reopened', on, reason: 'closed in error' });

function episode(model: Model, events: EpisodeEvent[], openedOn = '2026-01-05'): EpisodePhaseInput {
  return { openedOn, ...MODELS[model], events };
}

interface Row {
  source: string;
  name: string;
  model: Model;
  openedOn?: string;
  events: EpisodeEvent[];
  today: string;
  expected: Partial<EpisodePhase>;
  warning?: RegExp;
}

/** ER, expected 30 September 2026, released that day: support to 30 September 2027 (365 days). */
const ER_RELEASED = [setDate('2026-01-05', '2026-09-30'), release('2026-09-30')];

const rows: Row[] = [
  // Before release: the window follows the expected release date.
  {
    source: S000,
    name: 'ER, a day before the 6-month window',
    model: 'ER',
    events: [setDate('2026-01-05', '2026-09-30')],
    today: '2026-03-29',
    expected: {
      status: 'awaiting_window',
      preReleaseWindowOpensOn: '2026-03-30',
      daysToRelease: 185,
      releasedOn: null,
      // Issue 10: projected from the expected release date until release (12 months after 30 September).
      supportEndsOn: '2027-09-30',
      supportEndsOnProjected: true,
    },
  },
  {
    source: S000,
    name: 'ER, the day the window opens',
    model: 'ER',
    events: [setDate('2026-01-05', '2026-09-30')],
    today: '2026-03-30',
    expected: { status: 'pre_release', daysToRelease: 184 },
  },
  {
    source: S002,
    name: 'RECONNECT, a day before the 3-month window',
    model: 'RECONNECT',
    events: [setDate('2026-01-05', '2026-09-30')],
    today: '2026-06-29',
    expected: { status: 'awaiting_window', preReleaseWindowOpensOn: '2026-06-30' },
  },
  {
    source: S002,
    name: 'RECONNECT, inside the window',
    model: 'RECONNECT',
    events: [setDate('2026-01-05', '2026-09-30')],
    today: '2026-06-30',
    expected: { status: 'pre_release', daysToRelease: 92 },
  },
  {
    source: S002_COURT,
    name: 'no expected release date yet',
    model: 'ER',
    events: [],
    today: '2026-02-01',
    expected: { status: 'pre_release', expectedReleaseDate: null, preReleaseWindowOpensOn: null, daysToRelease: null },
    warning: /No expected release date/,
  },
  {
    source: S002_COURT,
    name: 'expected release date passed with no release recorded',
    model: 'RECONNECT',
    events: [setDate('2026-01-05', '2026-09-30')],
    today: '2026-10-02',
    expected: { status: 'pre_release', daysToRelease: -2 },
    warning: /expected release date \(30 September 2026\) has passed/,
  },
  {
    source: P8_CHANGED,
    name: 'a later release date moves the window back out',
    model: 'ER',
    events: [setDate('2026-01-05', '2026-09-30'), setDate('2026-04-10', '2027-01-15')],
    today: '2026-04-10',
    expected: { status: 'awaiting_window', expectedReleaseDate: '2027-01-15', preReleaseWindowOpensOn: '2026-07-15' },
  },
  {
    source: P8_CHANGED,
    name: 'an earlier release date opens the window',
    model: 'ER',
    events: [setDate('2026-01-05', '2026-12-31'), setDate('2026-03-01', '2026-08-20')],
    today: '2026-03-01',
    expected: { status: 'pre_release', preReleaseWindowOpensOn: '2026-02-20', daysToRelease: 172 },
  },
  {
    source: `${S000}; 31 August - 6 months clamps to 28 February`,
    name: 'ER window for a 31 August release',
    model: 'ER',
    events: [setDate('2026-01-05', '2027-08-31')],
    today: '2027-02-27',
    expected: { status: 'awaiting_window', preReleaseWindowOpensOn: '2027-02-28' },
  },
  {
    source: `${S002}; 29 February in a leap year`,
    name: 'RECONNECT window opening on 29 February',
    model: 'RECONNECT',
    openedOn: '2027-06-01',
    events: [setDate('2027-06-01', '2028-05-29')],
    today: '2028-02-29',
    expected: { status: 'pre_release', preReleaseWindowOpensOn: '2028-02-29', daysToRelease: 90 },
  },
  {
    source: 'API.md: GET /episodes/{id} reports the episode as of now (events dated later are not yet applied)',
    name: 'a release dated tomorrow',
    model: 'ER',
    events: [...ER_RELEASED],
    today: '2026-09-29',
    expected: { status: 'pre_release', releasedOn: null, daysToRelease: 1 },
  },

  // Release and the post-release allowance.
  {
    source: S001,
    name: 'ER, release day',
    model: 'ER',
    events: ER_RELEASED,
    today: '2026-09-30',
    expected: {
      status: 'post_release',
      releasedOn: '2026-09-30',
      lastReleasedOn: '2026-09-30',
      supportEndsOn: '2027-09-30',
      daysInCommunityUsed: 0,
      daysSinceRelease: 0,
      daysToRelease: null,
    },
  },
  {
    source: `${S001} (last day inclusive)`,
    name: 'ER, last day of support',
    model: 'ER',
    events: ER_RELEASED,
    today: '2027-09-30',
    expected: { status: 'post_release', daysInCommunityUsed: 365, daysSinceRelease: 365 },
  },
  {
    source: `${P8_ENDING}; nothing closes by itself`,
    name: 'ER, the day after support ends',
    model: 'ER',
    events: ER_RELEASED,
    today: '2027-10-01',
    expected: { status: 'post_release', supportEndsOn: '2027-09-30', daysInCommunityUsed: 365, daysSinceRelease: 366 },
    warning: /support window ended on 30 September 2027: close the episode or ask a manager to extend it/,
  },
  {
    source: S002,
    name: 'RECONNECT, 6 months after release',
    model: 'RECONNECT',
    events: [release('2026-09-30')],
    today: '2027-03-30',
    expected: { status: 'post_release', supportEndsOn: '2027-03-30', daysInCommunityUsed: 181 },
  },
  {
    source: `${S002}; 31 August + 6 months clamps to 28 February`,
    name: 'RECONNECT release on 31 August',
    model: 'RECONNECT',
    events: [release('2026-08-31')],
    today: '2026-09-01',
    expected: { status: 'post_release', supportEndsOn: '2027-02-28' },
  },
  {
    source: `${S001}; 29 February + 12 months is 28 February`,
    name: 'ER release on 29 February',
    model: 'ER',
    openedOn: '2027-06-01',
    events: [release('2028-02-29')],
    today: '2029-02-28',
    expected: { status: 'post_release', supportEndsOn: '2029-02-28', daysInCommunityUsed: 365 },
  },
  {
    source: `${API_RELEASE}; ${S002_COURT}`,
    name: 'early release from court is just a release',
    model: 'ER',
    events: [setDate('2026-01-05', '2026-09-30'), release('2026-05-12', 'court')],
    today: '2026-05-12',
    expected: {
      status: 'post_release',
      expectedReleaseDate: '2026-09-30',
      releasedOn: '2026-05-12',
      supportEndsOn: '2027-05-12',
      daysToRelease: null,
    },
  },
  {
    source: P_28,
    name: 'a recent leaver: released before the episode opened',
    model: 'RECONNECT',
    openedOn: '2026-02-01',
    events: [release('2026-01-20')],
    today: '2026-02-01',
    expected: {
      status: 'post_release',
      releasedOn: '2026-01-20',
      supportEndsOn: '2026-07-20',
      daysSinceRelease: 12,
      daysInCommunityUsed: 12,
    },
  },

  // Recall pauses the clock; re-release resumes it.
  {
    source: P4_RECALL,
    name: 'recall day: 122 days used, 243 left',
    model: 'ER',
    events: [...ER_RELEASED, recall('2027-01-30')],
    today: '2027-01-30',
    expected: { status: 'paused', daysInCommunityUsed: 122, supportEndsOn: '2027-09-30', lastReleasedOn: '2026-09-30' },
    warning: /no expected re-release date/,
  },
  {
    source: P4_RECALL,
    name: 'a month into the recall the end has moved a month',
    model: 'ER',
    events: [...ER_RELEASED, recall('2027-01-30'), setDate('2027-02-10', '2027-04-15')],
    today: '2027-03-01',
    expected: {
      status: 'paused',
      daysInCommunityUsed: 122,
      supportEndsOn: '2027-10-30',
      expectedReleaseDate: '2027-04-15',
      daysToRelease: 45,
    },
  },
  {
    source: P4_RECALL,
    name: 're-release resumes with the 243 days left',
    model: 'ER',
    events: [...ER_RELEASED, recall('2027-01-30'), release('2027-04-15')],
    today: '2027-12-14',
    expected: {
      status: 'post_release',
      releasedOn: '2026-09-30',
      lastReleasedOn: '2027-04-15',
      supportEndsOn: '2027-12-14',
      daysInCommunityUsed: 365,
      daysSinceRelease: 440,
    },
  },
  {
    source: `${P4_RECALL}; ${S002}`,
    name: 'two recalls (RECONNECT)',
    model: 'RECONNECT',
    openedOn: '2025-12-01',
    events: [
      release('2026-01-10'),
      recall('2026-02-10'),
      release('2026-03-01'),
      recall('2026-04-01'),
      release('2026-05-01'),
    ],
    today: '2026-06-01',
    expected: {
      status: 'post_release',
      supportEndsOn: '2026-08-28',
      daysInCommunityUsed: 93,
      lastReleasedOn: '2026-05-01',
    },
  },
  {
    source: `${P4_RECALL}; ${P8_ENDING}`,
    name: 'a recall after support ended pauses nothing',
    model: 'RECONNECT',
    openedOn: '2025-12-01',
    events: [release('2026-01-10'), recall('2026-08-01')],
    today: '2026-08-15',
    expected: { status: 'paused', supportEndsOn: '2026-07-10', daysInCommunityUsed: 181 },
    warning: /ended on 10 July 2026, before the recall/,
  },
  {
    source: `${P4_RECALL}; ${P8_ENDING}`,
    name: 're-release after that: still ended',
    model: 'RECONNECT',
    openedOn: '2025-12-01',
    events: [release('2026-01-10'), recall('2026-08-01'), release('2026-09-01')],
    today: '2026-09-02',
    expected: { status: 'post_release', supportEndsOn: '2026-07-10' },
    warning: /ended on 10 July 2026: close the episode/,
  },

  // Extension, closure, reopening.
  {
    source: 'brief: an extension beyond the support window, manager-approved',
    name: 'an extension moves the end',
    model: 'ER',
    events: [...ER_RELEASED, extend('2027-09-01', '2027-12-31')],
    today: '2027-10-15',
    expected: { status: 'post_release', supportEndsOn: '2027-12-31', daysInCommunityUsed: 380 },
  },
  {
    source: P8_ENDING,
    name: 'after the extension ends',
    model: 'ER',
    events: [...ER_RELEASED, extend('2027-09-01', '2027-12-31')],
    today: '2028-01-01',
    expected: { status: 'post_release', daysInCommunityUsed: 457 },
    warning: /ended on 31 December 2027/,
  },
  {
    source: `${P4_RECALL} (extended time too)`,
    name: 'a recall during an extension',
    model: 'ER',
    events: [...ER_RELEASED, extend('2027-09-01', '2027-12-31'), recall('2027-11-01'), release('2027-11-11')],
    today: '2027-11-11',
    expected: { status: 'post_release', supportEndsOn: '2028-01-10' },
  },
  {
    source: `${P4}; ${API_CLOSE}`,
    name: 'closed after support: counts stop at closure',
    model: 'ER',
    events: [...ER_RELEASED, close('2027-10-02')],
    today: '2028-01-01',
    expected: { status: 'closed', supportEndsOn: '2027-09-30', daysSinceRelease: 367, daysInCommunityUsed: 365 },
  },
  {
    source: API_CLOSE,
    name: 'closed before release',
    model: 'RECONNECT',
    events: [setDate('2026-01-05', '2026-09-30'), close('2026-02-01', 'declined')],
    today: '2026-08-01',
    expected: { status: 'closed', daysToRelease: 241 },
  },
  {
    source: `${API_CLOSE}; ${P4_RECALL}`,
    name: 'closed while recalled',
    model: 'ER',
    events: [...ER_RELEASED, recall('2027-01-30'), close('2027-03-01')],
    today: '2027-06-01',
    expected: { status: 'closed', supportEndsOn: '2027-10-30', daysInCommunityUsed: 122 },
  },
  {
    source: `${P4}; reopened → back to what the dates say`,
    name: 'reopened before release',
    model: 'ER',
    events: [setDate('2026-01-05', '2026-09-30'), close('2026-02-01'), reopen('2026-04-01')],
    today: '2026-04-01',
    expected: { status: 'pre_release', preReleaseWindowOpensOn: '2026-03-30' },
  },
  {
    source: `${P4}; closure does not stop the clock`,
    name: 'reopened after release',
    model: 'ER',
    events: [...ER_RELEASED, close('2027-01-15'), reopen('2027-03-01')],
    today: '2027-03-01',
    expected: { status: 'post_release', supportEndsOn: '2027-09-30', daysInCommunityUsed: 152 },
  },
  {
    source: P4_RECALL,
    name: 'reopened while still recalled',
    model: 'ER',
    events: [
      ...ER_RELEASED,
      recall('2027-01-30'),
      close('2027-02-01'),
      reopen('2027-03-01'),
      setDate('2027-03-01', '2027-05-01'),
    ],
    today: '2027-03-01',
    expected: { status: 'paused', supportEndsOn: '2027-10-30', daysToRelease: 61 },
  },
  {
    source: 'PRODUCT.md step 8: computed from the state of each case, never from memory',
    name: 'an impossible stored event is ignored and reported',
    model: 'ER',
    events: [...ER_RELEASED, release('2026-10-05')],
    today: '2026-10-06',
    expected: { status: 'post_release', lastReleasedOn: '2026-09-30' },
    warning: /Ignored the release recorded for 5 October 2026: .*already released on 30 September 2026/,
  },
];

describe('episodePhase', () => {
  it.each(rows)('$name ($source)', ({ model, openedOn, events, today, expected, warning }) => {
    const phase = episodePhase(episode(model, events, openedOn), today);
    expect(phase).toMatchObject(expected);
    if (warning) expect(phase.warnings.join('\n')).toMatch(warning);
    else expect(phase.warnings).toEqual([]);
  });

  it('covers every status', () => {
    expect(new Set(rows.map((r) => episodePhase(episode(r.model, r.events, r.openedOn), r.today).status))).toEqual(
      new Set(['awaiting_window', 'pre_release', 'post_release', 'paused', 'closed']),
    );
  });

  it('applies same-day events in the order recorded (recall and re-release on one day)', () => {
    const phase = episodePhase(
      episode('ER', [...ER_RELEASED, recall('2027-01-30'), release('2027-01-30')]),
      '2027-01-30',
    );
    expect(phase).toMatchObject({ status: 'post_release', supportEndsOn: '2027-09-30', daysInCommunityUsed: 122 });
  });

  it('does not care about the order events are stored in, only their dates', () => {
    const events = [...ER_RELEASED, recall('2027-01-30'), release('2027-04-15'), close('2027-12-20')];
    expect(episodePhase(episode('ER', [...events].reverse()), '2028-01-01')).toEqual(
      episodePhase(episode('ER', events), '2028-01-01'),
    );
  });
});

interface Refusal {
  source: string;
  name: string;
  model?: Model;
  events: EpisodeEvent[];
  event: EpisodeEvent;
  today: string;
  refusal: RegExp | null;
}

const refusals: Refusal[] = [
  {
    source: 'brief: no release before opening (events date from the episode)',
    name: 'an expected date recorded before opening',
    events: [],
    event: setDate('2026-01-04', '2026-09-30'),
    today: '2026-02-01',
    refusal: /before the episode opened on 5 January 2026/,
  },
  {
    source: P_28,
    name: 'a first release before opening (recent leaver) is allowed',
    model: 'RECONNECT',
    events: [],
    event: release('2025-12-20'),
    today: '2026-01-05',
    refusal: null,
  },
  {
    source: P4_RECALL,
    name: 'recall before any release',
    events: [],
    event: recall('2026-02-01'),
    today: '2026-02-01',
    refusal: /can only follow a release/,
  },
  {
    source: P4_RECALL,
    name: 'a second recall',
    events: [...ER_RELEASED, recall('2027-01-30')],
    event: recall('2027-02-01'),
    today: '2027-02-01',
    refusal: /already recalled on 30 January 2027/,
  },
  {
    source: P4_RECALL,
    name: 'a second release without a recall',
    events: ER_RELEASED,
    event: release('2026-10-01'),
    today: '2026-10-01',
    refusal: /already released on 30 September 2026: a second release needs a recall/,
  },
  {
    source: P4_RECALL,
    name: 're-release after recall is allowed',
    events: [...ER_RELEASED, recall('2027-01-30')],
    event: release('2027-02-01'),
    today: '2027-02-01',
    refusal: null,
  },
  {
    source: API_CLOSE,
    name: 'an event after closure',
    events: [...ER_RELEASED, close('2027-10-01')],
    event: recall('2027-10-05'),
    today: '2027-10-05',
    refusal: /closed on 1 October 2027: reopen it before recording a recall/,
  },
  {
    source: API_CLOSE,
    name: 'reopening after closure is allowed',
    events: [...ER_RELEASED, close('2027-10-01')],
    event: reopen('2027-10-05'),
    today: '2027-10-05',
    refusal: null,
  },
  {
    source: API_CLOSE,
    name: 'reopening an open episode',
    events: ER_RELEASED,
    event: reopen('2027-10-05'),
    today: '2027-10-05',
    refusal: /not closed/,
  },
  {
    source: API_CLOSE,
    name: 'closure without a reason',
    events: ER_RELEASED,
    event: close('2027-10-05', ' '),
    today: '2027-10-05',
    refusal: /needs a reason/,
  },
  {
    source: API_CLOSE,
    name: 'a back-dated release into a closed period',
    events: [close('2026-05-01'), reopen('2026-06-01')],
    event: release('2026-05-15'),
    today: '2026-06-02',
    refusal: /closed on 1 May 2026/,
  },
  {
    source: 'brief: no extension that ends before supportEndsOn',
    name: 'extension ending before the end of support',
    events: ER_RELEASED,
    event: extend('2027-09-01', '2027-09-15'),
    today: '2027-09-01',
    refusal: /must end after the current end of support \(30 September 2027\)/,
  },
  {
    source: 'brief: no extension that ends before supportEndsOn',
    name: 'extension ending on the end of support',
    events: ER_RELEASED,
    event: extend('2027-09-01', '2027-09-30'),
    today: '2027-09-01',
    refusal: /must end after/,
  },
  {
    source: 'brief: an extension beyond the support window',
    name: 'extension beyond the window is allowed',
    events: ER_RELEASED,
    event: extend('2027-09-01', '2027-12-31'),
    today: '2027-09-01',
    refusal: null,
  },
  {
    source: 'brief: manager-approved',
    name: 'extension without an approver',
    events: ER_RELEASED,
    event: extend('2027-09-01', '2027-12-31', 'housing', ''),
    today: '2027-09-01',
    refusal: /manager who approved it/,
  },
  {
    source: 'brief: extension reason',
    name: 'extension without a reason',
    events: ER_RELEASED,
    event: extend('2027-09-01', '2027-12-31', ''),
    today: '2027-09-01',
    refusal: /needs a reason/,
  },
  {
    source: P4,
    name: 'extension before release',
    events: [],
    event: extend('2026-02-01', '2027-12-31'),
    today: '2026-02-01',
    refusal: /only be extended after release/,
  },
  {
    source: P4_RECALL,
    name: 'extension while recalled',
    events: [...ER_RELEASED, recall('2027-01-30')],
    event: extend('2027-02-01', '2027-12-31'),
    today: '2027-02-01',
    refusal: /clock is paused/,
  },
  {
    source: 'brief: event dates not in the future',
    name: 'a release dated tomorrow',
    events: [],
    event: release('2026-02-02'),
    today: '2026-02-01',
    refusal: /2 February 2026, in the future/,
  },
  {
    source: "brief: except release_date_set's expectedReleaseDate",
    name: 'a future expected release date is fine',
    events: [],
    event: setDate('2026-02-01', '2026-09-30'),
    today: '2026-02-01',
    refusal: null,
  },
  {
    source: S002_COURT,
    name: 'an expected release date earlier than the day it is recorded',
    events: [],
    event: setDate('2026-02-01', '2026-01-31'),
    today: '2026-02-01',
    refusal: /record the release instead/,
  },
  {
    source: P8_CHANGED,
    name: 'a new expected release date once released',
    events: ER_RELEASED,
    event: setDate('2026-10-01', '2026-12-01'),
    today: '2026-10-01',
    refusal: /record a recall to custody before/,
  },
  {
    source: P8_CHANGED,
    name: 'an expected re-release date during recall is allowed',
    events: [...ER_RELEASED, recall('2027-01-30')],
    event: setDate('2027-02-01', '2027-04-15'),
    today: '2027-02-01',
    refusal: null,
  },
  {
    source: 'API.md: Dates are ISO YYYY-MM-DD and must be real calendar dates',
    name: '29 February in a common year',
    events: [],
    event: release('2027-02-29'),
    today: '2027-03-01',
    refusal: /not a real calendar date/,
  },
  {
    source: P4_RECALL,
    name: 'a back-dated recall that makes a later recall impossible',
    events: [release('2026-03-01'), recall('2026-05-01'), release('2026-06-01')],
    event: recall('2026-04-01'),
    today: '2026-06-02',
    refusal: /recall to custody recorded for 1 May 2026 impossible: .*already recalled on 1 April 2026/,
  },
  {
    source: P4_RECALL,
    name: 'a back-dated recall before the release',
    events: [release('2026-03-01')],
    event: recall('2026-02-15'),
    today: '2026-06-02',
    refusal: /can only follow a release/,
  },
];

describe('validateEvent', () => {
  it.each(refusals)('$name ($source)', ({ model, events, event, today, refusal }) => {
    const reason = validateEvent(episode(model ?? 'ER', events), event, today);
    if (refusal === null) expect(reason).toBeNull();
    else expect(reason).toMatch(refusal);
  });

  it('accepts each event of a legal history as it is recorded', () => {
    const history = [
      ...ER_RELEASED,
      recall('2027-01-30'),
      setDate('2027-02-10', '2027-04-15'),
      release('2027-04-15'),
      extend('2027-12-01', '2028-02-29'),
      close('2028-03-01'),
      reopen('2028-03-02'),
    ];
    history.forEach((event, i) => {
      expect(validateEvent(episode('ER', history.slice(0, i)), event, event.on)).toBeNull();
    });
  });
});
