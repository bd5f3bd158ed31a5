/**
 * NHS number: 10 digits, the tenth a modulus 11 check digit (NHS Data Dictionary, "NHS Number").
 * PRODUCT.md "Standards that apply": "NHS number (modulus 11; not all-same digits)".
 */

/** Strips the spaces and dashes people type ("943 476 5919", "943-476-5919"). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * The check digit for nine leading digits: weights 10 down to 2, sum, 11 minus the remainder mod 11.
 * 11 becomes 0; 10 means no valid NHS number starts with these nine digits, so null.
 * Also useful for generating synthetic demo numbers.
 */
export function nhsNumberCheckDigit(first9: string): number | null {
  if (!/^\d{9}$/.test(first9)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(first9[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Accepts input with spaces or dashes; judges the normalised form. */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  // 0000000000 and 1111111111 pass the modulus 11 check but are never issued: reject all-same digits.
  if (/^(\d)\1{9}$/.test(digits)) return false;
  return nhsNumberCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}
