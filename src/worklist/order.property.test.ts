// The worklist's order (rules.ts byPriority: severity, then when each fell due, oldest first): two lists each
// in that order merge into the order a sort of both gives, so the meetings' overdue actions join the support
// plans' items without sorting everything again (service.ts withMeetingActions), and so one sort of both lists
// gives it too (service.ts list); a page's first items are those a whole sort puts first (firstByPriority).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byPriority, firstByPriority, mergeByPriority } from './rules.ts';
import { SEVERITIES, WORKLIST_RULES, type WorklistItem } from './types.ts';

const item = fc
  .record({
    rule: fc.constantFrom(...WORKLIST_RULES),
    severity: fc.constantFrom(...SEVERITIES),
    day: fc.integer({ min: 1, max: 5 }),
    referralId: fc.constantFrom(...['1', '2', '3'].map((n) => `00000000-0000-4000-8000-00000000000${n}`)),
    // Which item it is, to tell apart items equal in every key the order reads.
    n: fc.nat(),
  })
  .map(({ day, n, ...i }): WorklistItem => ({
    ...i,
    message: `Item ${n}.`,
    link: `/referrals/${i.referralId}`,
    dueAt: new Date(Date.UTC(2026, 10, day)),
    siteCode: 'er-lancashire-cumbria',
    reference: 'REF-1',
    personName: 'A Person',
  }));
const sortedList = fc.array(item, { maxLength: 40 }).map((list) => list.sort(byPriority));

describe('mergeByPriority', () => {
  it('gives the order a sort of both lists gives', () => {
    fc.assert(
      fc.property(sortedList, sortedList, (a, b) => {
        expect(mergeByPriority(a, b)).toEqual([...a, ...b].sort(byPriority));
      }),
    );
  });
});

describe('firstByPriority', () => {
  it('gives the first items of a whole sort, ties in the order they came in', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 300 }), fc.oneof(fc.nat(20), fc.nat(320)), (list, n) => {
        expect(firstByPriority(list, n)).toEqual([...list].sort(byPriority).slice(0, n));
      }),
      { numRuns: 300 },
    );
  });
});
