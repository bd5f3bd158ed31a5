import { describe, it, expect } from 'vitest';
import { isValidPncId, normalisePncId, pncCheckLetter } from './pncId.ts';

// Source for every row: PRODUCT.md "Standards that apply": "PNC ID (check letter)"; API.md example
// "pncId": "2002/0073319Z".
describe('isValidPncId', () => {
  const cases: { input: string; valid: boolean; why: string }[] = [
    { input: '2002/0073319Z', valid: true, why: 'API.md example: 20073319 mod 23 = 0 → Z' },
    { input: '02/73319Z', valid: true, why: 'two-digit year and unpadded serial, same number' },
    { input: '2002/73319z', valid: true, why: 'lower-case check letter' },
    { input: '2002/0073319A', valid: false, why: 'wrong check letter' },
    { input: '1999/1234567', valid: false, why: 'no check letter' },
    { input: '2002/12345678Z', valid: false, why: 'serial longer than 7 digits' },
    { input: '202/0073319Z', valid: false, why: 'three-digit year' },
    { input: '2002-0073319Z', valid: false, why: 'dash instead of slash' },
    { input: '3002/0073319Z', valid: false, why: 'four-digit year outside 1900 to 2099' },
    { input: '', valid: false, why: 'empty' },
  ];
  it.each(cases)('$input → $valid ($why)', ({ input, valid }) => {
    expect(isValidPncId(input)).toBe(valid);
  });

  it('accepts the computed letter for a range of serials', () => {
    for (let serial = 1; serial < 500; serial += 7) {
      const letter = pncCheckLetter('2019', String(serial)) ?? '';
      expect(isValidPncId(`2019/${String(serial).padStart(7, '0')}${letter}`)).toBe(true);
      expect(isValidPncId(`19/${serial}${letter}`)).toBe(true);
    }
  });
});

describe('pncCheckLetter', () => {
  it.each([
    { year: '2002', serial: '0073319', expected: 'Z' },
    { year: '02', serial: '73319', expected: 'Z' },
    { year: '2002', serial: '0073320', expected: 'A' },
    { year: '2002', serial: 'x', expected: null },
    { year: '200', serial: '1', expected: null },
  ])('$year/$serial → $expected', ({ year, serial, expected }) => {
    expect(pncCheckLetter(year, serial)).toBe(expected);
  });
});

describe('normalisePncId', () => {
  it('upper-cases and trims', () => {
    expect(normalisePncId(' 2002/0073319z ')).toBe('2002/0073319Z');
  });
});
