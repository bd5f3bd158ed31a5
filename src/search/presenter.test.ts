// Issue 10: "Results show the person, date of birth, and their referrals and episodes with status": hits
// grouped by person, newest referral first, in the service's words; and a list cut short says so.
import { describe, expect, it } from 'vitest';
import { presentItems, presentSearchPage } from './presenter.ts';
import type { SearchRow } from './repository.ts';
import type { PhaseSummary } from '../episodes/presenter.ts';

const row = (over: Partial<SearchRow>): SearchRow => ({
  referralId: 'r1',
  reference: 'RC-1001',
  personId: 'p1',
  givenName: 'Jan',
  familyName: 'Wiśniewski-O’Brien',
  dateOfBirth: '1993-06-14',
  siteCode: 'reconnect-hampshire',
  status: 'accepted',
  receivedAt: new Date('2026-11-01T09:00:00Z'),
  episodeId: null,
  episodeSiteCode: null,
  openedOn: null,
  ...over,
});
const phase = { status: 'post_release', statusText: 'After release' } as PhaseSummary;

describe('search results', () => {
  it('group each person’s referrals and episodes, named as their newest referral names them', () => {
    const rows = [
      row({
        referralId: 'r2',
        reference: 'RC-1002',
        givenName: 'Jan',
        episodeId: 'e2',
        episodeSiteCode: 'reconnect-hampshire',
        openedOn: '2026-11-02',
      }),
      row({
        referralId: 'r3',
        personId: 'p2',
        givenName: 'Anna',
        familyName: 'Wiśniewska',
        status: 'information_requested',
      }),
      row({ referralId: 'r1', givenName: 'Janek', status: 'declined' }),
    ];
    const { items, more } = presentItems(rows, new Map([['e2', phase]]), 50);
    expect(more).toBe(false);
    expect(items).toEqual([
      {
        personId: 'p1',
        name: 'Jan Wiśniewski-O’Brien',
        dateOfBirth: '1993-06-14',
        referrals: [
          { id: 'r2', reference: 'RC-1002', site: 'reconnect-hampshire', status: 'accepted', statusText: 'Accepted' },
          { id: 'r1', reference: 'RC-1001', site: 'reconnect-hampshire', status: 'declined', statusText: 'Declined' },
        ],
        episodes: [
          {
            id: 'e2',
            referralId: 'r2',
            site: 'reconnect-hampshire',
            status: 'post_release',
            statusText: 'After release',
          },
        ],
      },
      {
        personId: 'p2',
        name: 'Anna Wiśniewska',
        dateOfBirth: '1993-06-14',
        referrals: [
          {
            id: 'r3',
            reference: 'RC-1001',
            site: 'reconnect-hampshire',
            status: 'information_requested',
            statusText: 'Waiting for the referrer',
          },
        ],
        episodes: [],
      },
    ]);
  });

  it('say when more people matched than are listed', () => {
    const rows = [row({}), row({ referralId: 'r9', personId: 'p9' })];
    const { items, more } = presentItems(rows, new Map(), 1);
    expect(items.map((i) => i.personId)).toEqual(['p1']);
    expect(more).toBe(true);
    const page = presentSearchPage({
      q: 'jan',
      result: { kind: 'name', items, more },
      errors: [],
      teamName: () => 'RECONNECT Hampshire',
    });
    expect(page.resultText).toBe('1 person found by name, and more may match: add more of the name to narrow it');
    expect(page.people[0]).toMatchObject({
      dateOfBirthText: '14 June 1993',
      referrals: [{ team: 'RECONNECT Hampshire', statusText: 'Accepted' }],
    });
  });
});
