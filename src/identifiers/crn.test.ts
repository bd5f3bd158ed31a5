import { describe, it, expect } from 'vitest';
import { isValidCrn, normaliseCrn } from './crn.ts';

// Source for every row: PRODUCT.md "Standards that apply": "probation CRN `X123456`".
describe('isValidCrn', () => {
  const cases: { input: string; valid: boolean }[] = [
    { input: 'X123456', valid: true },
    { input: 'x123456', valid: true },
    { input: ' X123456 ', valid: true },
    { input: 'X12345', valid: false },
    { input: 'X1234567', valid: false },
    { input: 'XX12345', valid: false },
    { input: '1234567', valid: false },
    { input: 'X12345A', valid: false },
    { input: '', valid: false },
  ];
  it.each(cases)('$input → $valid', ({ input, valid }) => {
    expect(isValidCrn(input)).toBe(valid);
  });
});

describe('normaliseCrn', () => {
  it('upper-cases and trims', () => {
    expect(normaliseCrn(' x123456 ')).toBe('X123456');
  });
});
