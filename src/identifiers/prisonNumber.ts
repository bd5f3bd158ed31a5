/**
 * NOMIS prison number (HMPPS "prisoner number"): one letter, four digits, two letters, e.g. A1234BC.
 * PRODUCT.md "Standards that apply": "NOMIS prison number `A1234BC`".
 */
const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/;

/** Trims and upper-cases: people type "a1234bc". */
export function normalisePrisonNumber(input: string): string {
  return input.trim().toUpperCase();
}

export function isValidPrisonNumber(input: string): boolean {
  return PRISON_NUMBER.test(normalisePrisonNumber(input));
}
