// The episode's rules beside phases.ts, table-driven: each row cites where the rule comes from.
import { describe, expect, it } from 'vitest';
import type { SiteDefinition, SitePolicy } from '../sites/policy.ts';
import { initialEvents, phaseAt, windowPolicy } from './rules.ts';
import type { EpisodeEvent } from './phases.ts';

const OPENED = '2026-11-10';

describe('the first events an episode takes from its referral', () => {
  const rows: [string, unknown, EpisodeEvent[]][] = [
    [
      'a recent leaver: support runs from the day they left custody (PRODUCT.md: "Leavers within the last 28 days may be accepted")',
      { custody: { status: 'in_community', releaseDate: '2026-10-30' } },
      [{ kind: 'released', on: '2026-10-30' }],
    ],
    [
      'in custody with a release date ahead: the expected release date, recorded today (PRODUCT.md journey, step 4)',
      { custody: { status: 'in_custody', expectedReleaseDate: '2027-02-01' } },
      [{ kind: 'release_date_set', on: OPENED, expectedReleaseDate: '2027-02-01' }],
    ],
    [
      'an expected release date that has passed is not the release: nothing, until the release is recorded',
      { custody: { status: 'in_custody', expectedReleaseDate: '2026-11-01' } },
      [],
    ],
    ['no custody details (a referral from the community without dates): nothing', { custody: {} }, []],
    ['no details at all: nothing', null, []],
  ];
  it.each(rows)('%s', (_, details, expected) => {
    expect(initialEvents(details, OPENED)).toEqual(expected);
  });
});

const policy = (version: string, effectiveFrom: string, preReleaseMonths: number) =>
  ({ version, effectiveFrom, preReleaseMonths, postReleaseMonths: 12 }) as unknown as SitePolicy;
const site = (policies: SitePolicy[]): SiteDefinition => ({
  code: 'er-example',
  name: 'Example',
  model: 'ENHANCED_RECONNECT',
  provider: 'Example NHS Trust',
  policies,
});

describe('the policy an episode is judged by (PRODUCT.md "Sites and their rules": policies are versioned with an effective date)', () => {
  const now = new Date('2026-11-10T09:00:00Z');
  const rows: [string, SitePolicy[], number][] = [
    ['the policy in force today', [policy('v1', '2024-04-01', 6), policy('v2', '2026-01-01', 3)], 3],
    ['not one that starts tomorrow', [policy('v1', '2024-04-01', 6), policy('v2', '2026-11-11', 3)], 6],
    ['the latest when none has started yet (a site set up ahead of its launch)', [policy('v1', '2027-01-01', 6)], 6],
  ];
  it.each(rows)('%s', (_, policies, months) => {
    expect(windowPolicy(site(policies), now).preReleaseMonths).toBe(months);
  });

  it('refuses a site with no policy at all', () => {
    expect(() => windowPolicy(site([]), now)).toThrow(/no policy/);
  });

  it('gives the phase as of England’s calendar date: after 23:00 UTC in summer it is already tomorrow', () => {
    const events: EpisodeEvent[] = [{ kind: 'released', on: '2026-07-01' }];
    const late = new Date('2026-06-30T23:30:00Z');
    expect(
      phaseAt({ openedOn: '2026-06-01' }, events, { preReleaseMonths: 6, postReleaseMonths: 12 }, late),
    ).toMatchObject({ status: 'post_release', releasedOn: '2026-07-01' });
  });
});
