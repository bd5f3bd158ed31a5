// The rules of the care record moved out of its services (rules.ts), table-driven with their sources:
// what a new assessment carries over, which needs a goal may be linked to, a review's dates, and when an
// episode's record is closed to change. Progress and the review schedule are in domains.test.ts.
import { describe, expect, it } from 'vitest';
import type { DomainAnswer } from './domains.ts';
import { carriedOver, goalDomains, isClosed, reviewDateErrors } from './rules.ts';

const ISSUE = 'issue "Assessment, formulation and plan"';
const answer = (level: DomainAnswer['level'], status: DomainAnswer['status'] = 'completed'): DomainAnswer => ({
  status,
  level,
  notes: null,
  fields: {},
});

describe('carriedOver', () => {
  it(`keeps every answer of the previous assessment, each to be confirmed again (${ISSUE})`, () => {
    expect(carriedOver({ money: answer('high'), strengths: answer(null, 'incomplete') })).toEqual({
      money: answer('high', 'incomplete'),
      strengths: answer(null, 'incomplete'),
    });
  });
});

describe('goalDomains', () => {
  it.each<[string, { number: number; domains: Record<string, DomainAnswer> }[], string[]]>([
    [`${ISSUE}: strengths, even before any assessment`, [], ['strengths']],
    [
      `${ISSUE}: needs rated low, medium or high, not "no need"`,
      [
        {
          number: 1,
          domains: { money: answer('low'), accommodation: answer('high'), identification: answer('no_need') },
        },
      ],
      ['accommodation', 'money', 'strengths'],
    ],
    [
      'the latest assessment that rates a domain decides, even while it is in progress',
      [
        { number: 1, domains: { money: answer('high'), accommodation: answer('high') } },
        { number: 2, domains: { money: answer('no_need', 'incomplete') } },
      ],
      ['accommodation', 'strengths'],
    ],
  ])('%s', (_source, assessments, domains) => {
    expect(goalDomains(assessments)).toEqual(domains);
  });
});

describe('reviewDateErrors', () => {
  const today = '2026-11-10';
  it.each<[string, { reviewedOn: string; nextReviewOn?: string }, string[]]>([
    ['a review held today', { reviewedOn: today }, []],
    ['a review yet to happen is not recorded', { reviewedOn: '2026-11-11' }, ['reviewedOn']],
    ['the next review comes after this one', { reviewedOn: today, nextReviewOn: today }, ['nextReviewOn']],
    ['the next review agreed for later', { reviewedOn: '2026-11-01', nextReviewOn: '2026-12-01' }, []],
  ])('%s', (_case, review, fields) => {
    expect(reviewDateErrors(review, today).map((e) => e.field)).toEqual(fields);
  });
});

describe('isClosed', () => {
  const policy = { preReleaseMonths: 3, postReleaseMonths: 12 };
  const episode = { openedOn: '2026-10-01' };
  it.each<[string, { kind: string; on: string; data: unknown }[], boolean]>([
    ['an episode with no events is open', [], false],
    [
      'closed as its own history records it (episodes/phases.ts)',
      [{ kind: 'closed', on: '2026-11-01', data: { reason: 'disengaged' } }],
      true,
    ],
    [
      'reopened after closure, it takes changes again',
      [
        { kind: 'closed', on: '2026-11-01', data: { reason: 'disengaged' } },
        { kind: 'reopened', on: '2026-11-05', data: { reason: 'Re-engaged' } },
      ],
      false,
    ],
  ])('%s', (_case, events, closed) => {
    expect(isClosed(episode, events, policy, '2026-11-10')).toBe(closed);
  });
});
