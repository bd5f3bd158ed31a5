// The printed tables: one per database, every figure also as a share of the ceiling measured in the
// same run, the target beside it, and any non-2xx response or socket error called out loudly.
import type { Target } from './scenarios.ts';
import type { ActivitySummary, CpuShare } from './machine.ts';
import type { ProfileReport } from './profile.ts';

export interface Measured {
  key: string;
  label: string;
  target: Target;
  requestsPerSecond: number;
  requestsTotal: number;
  connections?: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  shareOfCeiling: number | undefined;
  /** Of the floor endpoint's throughput in the same run (bench/floor.ts). */
  shareOfFloor: number | undefined;
  met: boolean | undefined;
  serverCpuPercent: number | undefined;
  /** The server process's CPU time per response (user + system): what one request costs, queueing aside. */
  serverCpuMsPerRequest: number | undefined;
  /** PostgreSQL: CPU of this database's backends per response (/proc); PGlite: 0, it runs in the server process. */
  databaseCpuMsPerRequest: number | undefined;
  /** The server's and the database's CPU per response: what one request costs the machine, queueing aside. */
  cpuMsPerRequest: number | undefined;
  /** SQL statements sent through the app's database client per response (BEGIN and COMMIT included). */
  statementsPerRequest: number | undefined;
  transactionsPerRequest: number | undefined;
  /** The audit sealer's statements in the same interval (counted apart). */
  backgroundStatements: number;
  serverEventLoopUtilisation: number | undefined;
  /** Who used the machine's CPU during the measurement, in cores. */
  cpu: CpuShare | undefined;
  postgresActivity?: ActivitySummary;
  profile?: ProfileReport;
}

const fixed = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const pct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : `${(n * 100).toFixed(1)}%`);

export function describeTarget(t: Target): string {
  const parts: string[] = [];
  if (t.p99Ms !== undefined) parts.push(`p99 < ${t.p99Ms} ms`);
  if (t.minShareOfCeiling !== undefined) parts.push(`≥ ${Math.round(t.minShareOfCeiling * 100)}% of ceiling`);
  if (t.minShareOfFloor !== undefined) parts.push(`≥ ${Math.round(t.minShareOfFloor * 100)}% of floor`);
  if (t.minRequestsPerSecond !== undefined) parts.push(`≥ ${t.minRequestsPerSecond} req/s`);
  if (t.maxCpuMs !== undefined) parts.push(`CPU ≤ ${t.maxCpuMs} ms`);
  return parts.join(', ') || '–';
}

export function meets(
  t: Target,
  m: {
    requestsPerSecond: number;
    requestsTotal: number;
    p99Ms: number;
    shareOfCeiling: number | undefined;
    shareOfFloor: number | undefined;
    cpuMsPerRequest: number | undefined;
    non2xx: number;
    errors: number;
  },
): boolean | undefined {
  if (Object.values(t).every((v) => v === undefined)) return undefined;
  // No response at all within the run means no latency was measured: never a pass.
  if (m.requestsTotal === 0 || m.non2xx > 0 || m.errors > 0) return false;
  if (t.p99Ms !== undefined && !(m.p99Ms < t.p99Ms)) return false;
  if (t.minShareOfCeiling !== undefined && !((m.shareOfCeiling ?? 0) >= t.minShareOfCeiling)) return false;
  if (t.minShareOfFloor !== undefined && !((m.shareOfFloor ?? 0) >= t.minShareOfFloor)) return false;
  if (t.minRequestsPerSecond !== undefined && !(m.requestsPerSecond >= t.minRequestsPerSecond)) return false;
  // Not measured (no /proc) is not a pass.
  if (t.maxCpuMs !== undefined && !((m.cpuMsPerRequest ?? Infinity) <= t.maxCpuMs)) return false;
  return true;
}

