// The custody facts a receiving episode starts from (issue 4: "carry over the expected release date or
// release date"), from the sending episode's phase.
import { describe, expect, it } from 'vitest';
import { custodyFrom, type SendingPhase } from './receivingRules.ts';

describe('custodyFrom', () => {
  it.each<[string, SendingPhase, ReturnType<typeof custodyFrom>]>([
    [
      'released: in the community since the last release',
      { status: 'post_release', expectedReleaseDate: null, lastReleasedOn: '2026-10-01' },
      { status: 'in_community', expectedReleaseDate: null, releaseDate: '2026-10-01' },
    ],
    [
      'in custody: the expected release date carries over',
      { status: 'pre_release', expectedReleaseDate: '2026-12-07', lastReleasedOn: null },
      { status: 'in_custody', expectedReleaseDate: '2026-12-07', releaseDate: null },
    ],
    [
      'waiting for the window: the expected date too',
      { status: 'awaiting_window', expectedReleaseDate: '2027-06-01', lastReleasedOn: null },
      { status: 'in_custody', expectedReleaseDate: '2027-06-01', releaseDate: null },
    ],
    [
      'back in custody after a recall: no date until the team sets one again',
      { status: 'paused', expectedReleaseDate: '2026-12-07', lastReleasedOn: '2026-09-01' },
      { status: 'in_custody', expectedReleaseDate: null, releaseDate: null },
    ],
  ])('%s', (_, phase, custody) => {
    expect(custodyFrom(phase)).toEqual(custody);
  });
});
