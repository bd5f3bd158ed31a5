// A report's figures as view models: the API body, the page's tables and SPC charts, and the CSV rows.
// Disclosure control is applied here, once, to every count (unless the figures are a manager's own site).
import { lineChartSvg } from '../web/charts.ts';
import { controlCount, controlRatio, DISCLOSURE_CONTROL, exactRatio, type Ratio } from './disclosure.ts';
import { spc, withinBounds } from './spc.ts';
import type { CsvValue } from './csv.ts';
import { PHASES, type Fraction, type MonthFigures } from './rules.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const monthLabel = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1] ?? ''} ${month.slice(0, 4)}`;

const KPIS = [
  { key: 'screenedOnTime', title: 'Screened within the site’s target' },
  { key: 'substanceMisuseWithin21Days', title: 'Substance misuse treatment started within 21 days of release' },
  { key: 'gpRegisteredWithin7Days', title: 'Registered with a GP by day 7 after release' },
  { key: 'settledAccommodationOnRelease', title: 'Settled accommodation on release' },
] as const;

export interface ReportMonth {
  month: string;
  referralsReceived: number | null;
  bySource: Record<string, number | null>;
  accepted: number | null;
  screenedOnTime: Ratio;
  openEpisodes: number | null;
  openByPhase: Record<string, number | null>;
  substanceMisuseWithin21Days: Ratio;
  gpRegisteredWithin7Days: Ratio;
  settledAccommodationOnRelease: Ratio;
  closureReasons: Record<string, number | null>;
  meanWellbeingChange: { episodes: number | null; mean: number | null };
  /** The counts of this month withheld by disclosure control (1 to 7). */
  suppressed: string[];
}

export interface ReportView {
  site: string | null;
  name: string;
  from: string;
  to: string;
  disclosureControl: string | null;
  months: ReportMonth[];
  charts: {
    id: string;
    title: string;
    svg: string;
    unit: string;
    rows: { month: string; value: string; flag: string }[];
    /** The mean and the process limits in words, for the table's caption. */
    summary: string;
  }[];
  sources: string[];
  closureReasons: string[];
}

function controlMonth(f: MonthFigures, exact: boolean): ReportMonth {
  const suppressed: string[] = [];
  const count = (name: string, n: number) => {
    if (exact) return n;
    const c = controlCount(n);
    if (c.suppressed) suppressed.push(name);
    return c.value;
  };
  const ratio = (r: Fraction) =>
    exact ? exactRatio(r.numerator, r.denominator) : controlRatio(r.numerator, r.denominator);
  const record = (prefix: string, r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, count(`${prefix}.${k}`, v)]));
  const wellbeingEpisodes = count('meanWellbeingChange.episodes', f.wellbeingChange.episodes);
  return {
    month: f.month,
    referralsReceived: count('referralsReceived', f.referralsReceived),
    bySource: record('bySource', f.bySource),
    accepted: count('accepted', f.accepted),
    screenedOnTime: ratio(f.screenedOnTime),
    openEpisodes: count('openEpisodes', f.openEpisodes),
    openByPhase: record('openByPhase', f.openByPhase),
    substanceMisuseWithin21Days: ratio(f.substanceMisuseWithin21Days),
    gpRegisteredWithin7Days: ratio(f.gpRegisteredWithin7Days),
    settledAccommodationOnRelease: ratio(f.settledAccommodationOnRelease),
    closureReasons: record('closureReasons', f.closureReasons),
    meanWellbeingChange: {
      episodes: wellbeingEpisodes,
      // The mean is shown only when its count may be.
      mean:
        wellbeingEpisodes === null || f.wellbeingChange.episodes === 0
          ? null
          : Math.round((f.wellbeingChange.total / f.wellbeingChange.episodes) * 100) / 100,
    },
    suppressed,
  };
}

const shown = (v: number | null, unit = '') => (v === null ? 'Withheld' : `${String(v)}${unit}`);

