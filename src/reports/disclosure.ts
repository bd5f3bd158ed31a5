// Disclosure control of figures for commissioners (issue 15): "as NHS England does for hospital statistics
// (counts 1–7 withheld, others rounded to the nearest 5; percentages from the rounded counts)". NHS England's
// statistical disclosure control for Hospital Episode Statistics and the Mental Health Services Data Set
// suppresses small numbers (1 to 7) and rounds the rest to the nearest 5; a zero is shown as zero, since
// nobody can be identified in it. Pure.

export const DISCLOSURE_CONTROL =
  'Counts of 1 to 7 are withheld and other counts are rounded to the nearest 5; percentages are worked out from the rounded counts. Restricted records are counted at national level only.';

export interface Controlled {
  value: number | null;
  suppressed: boolean;
}

export function controlCount(n: number): Controlled {
  if (n === 0) return { value: 0, suppressed: false };
  if (n >= 1 && n <= 7) return { value: null, suppressed: true };
  return { value: Math.round(n / 5) * 5, suppressed: false };
}

export interface Ratio {
  numerator: number | null;
  denominator: number | null;
  /** One decimal place; null when a count is withheld or the denominator is 0. */
  percentage: number | null;
  suppressed?: true;
}

export const percentageOf = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10;

/** A KPI as numerator / denominator, exact. */
export function exactRatio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, percentage: percentageOf(numerator, denominator) };
}

/** A KPI with each count controlled and the percentage from the rounded counts (withheld if either is). */
export function controlRatio(numerator: number, denominator: number): Ratio {
  const n = controlCount(numerator);
  const d = controlCount(denominator);
  if (n.suppressed || d.suppressed || n.value === null || d.value === null)
    return { numerator: n.value, denominator: d.value, percentage: null, suppressed: true };
  return { numerator: n.value, denominator: d.value, percentage: percentageOf(n.value, d.value) };
}
