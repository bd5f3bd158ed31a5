// Meetings' and actions' pure rules, table-driven. Sources: API.md ("An open action past its `dueOn` is on the
// worklist as `action_overdue`"); MAPPA Guidance (levels 1-3, categories 1-4); issue 11 ("Closing an action
// takes a note").
import { describe, expect, it } from 'vitest';
import {
  closingNoteProblem,
  isOverdue,
  mappaProblems,
  meetingTitle,
  overdueFrom,
  overdueItem,
  overdueItems,
  type OpenAction,
} from './rules.ts';

describe('isOverdue: open and past the day it was due (England’s days)', () => {
  it.each([
    { status: 'open', dueOn: '2026-11-09', asOf: '2026-11-09T23:59:59Z', overdue: false },
    { status: 'open', dueOn: '2026-11-09', asOf: '2026-11-10T00:00:00Z', overdue: true },
    // Summer time: the day ends at 23:00 UTC.
    { status: 'open', dueOn: '2026-07-01', asOf: '2026-07-01T22:59:59Z', overdue: false },
    { status: 'open', dueOn: '2026-07-01', asOf: '2026-07-01T23:00:00Z', overdue: true },
    { status: 'done', dueOn: '2026-11-01', asOf: '2026-11-10T09:00:00Z', overdue: false },
    { status: 'cancelled', dueOn: '2026-11-01', asOf: '2026-11-10T09:00:00Z', overdue: false },
  ])('$status, due $dueOn, as of $asOf → $overdue', ({ status, dueOn, asOf, overdue }) => {
    expect(isOverdue({ status, dueOn }, new Date(asOf))).toBe(overdue);
  });

  it('falls due at the start of the next day in England', () => {
    expect(overdueFrom('2026-11-09').toISOString()).toBe('2026-11-10T00:00:00.000Z');
    expect(overdueFrom('2026-07-01').toISOString()).toBe('2026-07-01T23:00:00.000Z');
  });
});

const action = (overrides: Partial<OpenAction> = {}): OpenAction => ({
  id: 'a1',
  description: 'Send the licence conditions',
  dueOn: '2026-11-08',
  status: 'open',
  ownerName: 'Sam Current',
  ownerOrganisation: 'Blackpool PDU',
  ownerUserId: null,
  meetingKind: 'professionals',
  heldOn: '2026-11-06',
  episodeId: 'e1',
  referralId: 'r1',
  reference: 'REF-1',
  personName: 'Frank Example',
  siteCode: 'er-lancashire-cumbria',
  leadWorkerId: 'u1',
  ...overrides,
});

describe('overdueItem: the worklist item (API.md action_overdue, with the action’s id)', () => {
  const asOf = new Date('2026-11-10T09:00:00Z');
  it.each([
    { kind: 'professionals', severity: 'medium' },
    { kind: 'mdt', severity: 'medium' },
    { kind: 'consultation_review', severity: 'medium' },
    { kind: 'mappa', severity: 'high' },
    { kind: 'marac', severity: 'high' },
    { kind: 'channel_panel', severity: 'high' },
  ])('an overdue action of a $kind meeting is $severity', ({ kind, severity }) => {
    expect(overdueItem(action({ meetingKind: kind }), asOf)?.severity).toBe(severity);
  });

  it('carries the rule, the action’s id, where to fix it, when it fell due and whose it is', () => {
    expect(overdueItem(action({ ownerUserId: 'u2' }), asOf)).toEqual({
      rule: 'action_overdue',
      severity: 'medium',
      message:
        'The action “Send the licence conditions” from the professionals’ meeting on 6 November 2026 was due on 8 November 2026 (Sam Current, Blackpool PDU) and is not done: chase it, or close it with a note.',
      link: '/actions/a1',
      dueAt: new Date('2026-11-09T00:00:00Z'),
      siteCode: 'er-lancashire-cumbria',
      referralId: 'r1',
      episodeId: 'e1',
      actionId: 'a1',
      reference: 'REF-1',
      personName: 'Frank Example',
      leadWorkerId: 'u1',
      ownerUserId: 'u2',
    });
    expect(overdueItem(action({ dueOn: '2026-11-10' }), asOf)).toBeUndefined();
  });

  it('orders items oldest due first', () => {
    const items = overdueItems(
      [
        action({ id: 'b', dueOn: '2026-11-07' }),
        action({ id: 'a', dueOn: '2026-11-08' }),
        action({ id: 'c', dueOn: '2026-11-01' }),
      ],
      asOf,
    );
    expect(items.map((i) => i.actionId)).toEqual(['c', 'b', 'a']);
  });
});

describe('MAPPA level and category', () => {
  it.each([
    { kind: 'mappa', level: 2, category: 1, problems: [] },
    { kind: 'mappa', level: undefined, category: 1, problems: ['mappaLevel'] },
    { kind: 'mappa', level: undefined, category: undefined, problems: ['mappaLevel', 'mappaCategory'] },
    { kind: 'marac', level: undefined, category: undefined, problems: [] },
    { kind: 'professionals', level: 1, category: undefined, problems: ['mappaLevel'] },
    { kind: 'channel_panel', level: undefined, category: 4, problems: ['mappaCategory'] },
  ])('$kind, level $level, category $category → $problems', ({ kind, level, category, problems }) => {
    expect(mappaProblems({ kind, mappaLevel: level, mappaCategory: category }).map((p) => p.field)).toEqual(problems);
  });

  it('names a MAPPA meeting by its level and category', () => {
    expect(meetingTitle({ kind: 'mappa', mappaLevel: 2, mappaCategory: 1 })).toBe('MAPPA meeting, level 2, category 1');
    expect(meetingTitle({ kind: 'channel_panel', mappaLevel: null, mappaCategory: null })).toBe('Channel Panel');
  });
});

describe('closing an action takes a note', () => {
  it.each([
    { status: 'done', note: undefined, problem: 'Say what was done' },
    { status: 'cancelled', note: undefined, problem: 'Say why the action is cancelled' },
    { status: 'done', note: 'Sent on 9 November', problem: undefined },
    { status: 'open', note: undefined, problem: undefined },
  ] as const)('$status with note $note → $problem', ({ status, note, problem }) => {
    expect(closingNoteProblem(status, note)).toBe(problem);
  });
});
