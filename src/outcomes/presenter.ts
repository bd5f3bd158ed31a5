// Rows to view models: API bodies of measures and outcomes, and the measures page (a chart per instrument,
// with its reliable-change threshold, and the same figures as a table).
import { formatIsoDateLong } from '../identifiers/dates.ts';
import { lineChartSvg } from '../web/charts.ts';
import type { MeasureRow } from './repository.ts';
import type { Engagement, Linkage } from './rules.ts';
import {
  changeSince,
  CORE10_BAND_TEXT,
  CORE10_CLINICAL_CUT_OFF,
  INSTRUMENTS,
  reportedScore,
  SPECS,
  type Change,
  type Instrument,
  type Score,
} from './scoring.ts';

export interface MeasureView {
  id: string;
  instrument: Instrument;
  administeredOn: string;
  answers: number[];
  score: Score;
  change?: { sinceFirst: number; reliable: boolean; improved: boolean };
  recordedBy: string;
  recordedAt: string;
}

const instrumentOf = (row: MeasureRow) => row.instrument as Instrument;

/** Each measure with its change since the first of the same instrument on the episode. */
export function presentMeasures(rows: MeasureRow[]): MeasureView[] {
  const first = new Map<Instrument, Score>();
  return rows.map((row) => {
    const instrument = instrumentOf(row);
    const s = row.score as Score;
    const base = first.get(instrument);
    if (!base) first.set(instrument, s);
    const change: Change | undefined = base ? changeSince(instrument, base, s) : undefined;
    return {
      id: row.id,
      instrument,
      administeredOn: row.administeredOn,
      answers: row.answers,
      score: s,
      ...(change ? { change } : {}),
      recordedBy: row.recordedBy,
      recordedAt: row.recordedAt.toISOString(),
    };
  });
}

/** API.md: `{"id","instrument","administeredOn","score":{"raw","metric"?,"band"?},"change"?:{"sinceFirst","reliable"}}`. */
export function measureBody(m: MeasureView) {
  return {
    id: m.id,
    instrument: m.instrument,
    administeredOn: m.administeredOn,
    answers: m.answers,
    score: m.score,
    ...(m.change ? { change: m.change } : {}),
    recordedBy: m.recordedBy,
    recordedAt: m.recordedAt,
  };
}

export function instrumentSummaries(measures: MeasureView[]) {
  return INSTRUMENTS.map((instrument) => {
    const spec = SPECS[instrument];
    const own = measures.filter((m) => m.instrument === instrument);
    const first = own[0];
    const threshold = first
      ? reportedScore(first.score) + (spec.higherIsBetter ? spec.reliableChange : -spec.reliableChange)
      : undefined;
    const lines = [
      ...(threshold !== undefined
        ? [
            {
              value: threshold,
              label: spec.higherIsBetter ? 'Reliable improvement' : 'Reliable improvement',
              kind: 'threshold' as const,
            },
          ]
        : []),
      ...(instrument === 'core10'
        ? [{ value: CORE10_CLINICAL_CUT_OFF, label: 'Clinical cut-off', kind: 'limit' as const }]
        : []),
    ];
    const scoreName = instrument === 'swemwbs' ? 'Metric score' : 'Clinical score';
    return {
      instrument,
      name: spec.name,
      scoreName,
      higherIsBetter: spec.higherIsBetter,
      reliableChange: spec.reliableChange,
      rows: own.map((m, i) => ({
        id: m.id,
        label: i === 0 ? 'Baseline' : `Follow-up ${i}`,
        date: formatIsoDateLong(m.administeredOn),
        raw: m.score.raw,
        metric: m.score.metric,
        band: m.score.band ? CORE10_BAND_TEXT[m.score.band] : undefined,
        clinical: m.score.clinical,
        risk: m.score.risk,
        change: m.change ? `${m.change.sinceFirst > 0 ? '+' : ''}${String(m.change.sinceFirst)}` : undefined,
        reliable: m.change?.reliable ?? false,
        improved: m.change?.improved ?? false,
      })),
      chartSvg:
        own.length > 0
          ? lineChartSvg({
              id: `chart-${instrument}`,
              title: `${spec.name} ${scoreName.toLowerCase()} over time`,
              description: `${String(own.length)} measure${own.length === 1 ? '' : 's'} from ${formatIsoDateLong(own[0]?.administeredOn ?? '')}. ${spec.higherIsBetter ? 'Higher' : 'Lower'} is better. A change of ${String(spec.reliableChange)} points or more from the baseline is reliable. The table below gives the same figures.`,
              yLabel: scoreName,
              yDomain: SPECS[instrument].scoreRange,
              points: own.map((m) => ({
                label: m.administeredOn.slice(5).split('-').reverse().join('/'),
                value: reportedScore(m.score),
                marked: m.change?.reliable ?? false,
              })),
              lines,
            })
          : null,
    };
  });
}