/** Why a target was missed, in its own words: the figure beside the bound it broke. */
function missed(t: Target, r: Measured): string[] {
  const out: string[] = [];
  if (t.p99Ms !== undefined && !(r.p99Ms < t.p99Ms)) out.push(`p99 ${fixed(r.p99Ms)} ms`);
  if (t.minShareOfCeiling !== undefined && !((r.shareOfCeiling ?? 0) >= t.minShareOfCeiling))
    out.push(`${pct(r.shareOfCeiling)} of ceiling`);
  if (t.minShareOfFloor !== undefined && !((r.shareOfFloor ?? 0) >= t.minShareOfFloor))
    out.push(`${pct(r.shareOfFloor)} of floor`);
  if (t.minRequestsPerSecond !== undefined && !(r.requestsPerSecond >= t.minRequestsPerSecond))
    out.push(`${fixed(r.requestsPerSecond, 0)} req/s`);
  if (t.maxCpuMs !== undefined && !((r.cpuMsPerRequest ?? Infinity) <= t.maxCpuMs))
    out.push(`CPU ${fixed(r.cpuMsPerRequest, 2)} ms`);
  if (r.non2xx || r.errors) out.push('failed requests');
  return out;
}

/**
 * One table per database and data set: throughput, latency, CPU and SQL per request, the share of both
 * same-run ceilings (the bare GET /health, and the floor endpoint), and the target met or not (with the figure
 * that missed it).
 */
export function resultsTable(title: string, rows: Measured[], targetsApply: boolean): string {
  const lines = [
    `### ${title}`,
    '',
    '| scenario | conns | req/s | p50 ms | p99 ms | CPU ms/req (app + db) | SQL/req | share of bare | share of floor | target | met? | non-2xx / errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
  ];
  for (const r of rows) {
    const bad = r.non2xx + r.errors + r.timeouts;
    const conns = r.connections === undefined ? '–' : String(r.connections);
    // From the server's own count of the responses it finished, so known even when autocannon saw none finish.
    const cpu =
      r.cpuMsPerRequest === undefined
        ? fixed(r.serverCpuMsPerRequest, 2)
        : `${fixed(r.cpuMsPerRequest, 2)} (${fixed(r.serverCpuMsPerRequest, 2)} + ${fixed(r.databaseCpuMsPerRequest, 2)})`;
    if (r.requestsTotal === 0) {
      lines.push(
        `| ${r.label} | ${conns} | 0 | – | – | ${cpu} | ${fixed(r.statementsPerRequest, 1)} | – | – | ${describeTarget(r.target)} | ${targetsApply ? '**NO**' : '(**NO**)'} | **no response completed** |`,
      );
      continue;
    }
    const why = r.met === false ? missed(r.target, r) : [];
    const met = r.met === undefined ? '–' : r.met ? 'met' : `**not met** (${why.join(', ')})`;
    lines.push(
      `| ${r.label} | ${conns} | ${fixed(r.requestsPerSecond, 0)} | ${fixed(r.p50Ms)} | ${fixed(r.p99Ms)} | ${cpu} | ${fixed(r.statementsPerRequest, 1)} | ${pct(r.shareOfCeiling)} | ${pct(r.shareOfFloor)} | ${describeTarget(r.target)} | ${targetsApply ? met : `(${met})`} | ${bad ? `**${r.non2xx} / ${r.errors + r.timeouts}**` : '0 / 0'} |`,
    );
  }
  lines.push(
    '',
    '_CPU ms/req: the server process (user + system) plus, on PostgreSQL, the CPU of this database’s own backends, from /proc, per response. ' +
      'SQL/req: statements sent through the app’s database client per response, BEGIN and COMMIT included, the audit sealer’s apart. ' +
      'Share of bare: of GET /health’s req/s; of floor: of the floor endpoint’s (a token lookup, one primary-key read and one audit insert in raw SQL), both in this run._',
  );
  if (!targetsApply)
    lines.push('', '_The targets are set for PostgreSQL; on PGlite they are shown in brackets for comparison only._');
  return lines.join('\n');
}

