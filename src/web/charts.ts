// Line charts as SVG drawn on the server (issue 15: "SVG rendered on the server ... working without
// JavaScript"). d3-scale and d3-shape compute positions only: no DOM, no script in the page. Each chart has
// a title and description for assistive technology and is always shown beside a table of the same figures,
// the accessible version (NHS England "Making Data Count"). Every text is escaped here.
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';

export interface ChartPoint {
  /** The x label: a date or a month. */
  label: string;
  value: number | null;
  /** Drawn larger and marked (an SPC point outside its limits, a reliable change). */
  marked?: boolean;
}

export interface ChartLine {
  value: number;
  label: string;
  kind: 'threshold' | 'mean' | 'limit';
}

export interface LineChart {
  id: string;
  title: string;
  description: string;
  yLabel: string;
  yDomain: [number, number];
  points: ChartPoint[];
  lines?: ChartLine[];
}

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 150, bottom: 48, left: 48 };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** The chart as an SVG string, ready to place in a page with `| safe` (every text in it is escaped). */
export function lineChartSvg(chart: LineChart): string {
  const lo = Math.min(chart.yDomain[0], ...(chart.lines ?? []).map((l) => l.value));
  const hi = Math.max(chart.yDomain[1], ...(chart.lines ?? []).map((l) => l.value));
  const x = scalePoint<number>()
    .domain(chart.points.map((_, i) => i))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.5);
  const y = scaleLinear()
    .domain([lo, hi === lo ? lo + 1 : hi])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const px = (i: number) => x(i) ?? MARGIN.left;
  const path =
    line<ChartPoint & { i: number }>()
      .defined((p) => p.value !== null)
      .x((p) => px(p.i))
      .y((p) => y(p.value ?? 0))(chart.points.map((p, i) => ({ ...p, i }))) ?? '';
  const id = escapeXml(chart.id);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">`,
    `<title id="${id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(chart.description)}</desc>`,
  ];
  for (const t of y.ticks(5)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" stroke="#d8dde0"/>`,
      `<text x="${MARGIN.left - 6}" y="${fmt(y(t) + 4)}" text-anchor="end" font-size="12" fill="#212b32">${fmt(t)}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(chart.points.length / 8));
  chart.points.forEach((p, i) => {
    if (i % every === 0)
      parts.push(
        `<text x="${fmt(px(i))}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle" font-size="12" fill="#212b32">${escapeXml(p.label)}</text>`,
      );
  });
  parts.push(
    `<text x="14" y="${fmt((HEIGHT - MARGIN.bottom + MARGIN.top) / 2)}" transform="rotate(-90 14 ${fmt((HEIGHT - MARGIN.bottom + MARGIN.top) / 2)})" text-anchor="middle" font-size="12" fill="#212b32">${escapeXml(chart.yLabel)}</text>`,
  );
  for (const l of chart.lines ?? []) {
    const dash = l.kind === 'mean' ? '' : l.kind === 'limit' ? ' stroke-dasharray="6 4"' : ' stroke-dasharray="2 3"';
    const colour = l.kind === 'threshold' ? '#d5281b' : l.kind === 'mean' ? '#425563' : '#768692';
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fmt(y(l.value))}" y2="${fmt(y(l.value))}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${WIDTH - MARGIN.right + 6}" y="${fmt(y(l.value) + 4)}" font-size="12" fill="#212b32">${escapeXml(`${l.label} (${fmt(l.value)})`)}</text>`,
    );
  }
  parts.push(`<path d="${path}" fill="none" stroke="#005eb8" stroke-width="3"/>`);
  chart.points.forEach((p, i) => {
    if (p.value === null) return;
    parts.push(
      p.marked
        ? `<rect x="${fmt(px(i) - 6)}" y="${fmt(y(p.value) - 6)}" width="12" height="12" fill="#ffb81c" stroke="#212b32"/>`
        : `<circle cx="${fmt(px(i))}" cy="${fmt(y(p.value))}" r="5" fill="#005eb8"/>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
