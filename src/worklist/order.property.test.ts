// The worklist's order (rules.ts byPriority: severity, then when each fell due, oldest first): two lists each
// in that order merge into the order a sort of both gives, so the meetings' overdue actions join the support
// plans' items without sorting everything again (service.ts withMeetingActions).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byPriority, mergeByPriority } from './rules.ts';
import { SEVERITIES, WORKLIST_RULES, type WorklistItem } from './types.ts';

const item = fc
  .record({
    rule: fc.constantFrom(...WORKLIST_RULES),
    severity: fc.constantFrom(...SEVERITIES),
    day: fc.integer({ min: 1, max: 5 }),
    referralId: fc.uuid(),
  })
  .map(({ day, ...i }): WorklistItem => ({
    ...i,
    message: 'An item.',
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
