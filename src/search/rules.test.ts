// Issue 10: "Add search by name (partial, any order, accents and case ignored), NHS number (with or
// without spaces), prison number and CRN".
import { describe, expect, it } from 'vitest';
import { foldName, parseQuery, searchNameOf } from './rules.ts';

describe('a name as search matches it: accents and case ignored', () => {
  it.each([
    ['Jan', 'Wiśniewski-O’Brien', 'jan wisniewski obrien'],
    ['Siân', "O'Neill", 'sian oneill'],
    ['Dafydd', 'Llŷr ap Gruffydd', 'dafydd llyr ap gruffydd'],
    ['Łukasz', 'Żółkiewski', 'lukasz zolkiewski'],
    ['Søren', 'Groß', 'soren gross'],
    ['Niamh', 'Ó Súilleabháin', 'niamh o suilleabhain'],
    ['  Mary-Ann ', ' SMITH  ', 'mary ann smith'],
  ])('%s %s → %s', (given, family, folded) => {
    expect(searchNameOf(given, family)).toBe(folded);
  });
});

describe('what was typed in the search box', () => {
  it.each([
    // NHS number, with or without spaces
    ['943 476 5919', { kind: 'nhsNumber', value: '9434765919' }],
    ['9434765919', { kind: 'nhsNumber', value: '9434765919' }],
    [' 943-476-5919 ', { kind: 'nhsNumber', value: '9434765919' }],
    // prison number and CRN, as people type them
    ['a1234bc', { kind: 'prisonNumber', value: 'A1234BC' }],
    ['X123456', { kind: 'crn', value: 'X123456' }],
    ['x 123456', { kind: 'crn', value: 'X123456' }],
    // a name: partial, any order, accents and case ignored
    ['obrien jan', { kind: 'name', terms: ['obrien', 'jan'] }],
    ['WIŚNIEWSKI', { kind: 'name', terms: ['wisniewski'] }],
    ['O’Brien', { kind: 'name', terms: ['obrien'] }],
    ['ann anne', { kind: 'name', terms: ['anne'] }],
    ['Jan Jan', { kind: 'name', terms: ['jan'] }],
    // digits that are not ten are not an NHS number
    ['94347', { kind: 'name', terms: ['94347'] }],
    // nothing, or too little, to search by
    ['', 'missing'],
    ['   ', 'missing'],
    ['j', 'tooShort'],
    ['- -', 'tooShort'],
    ['x'.repeat(101), 'tooLong'],
  ])('%j', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });

  it('folds a query the same way as the stored name', () => {
    expect(foldName('ŻÓŁKIEWSKI')).toBe(searchNameOf('', 'Żółkiewski'));
  });
});
