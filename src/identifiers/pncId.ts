/**
 * Police National Computer ID: year (2 or 4 digits), slash, serial (1 to 7 digits), check letter,
 * e.g. 2002/0073319Z. PRODUCT.md "Standards that apply": "PNC ID (check letter)".
 *
 * The check letter: the two-digit year followed by the serial zero-padded to seven digits, read as
 * one number, mod 23, indexes this alphabet (no I, O or S, which are easily misread).
 * Worked example from API.md: "02" + "0073319" = 20073319 = 23 x 872753, remainder 0, letter Z.
 */
const CHECK_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';
const PNC_ID = /^(\d{2}|(?:19|20)\d{2})\/(\d{1,7})([A-Z])$/;

/** Trims and upper-cases ("2002/0073319z" → "2002/0073319Z"); the digits are kept as given. */
export function normalisePncId(input: string): string {
  return input.trim().toUpperCase();
}

/** The check letter for a year (2 or 4 digits) and serial (1 to 7 digits), or null if malformed. */
export function pncCheckLetter(year: string, serial: string): string | null {
  if (!/^(\d{2}|\d{4})$/.test(year) || !/^\d{1,7}$/.test(serial)) return null;
  const value = Number(year.slice(-2) + serial.padStart(7, '0'));
  return CHECK_LETTERS.charAt(value % 23);
}

export function isValidPncId(input: string): boolean {
  const match = PNC_ID.exec(normalisePncId(input));
  if (!match) return false;
  const [, year = '', serial = '', letter = ''] = match;
  return pncCheckLetter(year, serial) === letter;
}