function chart(id: string, title: string, unit: string, months: ReportMonth[], values: (number | null)[]) {
  const s = withinBounds(spc(values), unit === '%' ? '%' : '');
  const lines = [
    ...(s.mean !== null ? [{ value: s.mean, label: 'Mean', kind: 'mean' as const }] : []),
    ...(s.upperLimit !== null ? [{ value: s.upperLimit, label: 'Upper limit', kind: 'limit' as const }] : []),
    ...(s.lowerLimit !== null ? [{ value: s.lowerLimit, label: 'Lower limit', kind: 'limit' as const }] : []),
  ];
  const known = values.filter((v): v is number => v !== null);
  return {
    id,
    title,
    unit,
    svg: lineChartSvg({
      id,
      title,
      description: `${title}, ${String(months.length)} months. Mean ${shown(s.mean, unit)}; process limits ${shown(s.lowerLimit, unit)} to ${shown(s.upperLimit, unit)}. The table beside the chart gives the same figures.`,
      yLabel: unit === '%' ? 'Per cent' : 'Count',
      yDomain: unit === '%' ? [0, 100] : [0, Math.max(10, ...known)],
      points: months.map((m, i) => ({
        label: monthLabel(m.month).slice(0, 3),
        value: values[i] ?? null,
        marked: s.outside[i] ?? false,
      })),
      lines,
    }),
    rows: months.map((m, i) => ({
      month: monthLabel(m.month),
      value: shown(values[i] ?? null, unit),
      flag: s.outside[i] ? 'Outside the process limits' : '',
    })),
    summary:
      s.mean === null
        ? 'every month withheld (too few people to show)'
        : s.upperLimit === null || s.lowerLimit === null
          ? `mean ${shown(s.mean, unit)}, too few months for process limits`
          : `mean ${shown(s.mean, unit)}, limits ${String(s.lowerLimit)}${unit} to ${String(s.upperLimit)}${unit}`,
  };
}

export function presentReport(input: {
  site: string | null;
  name: string;
  from: string;
  to: string;
  exact: boolean;
  figures: MonthFigures[];
}): ReportView {
  const months = input.figures.map((f) => controlMonth(f, input.exact));
  const sources = [...new Set(input.figures.flatMap((f) => Object.keys(f.bySource)))].sort();
  const closureReasons = [...new Set(input.figures.flatMap((f) => Object.keys(f.closureReasons)))].sort();
  const id = input.site ?? 'national';
  return {
    site: input.site,
    name: input.name,
    from: input.from,
    to: input.to,
    disclosureControl: input.exact ? null : DISCLOSURE_CONTROL,
    months,
    sources,
    closureReasons,
    charts: [
      chart(
        `${id}-referrals`,
        'Referrals received',
        '',
        months,
        months.map((m) => m.referralsReceived),
      ),
      ...KPIS.map((k) =>
        chart(
          `${id}-${k.key}`,
          k.title,
          '%',
          months,
          months.map((m) => m[k.key].percentage),
        ),
      ),
    ],
  };
}

/** API.md `GET /api/v1/reports/kpis`: `{"sites":[{"code","months":[…]}],"disclosureControl":"…"}`. */
export function reportBody(report: ReportView) {
  return {
    sites: [{ code: report.site ?? 'national', name: report.name, months: report.months }],
    disclosureControl: report.disclosureControl ?? 'None: the figures of your own site are exact',
  };
}

const ratioCells = (r: Ratio) => [r.numerator, r.denominator, r.percentage];

/** One row per month, every figure of the tables. */
export function reportCsvRows(report: ReportView): { header: string[]; rows: CsvValue[][] } {
  const header = [
    'area',
    'month',
    'referrals_received',
    ...report.sources.map((s) => `referrals_from_${s}`),
    'accepted',
    ...KPIS.flatMap((k) => [`${k.key}_numerator`, `${k.key}_denominator`, `${k.key}_percent`]),
    'open_episodes',
    ...PHASES.map((p) => `open_${p}`),
    ...report.closureReasons.map((c) => `closed_${c}`),
    'wellbeing_change_episodes',
    'wellbeing_change_mean',
  ];
  // A key absent from a month is none that month (0); a key present as null is withheld, and stays blank.
  const cell = (r: Record<string, number | null>, key: string) => (key in r ? r[key] : 0);
  const rows = report.months.map((m) => [
    report.name,
    m.month,
    m.referralsReceived,
    ...report.sources.map((s) => cell(m.bySource, s)),
    m.accepted,
    ...KPIS.flatMap((k) => ratioCells(m[k.key])),
    m.openEpisodes,
    ...PHASES.map((p) => cell(m.openByPhase, p)),
    ...report.closureReasons.map((c) => cell(m.closureReasons, c)),
    m.meanWellbeingChange.episodes,
    m.meanWellbeingChange.mean,
  ]);
  return { header, rows };
}
