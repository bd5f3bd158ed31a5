import { describe, it, expect } from 'vitest';
import { isValidPrisonNumber, normalisePrisonNumber } from './prisonNumber.ts';

// Source for every row: PRODUCT.md "Standards that apply": "NOMIS prison number `A1234BC`".
describe('isValidPrisonNumber', () => {
  const cases: { input: string; valid: boolean }[] = [
    { input: 'A1234BC', valid: true },
    { input: 'a1234bc', valid: true },
    { input: ' A1234BC ', valid: true },
    { input: 'A1234B', valid: false },
    { input: 'A12345BC', valid: false },
    { input: '11234BC', valid: false },
    { input: 'AB234BC', valid: false },
    { input: 'A1234B1', valid: false },
    { input: 'A 1234 BC', valid: false },
    { input: '', valid: false },
  ];
  it.each(cases)('$input → $valid', ({ input, valid }) => {
    expect(isValidPrisonNumber(input)).toBe(valid);
  });
});

describe('normalisePrisonNumber', () => {
  it.each([
    ['a1234bc', 'A1234BC'],
    [' A1234bc ', 'A1234BC'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePrisonNumber(input)).toBe(expected);
  });
});
