// Scoring of the wellbeing measures (issue 15 "Wellbeing measures over time"): SWEMWBS and CORE-10. Pure and
// versioned: every stored measure keeps its raw answers and the version of the tables it was scored with, so a
// corrected table can rescore the history. No item wording is here (docs/decisions/0004-outcome-measures.md):
// SWEMWBS is licensed by Warwick without the right to publish it, and CORE-10's wording is the CORE System
// Trust's; items are shown by number unless a site loads the wording.

export const INSTRUMENTS = ['swemwbs', 'core10'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Bumped whenever a table below changes; stored beside each measure. */
export const SCORING_VERSION = 1;

export interface InstrumentSpec {
  instrument: Instrument;
  name: string;
  items: number;
  min: number;
  max: number;
  /** Which way is better: SWEMWBS higher is better wellbeing, CORE-10 higher is more distress. */
  higherIsBetter: boolean;
  /** The change on the reported score (metric for SWEMWBS, clinical score for CORE-10) counted as reliable. */
  reliableChange: number;
  /** The range of the reported score, for the chart's axis. */
  scoreRange: [number, number];
  /** 1-based numbers of the items scored in reverse (CORE-10's two positively worded items). */
  reversed: readonly number[];
  /** 1-based number of the item also shown on its own (CORE-10's risk item). */
  riskItem?: number;
  source: string;
}

export const SPECS: Record<Instrument, InstrumentSpec> = {
  swemwbs: {
    instrument: 'swemwbs',
    name: 'SWEMWBS',
    items: 7,
    min: 1,
    max: 5,
    higherIsBetter: true,
    // Warwick Medical School, "Collect, score, analyse and interpret WEMWBS": a change of between 1 and 3
    // metric points is meaningful for SWEMWBS at group level; the upper figure is used for one person.
    reliableChange: 3,
    scoreRange: [7, 35],
    reversed: [],
    source:
      'Stewart-Brown S et al. Health Qual Life Outcomes 2009;7:15; Warwick Medical School, SWEMWBS raw score to metric score conversion table',
  },
  core10: {
    instrument: 'core10',
    name: 'CORE-10',
    items: 10,
    min: 0,
    max: 4,
    higherIsBetter: false,
    // Connell J, Barkham M. CORE-10 User Manual, version 1.0 (2007), section III: reliable change on the
    // clinical score (0-40) is 6 points or more.
    reliableChange: 6,
    scoreRange: [0, 40],
    // CORE-10 User Manual, table 2 and "Scoring procedures": items 2 and 3 are positively worded and scored 4-0.
    reversed: [2, 3],
    // CORE-10 User Manual, table 2: item 6 is the risk item.
    riskItem: 6,
    source:
      'Connell J, Barkham M. CORE-10 User Manual v1.0, 2007; Barkham M et al. Counselling and Psychotherapy Research 2013;13(1):3-13',
  },
};

/**
 * SWEMWBS raw score (7-35) to metric score, from the Rasch conversion table published by Warwick Medical
 * School (Stewart-Brown et al. 2009). Index: raw score.
 */
export const SWEMWBS_METRIC: Readonly<Record<number, number>> = {
  7: 7.0,
  8: 9.51,
  9: 11.25,
  10: 12.4,
  11: 13.33,
  12: 14.08,
  13: 14.75,
  14: 15.32,
  15: 15.84,
  16: 16.36,
  17: 16.88,
  18: 17.43,
  19: 17.98,
  20: 18.59,
  21: 19.25,
  22: 19.98,
  23: 20.73,
  24: 21.54,
  25: 22.35,
  26: 23.21,
  27: 24.11,
  28: 25.03,
  29: 26.02,
  30: 27.03,
  31: 28.13,
  32: 29.31,
  33: 30.7,
  34: 32.55,
  35: 35.0,
};

export const CORE10_BANDS = ['healthy', 'low', 'mild', 'moderate', 'moderately_severe', 'severe'] as const;
export type Core10Band = (typeof CORE10_BANDS)[number];

/** CORE-10 User Manual, figure 1 "Practice guide for interpreting CORE-10 clinical scores": lowest score of each band. */
const CORE10_BAND_FLOORS: readonly [number, Core10Band][] = [
  [25, 'severe'],
  [20, 'moderately_severe'],
  [15, 'moderate'],
  [11, 'mild'],
  [6, 'low'],
  [0, 'healthy'],
];

export const CORE10_BAND_TEXT: Record<Core10Band, string> = {
  healthy: 'Healthy (0 to 5)',
  low: 'Low level (6 to 10)',
  mild: 'Mild (11 to 14)',
  moderate: 'Moderate (15 to 19)',
  moderately_severe: 'Moderate to severe (20 to 24)',
  severe: 'Severe (25 to 40)',
};

/** CORE-10 User Manual and Barkham et al. 2013: a clinical score of 11 or more is in the clinical range. */
export const CORE10_CLINICAL_CUT_OFF = 11;

export interface Score {
  raw: number;
  /** SWEMWBS only: the metric score of the conversion table. */
  metric?: number;
  /** CORE-10 only. */
  band?: Core10Band;
  /** CORE-10 only: at or above the clinical cut-off. */
  clinical?: boolean;
  /** CORE-10 only: the risk item's answer, shown on its own. */
  risk?: number;
  scoringVersion: number;
}

export interface AnswerProblem {
  /** `answers` for the count, `answers.N` (0-based) for one answer. */
  field: string;
  message: string;
}

/** What is wrong with a set of answers: the count, then each answer out of range. */
export function answerProblems(instrument: Instrument, answers: readonly unknown[]): AnswerProblem[] {
  const spec = SPECS[instrument];
  if (answers.length !== spec.items)
    return [{ field: 'answers', message: `${spec.name} has ${spec.items} items: give ${spec.items} answers` }];
  return answers.flatMap((a, i) =>
    Number.isInteger(a) && (a as number) >= spec.min && (a as number) <= spec.max
      ? []
      : [
          {
            field: `answers.${i}`,
            message: `Answer item ${i + 1} with a whole number from ${spec.min} to ${spec.max}`,
          },
        ],
  );
}

export function core10Band(clinicalScore: number): Core10Band {
  for (const [floor, band] of CORE10_BAND_FLOORS) if (clinicalScore >= floor) return band;
  return 'healthy';
}

/** Scores a complete, valid set of answers (check `answerProblems` first: this throws on anything else). */
export function score(instrument: Instrument, answers: readonly number[]): Score {
  if (answerProblems(instrument, answers).length) throw new Error(`Invalid ${instrument} answers`);
  const spec = SPECS[instrument];
  if (instrument === 'swemwbs') {
    const raw = answers.reduce((s, a) => s + a, 0);
    const metric = SWEMWBS_METRIC[raw];
    if (metric === undefined) throw new Error(`No metric score for SWEMWBS raw ${String(raw)}`);
    return { raw, metric, scoringVersion: SCORING_VERSION };
  }
  const raw = answers.reduce((s, a, i) => s + (spec.reversed.includes(i + 1) ? spec.max - a : a), 0);
  const risk = spec.riskItem === undefined ? undefined : answers[spec.riskItem - 1];
  return {
    raw,
    band: core10Band(raw),
    clinical: raw >= CORE10_CLINICAL_CUT_OFF,
    ...(risk === undefined ? {} : { risk }),
    scoringVersion: SCORING_VERSION,
  };
}

/** The number a chart and a change are drawn from: SWEMWBS's metric score, CORE-10's clinical score. */
export const reportedScore = (s: Score): number => s.metric ?? s.raw;

export interface Change {
  /** Reported score now minus the first. */
  sinceFirst: number;
  /** At least the instrument's reliable-change threshold, either way. */
  reliable: boolean;
  /** Reliable and in the better direction. */
  improved: boolean;
}

export function changeSince(instrument: Instrument, first: Score, now: Score): Change {
  const spec = SPECS[instrument];
  const sinceFirst = Math.round((reportedScore(now) - reportedScore(first)) * 100) / 100;
  const reliable = Math.abs(sinceFirst) >= spec.reliableChange;
  return { sinceFirst, reliable, improved: reliable && (spec.higherIsBetter ? sinceFirst > 0 : sinceFirst < 0) };
}