const ACCOMMODATION_TEXT: Record<string, string> = {
  settled: 'Settled',
  unsettled: 'Unsettled',
  none: 'No accommodation',
};

const yesNoNotYet = (v: boolean | null, yes: string, no: string, pending: string) =>
  v === true ? yes : v === false ? no : pending;

/** The linkage and engagement as summary-list rows, in plain words. */
export function linkageView(
  o: {
    releasedOn: string | null;
    linkage: Linkage;
    engagement: Engagement;
    recalled: boolean;
    endOfService?: { goals: number; achieved: number; partlyAchieved: number; notAchieved: number };
  },
  today: string,
) {
  const { linkage: l, engagement: e } = o;
  const released = o.releasedOn;
  const days = (n: number | null) => (n === null ? '' : ` (day ${String(n)} after release)`);
  const on = (d: string | null) => (d ? formatIsoDateLong(d) : null);
  const pending = released ? 'Not yet' : 'Not released yet';
  const gpDate = on(l.gpRegistered.on);
  return {
    released: released ? formatIsoDateLong(released) : null,
    rows: [
      {
        key: 'Registered with a GP',
        value: l.gpRegistered.beforeRelease
          ? 'Before release (release plan)'
          : gpDate
            ? `${gpDate}${days(l.gpRegistered.daysFromRelease)}`
            : 'Not recorded',
        qa: 'gp',
      },
      {
        key: 'GP by day 7',
        value: yesNoNotYet(l.gpRegistered.within7Days, 'Yes', 'No', pending),
        qa: 'gp-by-day-7',
      },
      {
        key: 'Substance misuse treatment started',
        value: !l.substanceMisuseEngaged.needed
          ? 'Not needed'
          : l.substanceMisuseEngaged.on
            ? `${formatIsoDateLong(l.substanceMisuseEngaged.on)}${days(l.substanceMisuseEngaged.daysFromRelease)}`
            : 'Not started',
        qa: 'substance-misuse',
      },
      {
        key: 'Treatment within 21 days of release',
        value: !l.substanceMisuseEngaged.needed
          ? 'Not needed'
          : yesNoNotYet(l.substanceMisuseEngaged.within21Days, 'Yes', 'No', pending),
        qa: 'within-21-days',
      },
      {
        key: 'Mental health handover',
        value:
          on(l.mentalHealthHandover.on) ??
          (l.mentalHealthHandover.done
            ? 'Done (release plan)'
            : l.mentalHealthHandover.needed === false
              ? 'Not needed'
              : 'Not recorded'),
        qa: 'mental-health',
      },
      {
        key: 'Accommodation on release',
        value: l.accommodation.onRelease ? (ACCOMMODATION_TEXT[l.accommodation.onRelease] ?? '') : 'Not recorded',
        qa: 'accommodation-on-release',
      },
      {
        key: 'Accommodation now',
        value: l.accommodation.now ? (ACCOMMODATION_TEXT[l.accommodation.now] ?? '') : 'Not recorded',
        qa: 'accommodation-now',
      },
      { key: 'Recalled to custody', value: o.recalled ? 'Yes' : 'No', qa: 'recalled' },
      {
        key: 'Contacts',
        value: `${String(e.attended)} attended, ${String(e.didNotAttend)} did not attend, ${String(e.cancelled)} cancelled`,
        qa: 'contacts',
      },
      {
        key: 'First contact after release',
        value:
          e.firstContactAfterReleaseDays === null
            ? released
              ? 'None yet'
              : 'Not released yet'
            : `Day ${String(e.firstContactAfterReleaseDays)} after release`,
        qa: 'first-contact',
      },
      ...(o.endOfService && o.endOfService.goals > 0
        ? [
            {
              key: 'Goals at the end of service',
              value: `${String(o.endOfService.achieved)} achieved, ${String(o.endOfService.partlyAchieved)} partly, ${String(o.endOfService.notAchieved)} not achieved, of ${String(o.endOfService.goals)}`,
              qa: 'goals',
            },
          ]
        : []),
    ],
    accommodationChoices: Object.entries(ACCOMMODATION_TEXT).map(([value, text]) => ({ value, text })),
    today,
  };
}
