import { describe, expect, it } from 'vitest';
import { dueForReview, reviewDueOn } from './rules.ts';

// Records Management Code of Practice 2023, Appendix II: mental health records, 20 years after care ends.
describe('retention review dates', () => {
  it.each([
    ['care continues', { careEndedOn: null, legalHold: false }, null, '2060-01-01', false],
    ['20 years after care ended', { careEndedOn: '2026-11-10', legalHold: false }, '2046-11-10', '2046-11-09', false],
    ['on the day it falls due', { careEndedOn: '2026-11-10', legalHold: false }, '2046-11-10', '2046-11-10', true],
    [
      '29 February in a leap year stays 29 February',
      { careEndedOn: '2028-02-29', legalHold: false },
      '2048-02-29',
      '2048-02-29',
      true,
    ],
    [
      'a legal hold keeps it out of the report',
      { careEndedOn: '2000-01-01', legalHold: true },
      '2020-01-01',
      '2030-01-01',
      false,
    ],
  ])('%s', (_name, record, due, today, isDue) => {
    const r = { retentionClass: 'mental_health', ...record };
    expect(reviewDueOn(r)).toBe(due);
    expect(dueForReview(r, today)).toBe(isDue);
  });
});
