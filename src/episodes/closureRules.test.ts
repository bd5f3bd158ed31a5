// The closure rules, table-driven: each row cites the issue sentence it comes from.
import { describe, expect, it } from 'vitest';
import { goalOutcomeProblems, goalTally, type GivenOutcome } from './closureRules.ts';
import type { ClosureReason } from './schema.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const OTHER = '00000000-0000-4000-8000-00000000000c';
const goals = [
  { id: A, description: 'Register with a GP', outcome: null },
  { id: B, description: 'Find settled housing', outcome: null },
];

describe('goal outcomes at closure (issue: "an end-of-service summary with each goal achieved / partly / not achieved")', () => {
  const rows: [string, ClosureReason, GivenOutcome[], string[]][] = [
    [
      'every open goal judged: closes',
      'support_completed',
      [
        { goalId: A, outcome: 'achieved' },
        { goalId: B, outcome: 'partly_achieved' },
      ],
      [],
    ],
    [
      'an open goal left unjudged: refused on its path',
      'support_completed',
      [{ goalId: A, outcome: 'achieved' }],
      [`goalOutcomes.${B}`],
    ],
    ['disengaged still needs each goal judged', 'disengaged', [], [`goalOutcomes.${A}`, `goalOutcomes.${B}`]],
    ['died: goals may stay open (decision in closureRules.ts)', 'died', [], []],
    ['moved and transferred: the receiving team carries the plan on', 'moved_and_transferred', [], []],
    [
      'stepped up or down: the other service carries the plan on',
      'stepped_up_or_down',
      [{ goalId: A, outcome: 'not_achieved' }],
      [],
    ],
    [
      'a goal of another episode: refused on the entry',
      'died',
      [{ goalId: OTHER, outcome: 'achieved' }],
      ['goalOutcomes.0.goalId'],
    ],
    [
      'the same goal twice: refused on the second',
      'support_completed',
      [
        { goalId: A, outcome: 'achieved' },
        { goalId: B, outcome: 'achieved' },
        { goalId: A, outcome: 'not_achieved' },
      ],
      ['goalOutcomes.2.goalId'],
    ],
  ];
  it.each(rows)('%s', (_name, reason, given, fields) => {
    expect(goalOutcomeProblems(reason, goals, given).map((p) => p.field)).toEqual(fields);
  });

  it('does not ask again for a goal judged before (at an earlier closure, then reopened)', () => {
    expect(goalOutcomeProblems('support_completed', [{ ...goals[0]!, outcome: 'achieved' }], [])).toEqual([]);
  });

  it('names the goal in the message', () => {
    expect(goalOutcomeProblems('support_completed', goals, [])[0]!.message).toContain('Register with a GP');
  });

  it('counts outcomes for the timeline', () => {
    expect(goalTally(['achieved', 'not_achieved', 'achieved'])).toBe('2 achieved, 1 not achieved');
    expect(goalTally([])).toBe('');
  });
});
