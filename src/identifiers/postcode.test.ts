import { describe, it, expect } from 'vitest';
import { isValidPostcode, normalisePostcode } from './postcode.ts';

// Source for every row: PRODUCT.md "Standards that apply": "UK postcode"; addresses from the seeds
// (seed 000: "Birmingham B24 9AA").
describe('isValidPostcode', () => {
  const cases: { input: string; valid: boolean; why: string }[] = [
    { input: 'SW1A 1AA', valid: true, why: 'AANA NAA' },
    { input: 'sw1a1aa', valid: true, why: 'lower case without space' },
    { input: 'B24 9AA', valid: true, why: 'seed 000 address: AN NAA with two digits' },
    { input: 'M1 1AE', valid: true, why: 'AN NAA' },
    { input: 'CR2 6XH', valid: true, why: 'AAN NAA' },
    { input: 'DN55 1PT', valid: true, why: 'AANN NAA' },
    { input: 'W1A 0AX', valid: true, why: 'ANA NAA' },
    { input: 'GIR 0AA', valid: true, why: 'Girobank special case' },
    { input: 'QA1 1AA', valid: false, why: 'Q never first' },
    { input: 'SW1A 1CA', valid: false, why: 'C never in the inward code' },
    { input: 'SW1A', valid: false, why: 'outward code only' },
    { input: '12345', valid: false, why: 'digits only' },
    { input: '', valid: false, why: 'empty' },
  ];
  it.each(cases)('$input → $valid ($why)', ({ input, valid }) => {
    expect(isValidPostcode(input)).toBe(valid);
  });
});

describe('normalisePostcode', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['  b24   9aa ', 'B24 9AA'],
    ['M11AE', 'M1 1AE'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });
});