export function diagnosticsTable(rows: Measured[], postgres: boolean): string {
  const activityKeys = postgres
    ? [
        'running (CPU)',
        'waiting: advisory lock',
        'waiting: WAL flush (commit)',
        'idle in transaction (waiting for the app)',
      ]
    : [];
  const header = [
    'scenario',
    'server CPU ms/request',
    'server event loop busy',
    'CPU: server',
    'autocannon',
    'PostgreSQL',
    'other processes',
    'idle',
    ...(postgres
      ? ['PG conns running', 'waiting on advisory lock', 'waiting on WAL flush', 'idle in transaction']
      : []),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) {
    const c = r.cpu;
    const cells = [
      r.key,
      fixed(r.serverCpuMsPerRequest, 2),
      pct(r.serverEventLoopUtilisation),
      fixed(c?.server, 2),
      fixed(c?.loadGenerator, 2),
      fixed(c?.postgres, 2),
      fixed(c?.other, 2),
      fixed(c?.idle, 2),
      ...activityKeys.map((k) => fixed(r.postgresActivity?.mean[k] ?? 0, 2)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function profileSummary(rows: Measured[], top = 6): string {
  const out: string[] = [];
  for (const r of rows) {
    if (!r.profile || r.key === 'ceiling') continue;
    const p = r.profile;
    const requests = Math.max(1, r.requestsTotal);
    out.push(
      `${r.key}: advisory lock held ${fixed(p.advisoryLockHold.meanMs, 2)} ms on average (${p.advisoryLockHold.count} times, ${fixed(p.advisoryLockHold.totalMs / 1000, 2)} s in total); pool checkout wait ${fixed(p.poolCheckout.meanMs, 2)} ms mean`,
    );
    for (const s of p.statements.slice(0, top)) {
      out.push(
        `    ${fixed(s.totalMs / requests, 2).padStart(6)} ms/request  ${String(s.count).padStart(7)} × ${fixed(s.meanMs, 2).padStart(6)} ms  ${s.sql.slice(0, 110)}`,
      );
    }
  }
  return out.join('\n');
}

/** A results file as run.ts writes it (.bench/results-<database>-<data set>.json): what a comparison reads. */
export interface SavedResults {
  database: 'postgres' | 'pglite';
  at: string;
  dataset: { scale: string; factor: number; title: string };
  results: Measured[];
}

/** Issue 13: a page costs the same on the national data set as on the 10k one (within 1.5×). */
export const SCALE_RATIO = 1.5;
/** Issue 13: PGlite within 3× of PostgreSQL on each page. */
export const DATABASE_RATIO = 3;

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !(b > 0) ? undefined : a / b;

/**
 * The same scenarios in two runs side by side: CPU ms per request and p99 of `second` as a multiple of
 * `first`'s, met when neither is more than `limit` times as much. CPU per request is the steadier figure on a
 * shared machine; p99 moves with whatever else runs.
 */
export function comparisonTable(
  title: string,
  first: SavedResults,
  second: SavedResults,
  limit: number,
  keys?: (r: Measured) => boolean,
): string {
  const name = (s: SavedResults) => `${s.database === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${s.dataset.title}`;
  const lines = [
    `### ${title}`,
    '',
    `_First: ${name(first)}, measured ${first.at}. Second: ${name(second)}, measured ${second.at}. Target: the second at most ${limit}× the first._`,
    '',
    '| scenario | CPU ms/req first | CPU ms/req second | × | p99 ms first | p99 ms second | × | SQL/req first → second | met? |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const a of first.results) {
    if (a.key === 'ceiling' || a.key === 'floor' || (keys && !keys(a))) continue;
    const b = second.results.find((r) => r.key === a.key);
    if (!b) continue;
    const cpu = ratio(b.cpuMsPerRequest, a.cpuMsPerRequest);
    const p99 = ratio(b.requestsTotal ? b.p99Ms : undefined, a.requestsTotal ? a.p99Ms : undefined);
    const met = cpu === undefined || p99 === undefined ? '–' : cpu <= limit && p99 <= limit ? 'met' : '**not met**';
    lines.push(
      `| ${a.label} | ${fixed(a.cpuMsPerRequest, 2)} | ${fixed(b.cpuMsPerRequest, 2)} | ${fixed(cpu, 2)} | ${fixed(a.p99Ms)} | ${fixed(b.p99Ms)} | ${fixed(p99, 2)} | ${fixed(a.statementsPerRequest, 1)} → ${fixed(b.statementsPerRequest, 1)} | ${met} |`,
    );
  }
  return lines.join('\n');
}
