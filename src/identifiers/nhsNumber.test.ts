import { describe, it, expect } from 'vitest';
import { isValidNhsNumber, nhsNumberCheckDigit, normaliseNhsNumber } from './nhsNumber.ts';

// Source for every row: PRODUCT.md "Standards that apply": "NHS number (modulus 11; not all-same digits)".
describe('isValidNhsNumber', () => {
  const cases: { input: string; valid: boolean; why: string }[] = [
    { input: '9434765919', valid: true, why: 'API.md example; check digit 9' },
    { input: '943 476 5919', valid: true, why: 'spaces as printed on NHS letters' },
    { input: '943-476-5919', valid: true, why: 'dashes' },
    { input: '9434765910', valid: false, why: 'wrong check digit' },
    { input: '4010232137', valid: true, why: 'a second valid number' },
    { input: '4010232080', valid: true, why: 'remainder 0: 11 becomes check digit 0' },
    { input: '1234567890', valid: false, why: '123456789 gives check digit 10, which is never valid' },
    { input: '1234567891', valid: false, why: 'no final digit can rescue a check digit of 10' },
    { input: '0000000000', valid: false, why: 'all-same digits: checksum passes but rejected' },
    { input: '1111111111', valid: false, why: 'all-same digits: checksum passes but rejected' },
    { input: '943476591', valid: false, why: 'nine digits' },
    { input: '94347659190', valid: false, why: 'eleven digits' },
    { input: '943476591A', valid: false, why: 'letter' },
    { input: '', valid: false, why: 'empty' },
  ];
  it.each(cases)('$input → $valid ($why)', ({ input, valid }) => {
    expect(isValidNhsNumber(input)).toBe(valid);
  });
});

describe('nhsNumberCheckDigit', () => {
  const cases: { first9: string; expected: number | null }[] = [
    { first9: '943476591', expected: 9 },
    { first9: '401023213', expected: 7 },
    { first9: '401023208', expected: 0 },
    { first9: '123456789', expected: null },
    { first9: '12345678', expected: null },
    { first9: '12345678X', expected: null },
  ];
  it.each(cases)('$first9 → $expected', ({ first9, expected }) => {
    expect(nhsNumberCheckDigit(first9)).toBe(expected);
  });

  it('generates numbers that validate (for synthetic demo data)', () => {
    for (let n = 999000000; n < 999000200; n += 1) {
      const check = nhsNumberCheckDigit(String(n));
      const candidate = `${n}${check ?? ''}`;
      expect(isValidNhsNumber(candidate)).toBe(check !== null && !/^(\d)\1{9}$/.test(candidate));
    }
  });
});

describe('normaliseNhsNumber', () => {
  it.each([
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    [' 9434765919 ', '9434765919'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseNhsNumber(input)).toBe(expected);
  });
});
