// k-anonymity over the extract's quasi-identifiers (issue 15: "A k-anonymity check over the quasi-identifiers warns
// before release of an extract"). Pure.
//
// An extract is k-anonymous when every combination of quasi-identifier values is shared by at least k rows, so
// that nobody who knows those facts about a person can narrow them to fewer than k episodes (Sweeney 2002,
// "k-anonymity: a model for protecting privacy"). The ICO's anonymisation guidance (2022-2025, "How do we ensure
// anonymisation is effective?") names k-anonymity as a generalisation technique and leaves k to the context; the
// default of 5 follows NHS England's small-number practice for published statistics (the ONS and NHS Digital
// "rule of five" for small cells; reports/disclosure.ts withholds counts below 8 for commissioners). Rows are
// counted per episode: one person's several episodes can fill a class, which the warning says.
export const DEFAULT_K = 5;

/** The columns someone could know about a person from elsewhere (where, when aged, how released, why prioritised). */
export const QUASI_IDENTIFIERS = ['site', 'age_band', 'local_authority', 'release_type', 'priority_group'] as const;
export type QuasiIdentifier = (typeof QUASI_IDENTIFIERS)[number];

export type QuasiValues = Record<QuasiIdentifier, string | number | null>;

export interface EquivalenceClass {
  values: QuasiValues;
  size: number;
}

export interface KAnonymity {
  k: number;
  rows: number;
  classes: number;
  /** The size of the smallest class; null for an empty extract. */
  smallestClass: number | null;
  /** The classes with fewer than k rows, smallest first. */
  underK: EquivalenceClass[];
  /** True when every class has k or more rows. */
  passes: boolean;
}

const keyOf = (v: QuasiValues) => JSON.stringify(QUASI_IDENTIFIERS.map((q) => v[q] ?? null));

/** Accumulates rows (one at a time, or `n` alike at once), so an extract need not be held in memory. */
export function kAnonymityCounter(k = DEFAULT_K) {
  const classes = new Map<string, EquivalenceClass>();
  let rows = 0;
  return {
    add(row: QuasiValues, n = 1) {
      rows += n;
      const key = keyOf(row);
      const found = classes.get(key);
      if (found) found.size += n;
      else
        classes.set(key, {
          values: Object.fromEntries(QUASI_IDENTIFIERS.map((q) => [q, row[q] ?? null])) as QuasiValues,
          size: n,
        });
    },
    result(): KAnonymity {
      const all = [...classes.values()];
      const sizes = all.map((c) => c.size);
      const underK = all
        .filter((c) => c.size < k)
        .sort((a, b) => a.size - b.size || keyOf(a.values).localeCompare(keyOf(b.values)));
      return {
        k,
        rows,
        classes: all.length,
        smallestClass: sizes.length ? sizes.reduce((a, b) => Math.min(a, b)) : null,
        underK,
        passes: underK.length === 0,
      };
    },
  };
}

export function kAnonymity(rows: readonly QuasiValues[], k = DEFAULT_K): KAnonymity {
  const counter = kAnonymityCounter(k);
  for (const r of rows) counter.add(r);
  return counter.result();
}
