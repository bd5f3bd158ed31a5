// The team's referral list's query string (issue 10, "Referrals for staff: ... with filters (status,
// outcome, received)"): read as people edit it; a page link keeps every filter.
import { describe, expect, it } from 'vitest';
import { parseTeamListQuery, receivedRange, teamListHref } from './teamListForms.ts';

describe('the filters as typed', () => {
  it.each([
    [{}, { status: undefined, outcome: undefined, from: undefined, to: undefined, page: 1 }, []],
    [{ status: 'accepted', outcome: 'ineligible' }, { status: 'accepted', outcome: 'ineligible' }, []],
    [{ status: 'nonsense', outcome: 'maybe', page: '-3' }, { status: undefined, outcome: undefined, page: 1 }, []],
    [{ 'from-day': '4', 'from-month': '11', 'from-year': '2026' }, { from: '2026-11-04', to: undefined }, []],
    [{ 'to-day': '30', 'to-month': '11', 'to-year': '2026', page: '2' }, { to: '2026-11-30', page: 2 }, []],
    [{ 'from-day': '31', 'from-month': '2', 'from-year': '2026' }, { from: undefined }, ['#from-day']],
    [{ 'to-day': '1', 'to-month': '', 'to-year': '2026' }, { to: undefined }, ['#to-day']],
    [
      { 'from-day': '5', 'from-month': '11', 'from-year': '2026', 'to-day': '1', 'to-month': '11', 'to-year': '2026' },
      { from: undefined, to: undefined },
      ['#to-day'],
    ],
  ])('%j', (input, query, errorAnchors) => {
    const form = parseTeamListQuery(input);
    expect(form.query).toMatchObject(query);
    expect(form.errors.map((e) => e.href)).toEqual(errorAnchors);
  });
});

describe('the received range', () => {
  it('runs from the start of the first day to the end of the last, in England', () => {
    expect(receivedRange({ from: '2026-07-01', to: '2026-07-31' })).toEqual({
      receivedFrom: new Date('2026-06-30T23:00:00Z'),
      receivedBefore: new Date('2026-07-31T23:00:00Z'),
    });
    expect(receivedRange({ from: undefined, to: '2026-11-30' })).toEqual({
      receivedFrom: undefined,
      receivedBefore: new Date('2026-12-01T00:00:00Z'),
    });
  });
});

describe('a page link', () => {
  it('keeps every filter', () => {
    const form = parseTeamListQuery({
      site: 'all',
      status: 'declined',
      outcome: 'eligible',
      'from-day': '4',
      'from-month': '11',
      'from-year': '2026',
    });
    const href = teamListHref(form.query, 3);
    expect(href).toBe(
      '/referrals/team?site=all&status=declined&outcome=eligible&from-day=4&from-month=11&from-year=2026&page=3',
    );
    const again = parseTeamListQuery(Object.fromEntries(new URL(href, 'http://x').searchParams));
    expect(again.query).toEqual({ ...form.query, page: 3 });
  });
});
