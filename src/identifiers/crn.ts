/**
 * Probation case reference number (CRN, nDelius): one letter and six digits, e.g. X123456.
 * PRODUCT.md "Standards that apply": "probation CRN `X123456`".
 */
const CRN = /^[A-Z]\d{6}$/;

/** Trims and upper-cases: people type "x123456". */
export function normaliseCrn(input: string): string {
  return input.trim().toUpperCase();
}

export function isValidCrn(input: string): boolean {
  return CRN.test(normaliseCrn(input));
}
