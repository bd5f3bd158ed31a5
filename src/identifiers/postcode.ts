/**
 * UK postcode (Royal Mail / GOV.UK data standard): outward code, space, inward code, e.g. "SW1A 1AA".
 * PRODUCT.md "Standards that apply": "UK postcode". Letters in each position follow the Royal Mail
 * rules (e.g. no Q, V or X in the first position; the inward code never uses C, I, K, M, O or V).
 */
const OUTWARD =
  '(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
const POSTCODE = new RegExp(`^(?:${OUTWARD}${INWARD}|GIR0AA)$`);

/** Upper-cases, removes all whitespace, then puts one space before the inward code: "sw1a1aa" → "SW1A 1AA". */
export function normalisePostcode(input: string): string {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5) return compact;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function isValidPostcode(input: string): boolean {
  return POSTCODE.test(input.replace(/\s+/g, '').toUpperCase());
}
