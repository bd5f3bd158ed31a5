// Statistical process control for the reports, NHS England "Making Data Count" (the XmR chart): the mean of the
// series, and process limits at mean ± 2.66 × the mean moving range (the average absolute difference between
// consecutive points). A point outside the limits is special-cause variation. Missing points (withheld
// figures) are left out of the mean and break the moving range. Pure.

export interface SpcSummary {
  mean: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  /** For each point, whether it falls outside the limits. */
  outside: boolean[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function spc(values: readonly (number | null)[]): SpcSummary {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return { mean: null, upperLimit: null, lowerLimit: null, outside: values.map(() => false) };
  const mean = known.reduce((s, v) => s + v, 0) / known.length;
  const ranges: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    if (a !== null && a !== undefined && b !== null && b !== undefined) ranges.push(Math.abs(b - a));
  }
  if (ranges.length === 0)
    return { mean: round2(mean), upperLimit: null, lowerLimit: null, outside: values.map(() => false) };
  const mr = ranges.reduce((s, v) => s + v, 0) / ranges.length;
  const upper = mean + 2.66 * mr;
  const lower = mean - 2.66 * mr;
  return {
    mean: round2(mean),
    upperLimit: round2(upper),
    lowerLimit: round2(lower),
    outside: values.map((v) => v !== null && (v > upper || v < lower)),
  };
}

/**
 * The limits as drawn: a count cannot fall below 0 nor a percentage pass 100, so Making Data Count's charts stop
 * the limits at those bounds (a limit beyond what the measure can reach says nothing).
 */
export function withinBounds(s: SpcSummary, unit: '%' | ''): SpcSummary {
  return {
    ...s,
    lowerLimit: s.lowerLimit === null ? null : Math.max(s.lowerLimit, 0),
    upperLimit: s.upperLimit === null ? null : unit === '%' ? Math.min(s.upperLimit, 100) : s.upperLimit,
  };
}
