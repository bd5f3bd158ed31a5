// Issue 15: "A report page per site and nationally, month by month: referrals received and by source, accepted,
// screened within the site's target, open episodes by phase, substance misuse treatment within 21 days, GP by
// day 7, settled accommodation on release, closure reasons, mean wellbeing change. Each KPI as numerator /
// denominator."
import { describe, expect, it } from 'vitest';
import { linkageOf } from '../outcomes/rules.ts';
import { monthFigures, monthsBetween, phaseAt, type EpisodeFact, type ReferralFact } from './rules.ts';

const referral = (over: Partial<ReferralFact>): ReferralFact => ({
  siteCode: 's',
  restricted: false,
  sourceType: 'probation',
  receivedOn: '2026-10-03',
  decision: null,
  decidedOn: null,
  decidedOnTime: null,
  ...over,
});
const today = '2026-12-15';
const episode = (
  over: Partial<EpisodeFact> & { plan?: Parameters<typeof linkageOf>[0]['plan']; engagedOn?: string },
): EpisodeFact => {
  const releasedOn = over.releasedOn ?? null;
  return {
    siteCode: 's',
    restricted: false,
    openedOn: '2026-09-01',
    events: releasedOn ? [{ kind: 'released', on: releasedOn }] : [],
    releasedOn,
    wellbeing: [],
    linkage: linkageOf(
      {
        releasedOn,
        recalled: false,
        plan: over.plan ?? {},
        substanceMisuseAtReferral: null,
        recorded: over.engagedOn
          ? {
              gpRegisteredOn: null,
              substanceMisuseEngagedOn: over.engagedOn,
              mentalHealthHandoverOn: null,
              accommodationNow: null,
            }
          : null,
        contacts: [],
      },
      today,
    ),
    ...over,
  };
};

it('lists the months of a range', () => {
  expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
});

describe('the phase at the end of a month', () => {
  it.each([
    ['not opened yet', { openedOn: '2026-11-02', events: [] }, '2026-10', null],
    ['in custody', { openedOn: '2026-09-01', events: [] }, '2026-10', 'pre_release'],
    [
      'released',
      { openedOn: '2026-09-01', events: [{ kind: 'released', on: '2026-10-10' }] },
      '2026-10',
      'post_release',
    ],
    [
      'recalled',
      {
        openedOn: '2026-09-01',
        events: [
          { kind: 'released', on: '2026-10-10' },
          { kind: 'recalled', on: '2026-10-20' },
        ],
      },
      '2026-10',
      'paused',
    ],
    ['closed', { openedOn: '2026-09-01', events: [{ kind: 'closed', on: '2026-10-20' }] }, '2026-10', null],
    [
      'closed later',
      { openedOn: '2026-09-01', events: [{ kind: 'closed', on: '2026-11-20' }] },
      '2026-10',
      'pre_release',
    ],
  ] as const)('%s', (_why, e, month, phase) => {
    expect(phaseAt({ openedOn: e.openedOn, events: [...e.events] }, month)).toBe(phase);
  });
});

describe('a month of figures', () => {
  const referrals = [
    referral({
      receivedOn: '2026-10-03',
      sourceType: 'probation',
      decision: 'accept',
      decidedOn: '2026-10-04',
      decidedOnTime: true,
    }),
    referral({
      receivedOn: '2026-10-05',
      sourceType: 'nsd',
      decision: 'decline',
      decidedOn: '2026-10-09',
      decidedOnTime: false,
    }),
    referral({
      receivedOn: '2026-09-30',
      sourceType: 'probation',
      decision: 'accept',
      decidedOn: '2026-10-01',
      decidedOnTime: true,
    }),
    referral({ receivedOn: '2026-11-01' }),
  ];
  const episodes = [
    // released in October, needing treatment: engaged on day 10 (hit), not engaged (miss), engaged on day 30 (miss)
    episode({
      releasedOn: '2026-10-05',
      plan: { substanceMisuseNeeded: true, gpRegistered: true, accommodationOnRelease: 'settled' },
      engagedOn: '2026-10-15',
    }),
    episode({ releasedOn: '2026-10-06', plan: { substanceMisuseNeeded: true, accommodationOnRelease: 'none' } }),
    episode({ releasedOn: '2026-10-07', plan: { substanceMisuseNeeded: true }, engagedOn: '2026-11-06' }),
    // released in October, no treatment need
    episode({ releasedOn: '2026-10-08', plan: { substanceMisuseNeeded: false, gpRegistered: true } }),
    // still in custody; closed in October with a reason
    episode({}),
    episode({ events: [{ kind: 'closed', on: '2026-10-30', reason: 'disengaged' }] }),
    // two SWEMWBS, the last in October: +4
    episode({
      wellbeing: [
        { on: '2026-09-01', metric: 17 },
        { on: '2026-10-20', metric: 21 },
      ],
    }),
  ];
  const f = monthFigures(referrals, episodes, '2026-10');

  it('counts referrals received by source, accepted and screened on time', () => {
    expect(f.referralsReceived).toBe(2);
    expect(f.bySource).toEqual({ probation: 1, nsd: 1 });
    expect(f.accepted).toBe(2);
    expect(f.screenedOnTime).toEqual({ numerator: 2, denominator: 3 });
  });

  it('counts substance misuse treatment started within 21 days of release among those who need it', () => {
    expect(f.substanceMisuseWithin21Days).toEqual({ numerator: 1, denominator: 3 });
  });

  it('counts GP by day 7 and settled accommodation on release among those released', () => {
    expect(f.gpRegisteredWithin7Days).toEqual({ numerator: 2, denominator: 4 });
    expect(f.settledAccommodationOnRelease).toEqual({ numerator: 1, denominator: 2 });
  });

  it('counts open episodes by phase, closure reasons and the wellbeing change', () => {
    expect(f.openByPhase).toEqual({ pre_release: 2, post_release: 4, paused: 0 });
    expect(f.openEpisodes).toBe(6);
    expect(f.closureReasons).toEqual({ disengaged: 1 });
    expect(f.wellbeingChange).toEqual({ episodes: 1, total: 4 });
  });
});
