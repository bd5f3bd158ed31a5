// Issue 15: "SWEMWBS (7 items, 1–5; raw 7–35 converted to the metric score by the published Rasch conversion
// table) and CORE-10 (10 items, 0–4; the two positively worded items reverse-scored; total 0–40 with its
// severity bands and clinical cut-off; the risk item shown on its own as well)."
import { describe, expect, it } from 'vitest';
import { answerProblems, changeSince, core10Band, score, SWEMWBS_METRIC } from './scoring.ts';

describe('SWEMWBS (Warwick Medical School raw-to-metric conversion table)', () => {
  it.each([
    // [answers, raw, metric]: the table's ends and a few rows between.
    [[1, 1, 1, 1, 1, 1, 1], 7, 7.0],
    [[2, 1, 1, 1, 1, 1, 1], 8, 9.51],
    [[2, 2, 2, 2, 2, 2, 2], 14, 15.32],
    [[3, 3, 3, 3, 3, 3, 3], 21, 19.25],
    [[3, 3, 3, 4, 4, 4, 4], 25, 22.35],
    [[4, 4, 4, 4, 4, 4, 4], 28, 25.03],
    [[5, 5, 5, 5, 5, 5, 4], 34, 32.55],
    [[5, 5, 5, 5, 5, 5, 5], 35, 35.0],
  ])('%j scores raw %i, metric %f', (answers, raw, metric) => {
    expect(score('swemwbs', answers)).toEqual({ raw, metric, scoringVersion: 1 });
  });

  it('has a metric score for every raw score from 7 to 35, rising', () => {
    const raws = Object.keys(SWEMWBS_METRIC).map(Number);
    expect(raws).toEqual(Array.from({ length: 29 }, (_, i) => i + 7));
    for (let r = 8; r <= 35; r++) expect(SWEMWBS_METRIC[r]).toBeGreaterThan(SWEMWBS_METRIC[r - 1] ?? Infinity);
  });
});

describe('CORE-10 (Connell & Barkham 2007, CORE-10 User Manual)', () => {
  it.each([
    // Items 2 and 3 are positively worded and reversed (4 - answer); item 6 is the risk item.
    [[0, 4, 4, 0, 0, 0, 0, 0, 0, 0], 0, 'healthy', false, 0],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8, 'low', false, 0],
    [[1, 4, 4, 1, 1, 0, 1, 1, 1, 0], 6, 'low', false, 0],
    [[1, 2, 2, 1, 1, 0, 1, 1, 1, 1], 11, 'mild', true, 0],
    [[2, 2, 2, 1, 1, 0, 1, 2, 2, 2], 15, 'moderate', true, 0],
    [[2, 1, 1, 2, 2, 1, 2, 2, 2, 2], 21, 'moderately_severe', true, 1],
    [[4, 0, 0, 4, 4, 4, 4, 4, 4, 4], 40, 'severe', true, 4],
  ])('%j scores %i (%s, clinical %s, risk %i)', (answers, raw, band, clinical, risk) => {
    expect(score('core10', answers)).toEqual({ raw, band, clinical, risk, scoringVersion: 1 });
  });

  it.each([
    [0, 'healthy'],
    [5, 'healthy'],
    [6, 'low'],
    [10, 'low'],
    [11, 'mild'],
    [14, 'mild'],
    [15, 'moderate'],
    [19, 'moderate'],
    [20, 'moderately_severe'],
    [24, 'moderately_severe'],
    [25, 'severe'],
    [40, 'severe'],
  ])('a clinical score of %i is in the %s band (manual, figure 1)', (n, band) => {
    expect(core10Band(n)).toBe(band);
  });
});

describe('answers that cannot be scored', () => {
  it.each([
    ['swemwbs', [1, 2, 3], [{ field: 'answers', message: 'SWEMWBS has 7 items: give 7 answers' }]],
    ['swemwbs', [0, 1, 1, 1, 1, 1, 6], ['answers.0', 'answers.6']],
    ['core10', [0, 0, 0, 0, 0, 0, 0, 0, 0, 5], ['answers.9']],
    ['core10', [0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5], ['answers.9']],
    ['core10', Array(11).fill(0), [{ field: 'answers', message: 'CORE-10 has 10 items: give 10 answers' }]],
  ] as const)('%s %j', (instrument, answers, expected) => {
    const problems = answerProblems(instrument, answers);
    if (typeof expected[0] === 'string') expect(problems.map((p) => p.field)).toEqual(expected);
    else expect(problems).toEqual(expected);
    expect(() => score(instrument, answers as number[])).toThrow();
  });
});

describe('change since the first measure, against the reliable-change threshold', () => {
  const sw = (raw: number[]) => score('swemwbs', raw);
  const core = (a: number[]) => score('core10', a);
  it.each([
    // SWEMWBS: 3 metric points (Warwick guidance), higher is better.
    ['swemwbs', sw([2, 2, 2, 2, 2, 2, 2]), sw([3, 3, 3, 3, 3, 3, 3]), 3.93, true, true],
    ['swemwbs', sw([3, 3, 3, 3, 3, 3, 3]), sw([3, 3, 3, 3, 3, 3, 4]), 0.73, false, false],
    ['swemwbs', sw([4, 4, 4, 4, 4, 4, 4]), sw([3, 3, 3, 3, 3, 3, 3]), -5.78, true, false],
    // CORE-10: 6 points (manual, section III), lower is better.
    ['core10', core([2, 1, 1, 2, 2, 1, 2, 2, 2, 2]), core([1, 2, 2, 1, 1, 0, 1, 1, 1, 1]), -10, true, true],
    ['core10', core([1, 2, 2, 1, 1, 0, 1, 1, 1, 1]), core([2, 2, 2, 1, 1, 0, 1, 2, 2, 2]), 4, false, false],
  ] as const)('%s', (instrument, first, now, sinceFirst, reliable, improved) => {
    expect(changeSince(instrument, first, now)).toEqual({ sinceFirst, reliable, improved });
  });
});
