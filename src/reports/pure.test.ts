// Issue 15: "commissioners' figures are disclosure-controlled as NHS England does for hospital statistics
// (counts 1–7 withheld, others rounded to the nearest 5; percentages from the rounded counts)", "statistical
// process control charts (mean, and limits at mean ± 2.66 × mean moving range)", "CSV download of every table
// (formula-injection safe)".
import { describe, expect, it } from 'vitest';
import { controlCount, controlRatio, exactRatio } from './disclosure.ts';
import { spc, withinBounds } from './spc.ts';
import { csvCell, toCsv } from './csv.ts';

describe('disclosure control', () => {
  it.each([
    [0, 0, false],
    [1, null, true],
    [7, null, true],
    [8, 10, false],
    [12, 10, false],
    [13, 15, false],
    [22, 20, false],
    [23, 25, false],
    [100, 100, false],
  ])('a count of %i is shown as %s', (n, value, suppressed) => {
    expect(controlCount(n)).toEqual({ value, suppressed });
  });

  it.each([
    // [numerator, denominator, expected]
    [9, 13, { numerator: 10, denominator: 15, percentage: 66.7 }],
    [18, 22, { numerator: 20, denominator: 20, percentage: 100 }],
    [0, 12, { numerator: 0, denominator: 10, percentage: 0 }],
    [3, 40, { numerator: null, denominator: 40, percentage: null, suppressed: true }],
    [0, 5, { numerator: 0, denominator: null, percentage: null, suppressed: true }],
    [0, 0, { numerator: 0, denominator: 0, percentage: null }],
  ])('%i / %i → %j (the percentage from the rounded counts)', (n, d, expected) => {
    expect(controlRatio(n, d)).toEqual(expected);
  });

  it('managers see their own site exactly', () => {
    expect(exactRatio(3, 7)).toEqual({ numerator: 3, denominator: 7, percentage: 42.9 });
  });
});

describe('SPC limits as drawn: within what the measure can reach', () => {
  const summary = (lowerLimit: number | null, upperLimit: number | null) => ({
    mean: 50,
    lowerLimit,
    upperLimit,
    outside: [],
  });
  it.each([
    { unit: '%' as const, limits: [27.86, 145.97], drawn: [27.86, 100] },
    { unit: '%' as const, limits: [-12, 171.93], drawn: [0, 100] },
    { unit: '' as const, limits: [-6.1, 27.76], drawn: [0, 27.76] },
    { unit: '' as const, limits: [null, null], drawn: [null, null] },
  ])('$unit $limits → $drawn', ({ unit, limits, drawn }) => {
    const s = withinBounds(summary(limits[0] ?? null, limits[1] ?? null), unit);
    expect([s.lowerLimit, s.upperLimit]).toEqual(drawn);
  });
});

describe('SPC limits (Making Data Count: mean ± 2.66 × mean moving range)', () => {
  it.each([
    // mean 5, moving ranges 2,2,2 → mR 2, limits 5 ± 5.32
    [[4, 6, 4, 6], { mean: 5, upperLimit: 10.32, lowerLimit: -0.32, outside: [false, false, false, false] }],
    // mean 7, moving ranges 0,0,0,... a jump: 10,10,10,10,10,10,10,30 → mean 12.5, mR 20/7
    [
      [10, 10, 10, 10, 10, 10, 10, 30],
      {
        mean: 12.5,
        upperLimit: 20.1,
        lowerLimit: 4.9,
        outside: [false, false, false, false, false, false, false, true],
      },
    ],
    // a withheld month breaks the moving range and is left out of the mean
    [[4, null, 6, 8], { mean: 6, upperLimit: 11.32, lowerLimit: 0.68, outside: [false, false, false, false] }],
    [[null, null], { mean: null, upperLimit: null, lowerLimit: null, outside: [false, false] }],
    [[5], { mean: 5, upperLimit: null, lowerLimit: null, outside: [false] }],
  ] as const)('%j', (values, expected) => {
    expect(spc(values)).toEqual(expected);
  });
});

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    [-3, '-3'],
    [null, ''],
  ] as const)('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('joins rows with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe("a,b\r\n1,'=x\r\n");
  });
});
