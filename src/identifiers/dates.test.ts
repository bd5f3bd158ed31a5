import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDaysIso,
  addMonthsIso,
  ageOnIso,
  daysBetweenIso,
  formatIsoDateLong,
  isRealIsoDate,
  londonDate,
  londonDateUncached,
} from './dates.ts';

// Source: API.md "Dates are ISO `YYYY-MM-DD` and must be real calendar dates".
describe('isRealIsoDate', () => {
  const cases: { input: string; valid: boolean; why: string }[] = [
    { input: '2024-02-29', valid: true, why: 'leap day in a leap year' },
    { input: '2000-02-29', valid: true, why: 'century divisible by 400 is a leap year' },
    { input: '1900-02-29', valid: false, why: 'century not divisible by 400 is not' },
    { input: '2025-02-29', valid: false, why: 'no leap day in 2025' },
    { input: '2026-02-31', valid: false, why: 'never rolls over into March' },
    { input: '2026-04-31', valid: false, why: 'April has 30 days' },
    { input: '2026-12-31', valid: true, why: 'last day of the year' },
    { input: '2026-13-01', valid: false, why: 'month 13' },
    { input: '2026-00-10', valid: false, why: 'month 0' },
    { input: '2026-01-00', valid: false, why: 'day 0' },
    { input: '2026-1-01', valid: false, why: 'single-digit month' },
    { input: '01/02/2026', valid: false, why: 'UK display format is not ISO' },
    { input: '2026-01-01T00:00:00Z', valid: false, why: 'a timestamp, not a date' },
    { input: '', valid: false, why: 'empty' },
  ];
  it.each(cases)('$input → $valid ($why)', ({ input, valid }) => {
    expect(isRealIsoDate(input)).toBe(valid);
  });
});

describe('addMonthsIso', () => {
  it.each([
    { from: '2027-03-01', months: -6, expected: '2026-09-01' },
    { from: '2027-08-31', months: -6, expected: '2027-02-28' },
    { from: '2024-08-31', months: -6, expected: '2024-02-29' },
    { from: '2026-11-30', months: 3, expected: '2027-02-28' },
    { from: '2026-01-15', months: 12, expected: '2027-01-15' },
  ])('$from + $months months → $expected', ({ from, months, expected }) => {
    expect(addMonthsIso(from, months)).toBe(expected);
  });

  it('throws on a date that is not real', () => {
    expect(() => addMonthsIso('2026-02-31', 1)).toThrow(/Not a real ISO calendar date/);
  });
});

describe('addDaysIso and daysBetweenIso', () => {
  it.each([
    { from: '2026-02-28', days: 1, expected: '2026-03-01' },
    { from: '2024-02-28', days: 1, expected: '2024-02-29' },
    { from: '2026-01-01', days: -28, expected: '2025-12-04' },
  ])('$from + $days days → $expected', ({ from, days, expected }) => {
    expect(addDaysIso(from, days)).toBe(expected);
    expect(daysBetweenIso(from, expected)).toBe(days);
  });
});

describe('ageOnIso', () => {
  it.each([
    { dob: '2008-06-15', on: '2026-06-14', age: 17, why: 'day before 18th birthday' },
    { dob: '2008-06-15', on: '2026-06-15', age: 18, why: '18th birthday' },
    { dob: '2008-02-29', on: '2026-02-28', age: 17, why: 'leap-day birth: not yet 18 on 28 February' },
    { dob: '2008-02-29', on: '2026-03-01', age: 18, why: 'leap-day birth: 18 on 1 March' },
  ])('$dob on $on → $age ($why)', ({ dob, on, age }) => {
    expect(ageOnIso(dob, on)).toBe(age);
  });
});

describe('londonDate', () => {
  it.each([
    { instant: '2026-07-01T00:30:00+01:00', expected: '2026-07-01', why: 'BST: UTC is still 30 June' },
    { instant: '2026-01-01T00:30:00Z', expected: '2026-01-01', why: 'GMT equals UTC' },
    { instant: '2026-06-30T23:30:00Z', expected: '2026-07-01', why: 'late UTC evening is the next day in BST' },
  ])('$instant → $expected ($why)', ({ instant, expected }) => {
    expect(londonDate(new Date(instant))).toBe(expected);
  });

  // The cache serves a UTC hour with one answer: it holds only while every change of offset is on the hour.
  it('agrees with Intl for any instant, the minutes around a change of the clocks included', () => {
    const clockChanges = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '1996-10-27T01:00:00Z'];
    for (const change of clockChanges)
      for (let s = -7200; s <= 7200; s += 59) {
        const at = new Date(new Date(change).getTime() + s * 1000);
        expect(londonDate(at), at.toISOString()).toBe(londonDateUncached(at));
      }
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1972-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (at) => {
          expect(londonDate(at)).toBe(londonDateUncached(at));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('formatIsoDateLong', () => {
  it('writes the date in plain English', () => {
    expect(formatIsoDateLong('2026-09-01')).toBe('1 September 2026');
  });
});
