// Issue 15, "Service linkage, counted from the actual release date: GP registered (and by day 7), mental health
// handover, substance misuse treatment started within 21 days (the national continuity-of-care measure, PHOF
// C20; a referral sent is not engagement), accommodation on release and now, recalled or not" and
// "Engagement: contacts attended, did not attend, cancelled; first contact after release in days".
import { describe, expect, it } from 'vitest';
import { engagementOf, futureDateProblems, linkageOf, type LinkageFacts } from './rules.ts';

const facts = (over: Partial<LinkageFacts> = {}): LinkageFacts => ({
  releasedOn: '2026-11-02',
  recalled: false,
  plan: {},
  substanceMisuseAtReferral: null,
  recorded: null,
  contacts: [],
  ...over,
});
const recorded = (r: Partial<NonNullable<LinkageFacts['recorded']>>) => ({
  gpRegisteredOn: null,
  substanceMisuseEngagedOn: null,
  mentalHealthHandoverOn: null,
  accommodationNow: null,
  ...r,
});

describe('substance misuse treatment within 21 days of the actual release (PHOF C20)', () => {
  it.each([
    // [why, facts, today, within21Days, daysFromRelease, needed]
    [
      'started on day 21: within',
      facts({ plan: { substanceMisuseNeeded: true }, recorded: recorded({ substanceMisuseEngagedOn: '2026-11-23' }) }),
      '2026-12-01',
      true,
      21,
      true,
    ],
    [
      'started on day 22: missed',
      facts({ plan: { substanceMisuseNeeded: true }, recorded: recorded({ substanceMisuseEngagedOn: '2026-11-24' }) }),
      '2026-12-01',
      false,
      22,
      true,
    ],
    [
      'started in custody before release (continuing care): within',
      facts({ plan: { substanceMisuseNeeded: true }, recorded: recorded({ substanceMisuseEngagedOn: '2026-10-30' }) }),
      '2026-12-01',
      true,
      -3,
      true,
    ],
    [
      'not started, window open: not known yet',
      facts({ plan: { substanceMisuseNeeded: true } }),
      '2026-11-20',
      null,
      null,
      true,
    ],
    [
      'not started, window passed: missed',
      facts({ plan: { substanceMisuseNeeded: true } }),
      '2026-11-24',
      false,
      null,
      true,
    ],
    [
      'identified at referral and the plan silent: needed',
      facts({ substanceMisuseAtReferral: true }),
      '2026-11-24',
      false,
      null,
      true,
    ],
    [
      'the plan says not needed: not counted',
      facts({ plan: { substanceMisuseNeeded: false }, substanceMisuseAtReferral: true }),
      '2026-11-24',
      null,
      null,
      false,
    ],
    [
      'not released yet: not known',
      facts({ releasedOn: null, plan: { substanceMisuseNeeded: true } }),
      '2026-11-24',
      null,
      null,
      true,
    ],
  ] as const)('%s', (_why, f, today, within, days, needed) => {
    const { substanceMisuseEngaged: s } = linkageOf(f, today);
    expect(s.within21Days).toBe(within);
    expect(s.daysFromRelease).toBe(days);
    expect(s.needed).toBe(needed);
  });
});

describe('GP registered by day 7 of the actual release', () => {
  it.each([
    ['registered before release on the plan', facts({ plan: { gpRegistered: true } }), '2026-12-01', true, true],
    ['registered on day 7', facts({ recorded: recorded({ gpRegisteredOn: '2026-11-09' }) }), '2026-12-01', true, false],
    [
      'registered on day 8',
      facts({ recorded: recorded({ gpRegisteredOn: '2026-11-10' }) }),
      '2026-12-01',
      false,
      false,
    ],
    ['not registered, day 5', facts(), '2026-11-07', null, false],
    ['not registered, day 8', facts(), '2026-11-10', false, false],
  ] as const)('%s', (_why, f, today, within, before) => {
    const { gpRegistered } = linkageOf(f, today);
    expect(gpRegistered.within7Days).toBe(within);
    expect(gpRegistered.beforeRelease).toBe(before);
  });
});

describe('accommodation and the mental health handover', () => {
  it.each([
    [
      'on release from the plan, now the same until recorded',
      facts({ plan: { accommodationOnRelease: 'unsettled' } }),
      { onRelease: 'unsettled', now: 'unsettled' },
    ],
    [
      'now as recorded after release',
      facts({ plan: { accommodationOnRelease: 'none' }, recorded: recorded({ accommodationNow: 'settled' }) }),
      { onRelease: 'none', now: 'settled' },
    ],
    ['nothing known', facts(), { onRelease: null, now: null }],
  ] as const)('%s', (_why, f, accommodation) => {
    expect(linkageOf(f, '2026-12-01').accommodation).toEqual(accommodation);
  });

  it('a handover done on the plan, or dated after release, is done', () => {
    expect(
      linkageOf(facts({ plan: { mentalHealthHandover: { needed: true, done: true } } }), '2026-12-01')
        .mentalHealthHandover,
    ).toEqual({ on: null, needed: true, done: true });
    expect(
      linkageOf(facts({ recorded: recorded({ mentalHealthHandoverOn: '2026-11-05' }) }), '2026-12-01')
        .mentalHealthHandover,
    ).toEqual({ on: '2026-11-05', needed: null, done: true });
  });
});

describe('engagement from contacts', () => {
  it.each([
    [
      'counts each outcome; first attended contact on or after release',
      facts({
        contacts: [
          { on: '2026-10-20', outcome: 'attended' },
          { on: '2026-11-03', outcome: 'did_not_attend' },
          { on: '2026-11-06', outcome: 'attended' },
          { on: '2026-11-04', outcome: 'cancelled' },
        ],
      }),
      { attended: 2, didNotAttend: 1, cancelled: 1, firstContactAfterReleaseDays: 4 },
    ],
    [
      'met at the gate: day 0',
      facts({ contacts: [{ on: '2026-11-02', outcome: 'attended' }] }),
      { attended: 1, didNotAttend: 0, cancelled: 0, firstContactAfterReleaseDays: 0 },
    ],
    [
      'before release: no days yet',
      facts({ releasedOn: null, contacts: [{ on: '2026-10-20', outcome: 'attended' }] }),
      { attended: 1, didNotAttend: 0, cancelled: 0, firstContactAfterReleaseDays: null },
    ],
  ] as const)('%s', (_why, f, expected) => {
    expect(engagementOf(f)).toEqual(expected);
  });
});

it('a link dated in the future is refused with its field', () => {
  expect(
    futureDateProblems({ gpRegisteredOn: '2026-12-02', mentalHealthHandoverOn: '2026-12-01' }, '2026-12-01'),
  ).toEqual([{ field: 'gpRegisteredOn', message: 'Must be today or in the past: record a link once it is made' }]);
});
