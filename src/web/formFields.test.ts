import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { londonInstant, londonOffset, londonOffsetUncached } from './formFields.ts';

describe('londonOffset', () => {
  // The cache serves a UTC hour with one answer: it holds only while every change of offset is on the hour.
  it('agrees with Intl for any instant, the minutes around a change of the clocks included', () => {
    const clockChanges = [
      '2026-03-29T01:00:00Z',
      '2026-10-25T01:00:00Z',
      '2027-03-28T01:00:00Z',
      '1996-10-27T01:00:00Z',
      '1975-03-16T02:00:00Z',
    ];
    for (const change of clockChanges)
      for (let s = -7200; s <= 7200; s += 59) {
        const at = new Date(new Date(change).getTime() + s * 1000);
        expect(londonOffset(at), at.toISOString()).toBe(londonOffsetUncached(at));
      }
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1840-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (at) => {
          expect(londonOffset(at)).toBe(londonOffsetUncached(at));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it.each([
    {
      date: '2026-03-29',
      time: '00:00',
      expected: '2026-03-29T00:00:00.000Z',
      why: 'midnight before the clocks go forward',
    },
    {
      date: '2026-03-30',
      time: '00:00',
      expected: '2026-03-29T23:00:00.000Z',
      why: 'the first midnight of summer time',
    },
    {
      date: '2026-10-25',
      time: '00:00',
      expected: '2026-10-24T23:00:00.000Z',
      why: 'midnight before the clocks go back',
    },
    {
      date: '2026-10-26',
      time: '00:00',
      expected: '2026-10-26T00:00:00.000Z',
      why: 'the first midnight of winter time',
    },
    { date: '2026-07-01', time: '14:30', expected: '2026-07-01T13:30:00.000Z', why: 'an afternoon in summer time' },
  ])('londonInstant($date, $time) is $expected ($why)', ({ date, time, expected }) => {
    expect(londonInstant(date, time)).toBe(expected);
  });
});
