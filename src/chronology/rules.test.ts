// The chronology's pure rules (issue 11: "in one order by when it happened, also showing when it was recorded";
// "Filters by agency, kind and date, a keyword search within it"), table-driven.
import { describe, expect, it } from 'vitest';
import { londonDate } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';
import {
  agenciesOf,
  byWhenItHappened,
  englandDay,
  englandNoon,
  kindOf,
  matches,
  recordedLater,
  type Entry,
} from './rules.ts';

describe('kindOf: the kind of an entry from its table and event', () => {
  it.each([
    ['timeline', 'referral.received', 'referral'],
    ['timeline', 'referral_restricted', 'referral'],
    ['timeline', 'screening.accept', 'screening'],
    ['timeline', 'consultation.accept', 'consultation'],
    ['timeline', 'episode.opened', 'episode'],
    ['timeline', 'episode.closed', 'episode'],
    ['timeline', 'episode.allocated', 'allocation'],
    ['timeline', 'episode.co_worker_added', 'allocation'],
    ['timeline', 'release_plan.updated', 'release_plan'],
    ['timeline', 'something.new', 'other'],
    ['episode_event', 'release_date_set', 'release_date'],
    ['episode_event', 'released', 'release'],
    ['episode_event', 'recalled', 'recall'],
    ['contact', 'contact.attended', 'contact'],
    ['meeting', 'meeting.mappa', 'meeting'],
    ['action', 'action.done', 'action'],
    ['partner_note', 'partner_note.recorded', 'partner_note'],
  ])('%s %s → %s', (src, event, kind) => {
    expect(kindOf(src, event)).toBe(kind);
  });
});

const entry = (overrides: Partial<Entry> = {}): Entry => ({
  id: 'x',
  occurredAt: new Date('2026-11-05T12:00:00Z'),
  dateOnly: false,
  occurredOn: null,
  recordedAt: new Date('2026-11-05T12:00:00Z'),
  kind: 'partner_note',
  event: 'partner_note.recorded',
  source: { partnerId: 'p1', organisation: 'Blackpool PDU' },
  summary: 'Parole hearing brought forward',
  detail: ['Sam Current called the duty worker'],
  referralId: 'r1',
  episodeId: 'e1',
  restricted: false,
  recordedBy: 'Priya Practitioner',
  ...overrides,
});

describe('matches: filters by agency, kind, date and a keyword', () => {
  it.each([
    { filter: {}, match: true },
    { filter: { partnerId: 'p1' }, match: true },
    { filter: { partnerId: 'p2' }, match: false },
    { filter: { team: 'er-lancashire-cumbria' }, match: false },
    { filter: { kinds: ['partner_note', 'meeting'] as const }, match: true },
    { filter: { kinds: ['meeting'] as const }, match: false },
    { filter: { from: '2026-11-05', to: '2026-11-05' }, match: true },
    { filter: { from: '2026-11-06' }, match: false },
    { filter: { to: '2026-11-04' }, match: false },
    { filter: { q: 'PAROLE' }, match: true },
    { filter: { q: 'hearing duty' }, match: true },
    { filter: { q: 'priya' }, match: true },
    { filter: { q: 'hearing housing' }, match: false },
  ])('$filter → $match', ({ filter, match }) => {
    expect(matches(entry(), filter)).toBe(match);
  });

  it('judges dates in England: 00:30 on 1 July (summer time) is 1 July', () => {
    expect(matches(entry({ occurredAt: new Date('2026-06-30T23:30:00Z') }), { from: '2026-07-01' })).toBe(true);
  });

  it('finds names by their letters without accents', () => {
    expect(matches(entry({ summary: 'Jan Wiśniewski-O’Brien attended' }), { q: 'wisniewski' })).toBe(true);
  });
});

describe('the order: by when it happened, then when it was recorded', () => {
  it('places news recorded days later where it happened', () => {
    const contact = entry({
      id: 'contact',
      occurredAt: new Date('2026-11-03T14:00:00Z'),
      recordedAt: new Date('2026-11-03T15:00:00Z'),
    });
    const lateNote = entry({
      id: 'note',
      occurredAt: new Date('2026-11-02T11:00:00Z'),
      recordedAt: new Date('2026-11-09T10:00:00Z'),
    });
    const sameTime = entry({
      id: 'b',
      occurredAt: new Date('2026-11-02T11:00:00Z'),
      recordedAt: new Date('2026-11-02T11:05:00Z'),
    });
    expect([contact, lateNote, sameTime].sort(byWhenItHappened).map((e) => e.id)).toEqual(['b', 'note', 'contact']);
    expect(recordedLater(lateNote)).toBe(true);
    expect(recordedLater(sameTime)).toBe(false);
  });

  it('lists the agencies it draws on, teams first', () => {
    const entries = [
      entry({ source: { partnerId: 'p2', organisation: 'Zeta Housing' } }),
      entry({ source: { team: 'er-lancashire-cumbria', organisation: 'Enhanced RECONNECT Lancashire' } }),
      entry(),
    ];
    expect(agenciesOf(entries)).toEqual([
      { value: 'team:er-lancashire-cumbria', text: 'Enhanced RECONNECT Lancashire' },
      { value: 'partner:p1', text: 'Blackpool PDU' },
      { value: 'partner:p2', text: 'Zeta Housing' },
    ]);
  });
});

describe('England’s calendar without Intl (Summer Time Order 2002), as identifiers/dates.ts reads it', () => {
  // Around both changes of 2026 (29 March, 25 October) and 2027 (28 March, 31 October), and at midnights.
  const instants = [
    '2026-03-29T00:59:59Z',
    '2026-03-29T01:00:00Z',
    '2026-03-28T23:30:00Z',
    '2026-06-30T23:30:00Z',
    '2026-06-30T22:59:59Z',
    '2026-10-24T23:30:00Z',
    '2026-10-25T00:59:59Z',
    '2026-10-25T01:00:00Z',
    '2026-12-31T23:59:59Z',
    '2027-03-28T00:30:00Z',
    '2027-10-30T23:30:00Z',
    '2027-10-31T00:30:00Z',
    '1990-07-01T23:30:00Z',
  ];
  it.each(instants)('the date in England at %s', (at) => {
    expect(englandDay(new Date(at))).toBe(londonDate(new Date(at)));
  });

  it.each([
    '2026-03-28',
    '2026-03-29',
    '2026-03-30',
    '2026-07-01',
    '2026-10-24',
    '2026-10-25',
    '2026-10-26',
    '2026-12-25',
    '1990-07-01',
  ])('midday in England on %s', (day) => {
    expect(englandNoon(day).toISOString()).toBe(londonInstant(day, '12:00'));
  });

  it('agrees with Intl at every hour of two years', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000)
      expect(englandDay(new Date(t + 1_800_000))).toBe(londonDate(new Date(t + 1_800_000)));
  });
});
