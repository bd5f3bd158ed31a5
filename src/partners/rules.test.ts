// The partner directory's duplicate warning and the network's order (issue 11: "duplicates warned, never merged
// silently"; "current ones first"), table-driven.
import { describe, expect, it } from 'vitest';
import { isCurrent, isPossibleDuplicate, nameWords, networkOrder } from './rules.ts';

describe('isPossibleDuplicate: similar name, same kind, same area', () => {
  it.each([
    {
      a: ['HMP Preston Healthcare', 'prison_healthcare', 'Preston'],
      b: ['Preston Prison Healthcare', 'prison_healthcare', 'Preston'],
      dup: true,
    },
    {
      a: ['Blackpool Probation Delivery Unit', 'probation', 'Blackpool'],
      b: ['Probation Delivery Unit, Blackpool', 'probation', 'blackpool'],
      dup: true,
    },
    { a: ['St. Mary’s Surgery', 'gp', null], b: ['St Marys Surgery', 'gp', 'Norwich'], dup: true },
    {
      a: ['Café Renewal & Recovery', 'substance_misuse', 'Norfolk'],
      b: ['Cafe Renewal and Recovery', 'substance_misuse', 'Norfolk'],
      dup: true,
    },
    {
      a: ['Blackpool CMHT', 'community_mental_health', 'Blackpool'],
      b: ['Fylde CMHT', 'community_mental_health', 'Blackpool'],
      dup: false,
    },
    {
      a: ['Blackpool Probation Delivery Unit', 'probation', 'Blackpool'],
      b: ['Blackpool Probation Delivery Unit', 'probation', 'Preston'],
      dup: false,
    },
    {
      a: ['Norwich Housing Options', 'housing', 'Norfolk'],
      b: ['Norwich Housing Options', 'local_authority', 'Norfolk'],
      dup: false,
    },
    { a: ['The Trust', 'other', null], b: ['the trust', 'other', null], dup: true },
  ])('$a.0 / $b.0 → $dup', ({ a, b, dup }) => {
    const entry = ([name, kind, area]: (string | null)[]) => ({ name: name ?? '', kind: kind ?? '', area });
    expect(isPossibleDuplicate(entry(a), entry(b))).toBe(dup);
    expect(isPossibleDuplicate(entry(b), entry(a))).toBe(dup);
  });

  it('compares words without filler, accents or punctuation', () => {
    expect(nameWords('The NHS Wiśniewski-O’Brien Service')).toEqual(['wisniewski', 'o', 'brien']);
  });
});

describe('the network: current first', () => {
  const m = (name: string, fromOn: string, toOn: string | null = null) => ({ name, fromOn, toOn });
  it.each([
    { member: m('a', '2026-11-01'), today: '2026-11-10', current: true },
    { member: m('a', '2026-11-10'), today: '2026-11-10', current: true },
    { member: m('a', '2026-11-11'), today: '2026-11-10', current: false },
    { member: m('a', '2026-01-01', '2026-11-10'), today: '2026-11-10', current: true },
    { member: m('a', '2026-01-01', '2026-11-09'), today: '2026-11-10', current: false },
  ])('$member.fromOn to $member.toOn on $today → current $current', ({ member, today, current }) => {
    expect(isCurrent(member, today)).toBe(current);
  });

  it('orders current (latest start first), then starting, then past (latest end first)', () => {
    const members = [
      m('past early', '2025-01-01', '2025-06-01'),
      m('current old', '2026-01-01'),
      m('starting', '2026-12-01'),
      m('past late', '2025-06-01', '2026-10-01'),
      m('current new', '2026-11-01'),
    ];
    expect(networkOrder(members, '2026-11-10').map((x) => x.name)).toEqual([
      'current new',
      'current old',
      'starting',
      'past late',
      'past early',
    ]);
  });
});
