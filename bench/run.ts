// `npm run bench`: loads BENCH_REFERRALS (10,000) referrals and BENCH_EPISODES (10,000) episodes of care with
// BENCH_CONTACTS (200,000) contacts (BENCH_OPEN_PER_SITE, 500, open at each site), serves the application on PostgreSQL and on
// PGlite, and measures with autocannon, for BENCH_SECONDS (10) each: referral submission (API), the screening
// queue page, a referral page, GET /api/v1/referrals/{id}, the caseload, episode, release plan and worklist
// pages, an episode's timeline, a chronology, search, the FHIR reads, a site's worklist and the national one.
// Beside them, in the same run, two ceilings: GET /health (no database) and the floor endpoint (bench/floor.ts:
// a token lookup, one primary-key read and one audit insert in raw SQL through the same pool, registered by
// the bench only). For every scenario: req/s, p50, p99, server CPU ms per request (the server process and, on
// PostgreSQL, this database's own backends, from /proc), SQL statements per request (counted in the server's
// database client, bench/statements.ts), the share of both ceilings, and issue 13's target met or not. Prints
// a table per database and data set, writes it to bench/results/<db>-<data set>.md and the figures to
// .bench/results-<db>-<data set>.json, and compares data sets and databases (bench/results/comparison-*.md).
//
//   BENCH_DB=postgres|pglite|both (both)   BENCH_SECONDS=10   BENCH_REFERRALS=10000
//   BENCH_CONNECTIONS=32 (API reads, submission)   BENCH_PAGE_CONNECTIONS=8 (staff pages, worklists, search)
//   BENCH_WARMUP=2 (seconds before each scenario, not measured)   BENCH_IDEMPOTENCY=1 (send Idempotency-Key)
//   BENCH_PROFILE=1 (time every SQL statement in the server; PostgreSQL only; adds a little overhead)
//   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres   BENCH_KEEP_DB=1 (keep the database to inspect)
//   BENCH_ONLY=chronology,timeline (measure only these scenarios, and the two ceilings)   BENCH_CHRONOLOGIES=40
//
//   --scale national (or BENCH_SCALE=national): the ten-year national data set instead (bench/seedNational.ts:
//   1,000,000 referrals, 400,000 episodes, 20,000,000 contacts, 40 sites), loaded server-side with a progress
//   bar into a database that is kept (PostgreSQL: reconnect_bench_national; PGlite: .bench/reconnect_bench_national-pglite)
//   and re-used by the next run. BENCH_RELOAD=1 loads it again; BENCH_SCALE_FACTOR=0.01 shrinks every count
//   (its own database, reconnect_bench_national_x0_01), to prove the loader and the pages quickly.
//
// The chronology scenario (issue 11) runs at 8 connections: a person's chronology of about 500
// entries from 8 agencies (bench/seedChronology.ts).
//
// It is a benchmark, not a test: it exits 0 when it finishes, targets met or not, and non-zero only when
// something fails (the server does not start, a smoke request is refused, the database cannot be made).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import type { FromServer, ToServer } from './protocol.ts';
import { buildScenarios, type Scenario } from './scenarios.ts';
import { ActivitySampler, cpuShare, machineBusyPercent, machineCpu } from './machine.ts';
import {
  comparisonTable,
  DATABASE_RATIO,
  describeTarget,
  diagnosticsTable,
  meets,
  profileSummary,
  resultsTable,
  SCALE_RATIO,
  type Measured,
  type SavedResults,
} from './report.ts';

type Kind = 'postgres' | 'pglite';
type Ready = Extract<FromServer, { type: 'ready' }>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

const settings = {
  seconds: intEnv('BENCH_SECONDS', 10, 1, 600),
  referrals: intEnv('BENCH_REFERRALS', 10_000, 100, 1_000_000),
  episodes: intEnv('BENCH_EPISODES', 10_000, 100, 1_000_000),
  contacts: intEnv('BENCH_CONTACTS', 200_000, 100, 10_000_000),
  openPerSite: intEnv('BENCH_OPEN_PER_SITE', 500, 1, 100_000),
  connections: intEnv('BENCH_CONNECTIONS', 32, 1, 1024),
  /** Issue 13: staff pages, the worklists and search are measured at 8 connections. */
  pageConnections: intEnv('BENCH_PAGE_CONNECTIONS', 8, 1, 1024),
  warmup: intEnv('BENCH_WARMUP', 2, 0, 60),
  idempotencyKeys: process.env.BENCH_IDEMPOTENCY !== '0',
  profile: process.env.BENCH_PROFILE === '1',
  keepDatabase: process.env.BENCH_KEEP_DB === '1',
  adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
/** `--scale national` (or BENCH_SCALE=national): the ten-year national data set of bench/seedNational.ts. */
function scaleArgument(): '10k' | 'national' {
  const at = process.argv.indexOf('--scale');
  const raw = (at >= 0 ? process.argv[at + 1] : undefined) ?? process.env.BENCH_SCALE ?? '10k';
  if (raw !== '10k' && raw !== 'national') throw new Error(`--scale must be 10k or national, got "${raw}"`);
  return raw;
}
const scale = scaleArgument();
const factorRaw = process.env.BENCH_SCALE_FACTOR ?? '1';
const factor = Number(factorRaw);
if (!(factor >= 0.0001 && factor <= 1))
  throw new Error(`BENCH_SCALE_FACTOR must be from 0.0001 to 1, got "${factorRaw}"`);
const reload = process.env.BENCH_RELOAD === '1';
/** The kept national data set's name: its PostgreSQL database, its PGlite directory. */
const nationalName = `reconnect_bench_national${factor < 1 ? `_x${String(factor).replace('.', '_')}` : ''}`;

/** The audit key of a kept national data set, in .bench/ beside it (made on its first load). */
function nationalKey(kind: Kind): string {
  const file = path.join(root, '.bench', `${nationalName}-${kind}.audit-key`);
  if (!reload && existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

const which = process.env.BENCH_DB ?? 'both';
if (!['postgres', 'pglite', 'both'].includes(which))
  throw new Error(`BENCH_DB must be postgres, pglite or both, got "${which}"`);
const kinds: Kind[] = which === 'both' ? ['postgres', 'pglite'] : [which as Kind];

/** Measured in this order: reads before the write, so the submissions do not grow the queue being measured. */
const RUN_ORDER = [
  'ceiling',
  'floor',
  'page-shell',
  'api-read',
  'page',
  'queue',
  'caseload',
  'episode',
  'release-plan',
  'worklist-page',
  'timeline',
  'chronology',
  'search',
  'search-nhs',
  'fhir-patient',
  'episode-api',
  'fhir-episode',
  'worklist-site',
  'worklist-national',
  'worklist-national-all',
  'report-national',
  'evaluation-extract',
  'submit',
];
/** Shown in the order of the issues. */
const SHOW_ORDER = [
  'submit',
  'queue',
  'page',
  'api-read',
  'caseload',
  'episode',
  'release-plan',
  'worklist-page',
  'timeline',
  'chronology',
  'search',
  'search-nhs',
  'fhir-patient',
  'episode-api',
  'fhir-episode',
  'worklist-site',
  'worklist-national',
  'worklist-national-all',
  'report-national',
  'evaluation-extract',
  'page-shell',
  'floor',
  'ceiling',
];
/** BENCH_ONLY: the scenarios to measure (the ceiling and the floor always, so every figure has its shares). */
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((k) => k.trim())
  .filter(Boolean);
const chosen = (key: string) => !only.length || key === 'ceiling' || key === 'floor' || only.includes(key);

const log = (message: string) => process.stderr.write(`${message}\n`);
const cleanups: (() => Promise<void> | void)[] = [];

// ---- the database for one run -------------------------------------------------------------------

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: settings.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(settings.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Whether a kept national database is there and complete (bench_meta written at the end of its load). */
async function nationalComplete(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: settings.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rows.length) return false;
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    const { rows } = await client.query<{ factor: string | null }>(
      `select case when to_regclass('bench_meta') is not null then
         (select value ->> 'factor' from bench_meta where key = 'national') end as factor`,
    );
    return rows[0]?.factor !== null && Number(rows[0]?.factor) === factor;
  } finally {
    await client.end();
  }
}

async function postgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (scale === 'national') {
    // Kept between runs: loading it takes most of half an hour at full size.
    const name = nationalName;
    if (reload || !(await nationalComplete(name))) {
      await adminQuery(`drop database if exists ${name} with (force)`);
      await adminQuery(`create database ${name}`);
    } else log(`  re-using the database ${name} (BENCH_RELOAD=1 loads it again)`);
    return {
      url: databaseUrl(name),
      name,
      drop: async () => {
        log(
          `  kept the national database ${name} for the next run: drop it with  psql ${settings.adminUrl} -c 'drop database ${name}'`,
        );
      },
    };
  }
  const name = `reconnect_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = databaseUrl(name);
  let dropped = false;
  return {
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      if (settings.keepDatabase) {
        log(
          `  kept database ${name} (BENCH_KEEP_DB=1): drop it with  psql ${settings.adminUrl} -c 'drop database ${name}'`,
        );
        return;
      }
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The data set in words, for titles: what the server loaded (or re-used). */
function datasetTitle(ready: Ready): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const what = `${n(ready.loaded.total)} referrals, ${n(ready.episodes.total)} episodes, ${n(ready.episodes.contacts)} contacts, ${ready.dataset.sites} sites`;
  return ready.dataset.scale === 'national'
    ? `national data set${ready.dataset.factor < 1 ? ` ×${ready.dataset.factor}` : ''} (${what})`
    : what;
}

/** Names the results files of a data set: `10k`, `national`, `national-x0.01`. */
function scaleKey(): string {
  return scale === 'national' ? `national${factor < 1 ? `-x${factor}` : ''}` : '10k';
}

// ---- the server process --------------------------------------------------------------------------

class ServerProcess {
  private child: ChildProcess;
  get pid(): number | undefined {
    return this.child.pid;
  }
  private waiting: ((m: FromServer) => void) | undefined;
  private exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = fork(path.join(root, 'bench', 'server.ts'), [], {
      cwd: root,
      env: { ...process.env, ...env },
      // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
      execArgv: process.env.BENCH_CPU_PROF
        ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        resolve(code);
      }),
    );
    this.child.on('message', (m: FromServer) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.(m);
    });
  }

  /** The next message from the server, or an error if it exits or is silent for too long. */
  next<T extends FromServer['type']>(type: T, timeoutMs: number): Promise<Extract<FromServer, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`The server sent no "${type}" within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`The server process exited (code ${code}) before sending "${type}"`));
      });
      this.waiting = (m) => {
        clearTimeout(timer);
        if (m.type === type) resolve(m as Extract<FromServer, { type: T }>);
        else reject(new Error(`Expected "${type}" from the server, got "${m.type}"`));
      };
    });
  }

  async ask<T extends FromServer['type']>(message: ToServer, reply: T): Promise<Extract<FromServer, { type: T }>> {
    const answer = this.next(reply, 90_000); // the server first lets the requests in flight finish (up to 60 s)
    this.child.send(message);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies ToServer);
    const done = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

// ---- signing in as a browser would ---------------------------------------------------------------

function cookiesFrom(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (eq > 0) jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
  return jar;
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const html = await form.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!form.ok || !token) throw new Error(`GET /sign-in gave ${form.status} with${token ? '' : 'out'} a CSRF token`);
  const csrfCookies = cookiesFrom(form);
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...csrfCookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body: new URLSearchParams({ email, password, returnTo: '/', _csrf: token }).toString(),
  });
  const session = cookiesFrom(res).get('reconnect-session');
  if (res.status !== 303 || !session) throw new Error(`POST /sign-in gave ${res.status} without a session cookie`);
  const next = res.headers.get('location');
  if (next !== '/')
    throw new Error(
      `POST /sign-in sent the practitioner on to ${next}, not back to "/": the session is not fully signed in (two-factor authentication?)`,
    );
  return `reconnect-session=${session}`;
}

/** One request of each scenario before measuring: a scenario that answers 3xx/4xx would measure nothing. */
async function smokeCheck(base: string, scenario: Scenario): Promise<void> {
  const s = scenario.sample();
  const started = performance.now();
  const res = await fetch(base + s.path, {
    method: s.method,
    headers: s.headers,
    redirect: 'manual',
    ...(s.body ? { body: s.body } : {}),
  });
  const text = await res.text();
  if (scenario.longRequestSeconds) timedAlone.set(scenario.key, (performance.now() - started) / 1000);
  if (res.status < 200 || res.status > 299) {
    throw new Error(
      `Smoke check of "${scenario.label}" (${s.method} ${s.path}) gave ${res.status}: ${text.slice(0, 300)}`,
    );
  }
}

// ---- measuring ---------------------------------------------------------------------------------

/** A long request (a whole extract) measured for as long as one takes, read from a first one timed alone. */
function longRequestMinimum(scenario: Scenario): number {
  return scenario.longRequestSeconds ? (timedAlone.get(scenario.key) ?? 0) * 1.2 : 0;
}
const timedAlone = new Map<string, number>();

async function cannon(base: string, scenario: Scenario, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections: scenario.connections ?? settings.connections,
    duration: seconds,
    timeout: scenario.longRequestSeconds ?? 10,
    headers: scenario.headers,
    requests: scenario.requests(),
  });
}

async function measure(
  base: string,
  scenario: Scenario,
  server: ServerProcess,
  sampler: ActivitySampler | undefined,
  kind: Kind,
): Promise<Omit<Measured, 'shareOfCeiling' | 'shareOfFloor' | 'met'>> {
  if (settings.warmup > 0 && !scenario.longRequestSeconds) {
    const warm = await cannon(base, scenario, settings.warmup);
    // autocannon drops the requests still in flight when it stops, but the server finishes them: let it,
    // or their work would land in the measurement.
    await sleep(Math.min(10_000, Math.max(100, warm.latency.max)));
  }
  await server.ask({ type: 'reset' }, 'reset-done');
  const cpuBefore = machineCpu(server.pid);
  await sampler?.start();
  // A long request is given the time to finish at least once.
  const result = await cannon(base, scenario, Math.max(settings.seconds, longRequestMinimum(scenario)));
  // The server finishes the requests autocannon stopped waiting for (it answers once none is in flight):
  // their work is this scenario's, and the per-request figures divide by the responses the server finished.
  const report = await server.ask({ type: 'report' }, 'report');
  const postgresActivity = await sampler?.stop();
  const cpu = cpuShare(cpuBefore, machineCpu(server.pid));
  const total = report.responses;
  const perRequest = (n: number | undefined) => (n !== undefined && total > 0 ? n / total : undefined);
  const databaseCpuMs = kind === 'pglite' ? 0 : postgresActivity?.backendCpuMs;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    key: scenario.key,
    label: scenario.label,
    target: scenario.target,
    requestsPerSecond: result.requests.average,
    requestsTotal: result.requests.total,
    connections: scenario.connections ?? settings.connections,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    serverCpuPercent: report.cpuPercent,
    serverCpuMsPerRequest: perRequest(report.cpuMs),
    databaseCpuMsPerRequest: perRequest(databaseCpuMs),
    cpuMsPerRequest: databaseCpuMs === undefined ? undefined : perRequest(report.cpuMs + databaseCpuMs),
    statementsPerRequest: perRequest(report.statements.statements),
    transactionsPerRequest: perRequest(report.statements.transactions),
    backgroundStatements: report.statements.background,
    serverEventLoopUtilisation: report.eventLoopUtilisation,
    cpu,
    ...(postgresActivity ? { postgresActivity } : {}),
    ...(report.profile ? { profile: report.profile } : {}),
  };
}

async function benchmark(kind: Kind): Promise<void> {
  const title = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  log(
    scale === 'national'
      ? `\n== ${title}: the national data set ×${factor}`
      : `\n== ${title}: loading ${settings.referrals.toLocaleString('en-GB')} referrals`,
  );
  const secret = randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    BENCH_KIND: kind,
    BENCH_SCALE: scale,
    BENCH_SCALE_FACTOR: String(factor),
    // A kept national data set's audit chain is sealed with its own key, kept beside it (never in the database).
    BENCH_AUDIT_KEY: scale === 'national' ? nationalKey(kind) : secret,
    BENCH_REFERRALS: String(settings.referrals),
    BENCH_EPISODES: String(settings.episodes),
    BENCH_CONTACTS: String(settings.contacts),
    BENCH_OPEN_PER_SITE: String(settings.openPerSite),
    BENCH_PROFILE: settings.profile ? '1' : '0',
    BENCH_COOKIE_SECRET: secret,
  };
  let database: Awaited<ReturnType<typeof postgresDatabase>> | undefined;
  let dataDir: string | undefined;
  let server: ServerProcess | undefined;
  let sampler: ActivitySampler | undefined;
  const cleanup = async () => {
    await server?.stop();
    await sampler?.close().catch(() => undefined);
    await database?.drop();
    if (dataDir && scale !== 'national') rmSync(dataDir, { recursive: true, force: true });
    else if (dataDir) log(`  kept the national PGlite data set in ${path.relative(root, dataDir)} for the next run`);
  };
  cleanups.push(cleanup);
  try {
    if (kind === 'postgres') {
      database = await postgresDatabase();
      env.BENCH_DATABASE_URL = database.url;
    } else {
      // On disk, as the embedded mode runs in production (RECONNECT_DATA_DIR), not in memory.
      if (scale === 'national') {
        dataDir = path.join(root, '.bench', `${nationalName}-pglite`);
        if (reload || !existsSync(`${dataDir}.complete`)) {
          rmSync(dataDir, { recursive: true, force: true });
          rmSync(`${dataDir}.complete`, { force: true });
          mkdirSync(dataDir, { recursive: true });
        } else log(`  re-using ${path.relative(root, dataDir)} (BENCH_RELOAD=1 loads it again)`);
      } else dataDir = mkdtempSync(path.join(tmpdir(), 'reconnect-bench-'));
      env.BENCH_DATA_DIR = dataDir;
    }
    server = new ServerProcess(env);
    const ready: Ready = await server.next(
      'ready',
      scale === 'national'
        ? 120_000 + factor * 3 * 3_600_000 // the target is 30 minutes at full size; allow a slow machine three hours
        : 120_000 + settings.referrals * 60 + settings.episodes * 60 + settings.contacts * 5,
    );
    if (dataDir && scale === 'national') writeFileSync(`${dataDir}.complete`, `${new Date().toISOString()}\n`);
    const base = `http://127.0.0.1:${ready.port}`;
    const { phases } = ready.loaded;
    log(
      `  loaded in ${ready.loaded.seconds.toFixed(1)} s (rows built ${phases.buildSeconds.toFixed(1)} s, inserted ${phases.insertSeconds.toFixed(1)} s, chain sealed and verified, vacuumed ${phases.verifySeconds.toFixed(1)} s): ` +
        `${JSON.stringify(ready.loaded.byStatus)}, ${ready.loaded.restricted} restricted, ${ready.loaded.auditEvents} audit events`,
    );
    log(
      `  and ${ready.episodes.total.toLocaleString('en-GB')} episodes (${ready.episodes.open} open) with ${ready.episodes.contacts.toLocaleString('en-GB')} contacts in ${ready.episodes.seconds.toFixed(1)} s`,
    );
    if (database) {
      sampler = new ActivitySampler(database.url);
      await sampler.connect();
    }
    // Other work on the machine skews every figure: measure it while our server is idle, and say so.
    const idleFrom = machineCpu(server.pid);
    await sleep(2000);
    const idleTo = machineCpu(server.pid);
    const background = machineBusyPercent(idleFrom, idleTo);
    const backgroundShare = cpuShare(idleFrom, idleTo);
    if (background !== undefined) log(`  background load (our server idle): ${background.toFixed(0)}% of the machine`);
    const sessionCookie = await signIn(base, ready.practitioner.email, ready.practitioner.password);
    const scenarios = buildScenarios(
      {
        referrerToken: ready.referrerToken,
        practitionerToken: ready.practitionerToken,
        commissionerToken: ready.commissionerToken,
        researcherToken: ready.researcherToken,
        sessionCookie,
        sites: ready.practitioner.sites,
        visibleIds: ready.loaded.visibleIds,
        episodeIds: ready.episodes.visibleOpenIds,
        chronologyPersonIds: ready.chronologies.personIds,
      },
      {
        idempotencyKeys: settings.idempotencyKeys,
        runId: randomBytes(4).toString('hex'),
        pageConnections: settings.pageConnections,
      },
    );
    for (const s of scenarios) if (chosen(s.key)) await smokeCheck(base, s);

    const measured = new Map<string, Omit<Measured, 'shareOfCeiling' | 'shareOfFloor' | 'met'>>();
    for (const key of RUN_ORDER.filter(chosen)) {
      const scenario = scenarios.find((s) => s.key === key)!;
      log(
        `  ${title}: ${scenario.label}, ${scenario.connections ?? settings.connections} connections, ${settings.seconds} s (+${settings.warmup} s warm-up)`,
      );
      const m = await measure(base, scenario, server, sampler, kind);
      measured.set(key, m);
      log(
        `    ${Math.round(m.requestsPerSecond)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''}`,
      );
    }
    const ceiling = measured.get('ceiling')!.requestsPerSecond;
    const floor = measured.get('floor')!.requestsPerSecond;
    const rows: Measured[] = SHOW_ORDER.filter(chosen).map((key) => {
      const m = measured.get(key)!;
      const shareOfCeiling = ceiling > 0 ? m.requestsPerSecond / ceiling : undefined;
      const shareOfFloor = floor > 0 ? m.requestsPerSecond / floor : undefined;
      return { ...m, shareOfCeiling, shareOfFloor, met: meets(m.target, { ...m, shareOfCeiling, shareOfFloor }) };
    });

    const md: string[] = [
      `# Reconnect benchmark: ${title}, ${datasetTitle(ready)}`,
      '',
      `${new Date().toISOString()}, Node.js ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; background load before measuring (our server idle): ${background === undefined ? 'not measured' : `${background.toFixed(0)}% of the machine`}.`,
    ];
    const out = (text: string) => {
      console.log(text);
      md.push(text);
    };
    const targetsApply = kind === 'postgres';
    if (background !== undefined && background > 10) {
      out(
        `\n!!! Other processes kept ${background.toFixed(0)}% of this machine busy before measuring (our server idle): every figure below, the ceiling included, is lower than on a quiet machine.`,
      );
    }
    out(
      `\n${resultsTable(`${title}, ${datasetTitle(ready)}: ${settings.seconds} s per scenario`, rows, targetsApply)}\n`,
    );
    const failures = rows.filter((r) => r.non2xx || r.errors || r.timeouts || r.requestsTotal === 0);
    for (const r of failures) {
      if (r.requestsTotal === 0)
        out(`!!! ${title} ${r.label}: not one response completed in ${settings.seconds} s; raise BENCH_SECONDS.`);
      if (r.non2xx || r.errors || r.timeouts)
        out(
          `!!! ${title} ${r.label}: ${r.non2xx} non-2xx responses, ${r.errors} socket errors, ${r.timeouts} timeouts; status codes ${JSON.stringify(r.statusCodes)}`,
        );
    }
    if (failures.length) out('');
    const contaminated = rows.filter((r) => (r.cpu?.other ?? 0) > 0.2);
    if (contaminated.length) {
      out(
        `!!! Processes other than ours used CPU during: ${contaminated.map((r) => `${r.key} (${r.cpu!.other.toFixed(2)} of ${r.cpu!.cores} cores)`).join(', ')}. Those figures, and shares of a ceiling measured at another moment, are skewed; run again on a quiet machine.\n`,
      );
    }
    out(
      `Where the time went (${title}). CPU in cores, from /proc (this machine has ${cpus().length}); for PostgreSQL, the mean number of the benchmark database's connections in each state, sampled every 50 ms:\n\n${diagnosticsTable(rows, kind === 'postgres')}\n`,
    );
    if (ready.profiling)
      out(`Slowest statements per scenario (client-side time, summed over requests):\n${profileSummary(rows)}\n`);

    const outDir = path.join(root, '.bench');
    mkdirSync(outDir, { recursive: true });
    const key = scaleKey();
    const file = path.join(outDir, `results-${kind}-${key}.json`);
    const resultsDir = path.join(root, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const table = path.join(resultsDir, `${kind}-${key}.md`);
    writeFileSync(table, `${md.join('\n')}\n`);
    log(`  wrote ${path.relative(root, table)}`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          database: kind,
          at: new Date().toISOString(),
          node: process.version,
          machine: { cpus: cpus().length, model: cpus()[0]?.model },
          settings: {
            ...settings,
            adminUrl: undefined,
            idempotencyKeys: settings.idempotencyKeys,
            poolSize: kind === 'postgres' ? '20 (openDatabase default, as in production)' : undefined,
          },
          notes: {
            ceiling:
              'GET /health on the same server process (no database access): the most this machine serves through this application stack in this run.',
            server: 'A separate Node.js process on 127.0.0.1; autocannon runs in the parent process.',
            floor:
              'The floor endpoint (bench/floor.ts), registered by the bench only: a token lookup, one primary-key read and one audit insert in raw SQL through the same pool.',
            targets:
              'Issue 13, PostgreSQL: the API read at least 60% of the floor, p99 < 50 ms at 32 connections; submission at least 500/s; every staff page at most 5 ms of server CPU and p99 < 50 ms at 8 connections; a site worklist at most 10 ms of CPU; the national worklist p99 < 50 ms at 8 connections. Issue 15: the national monthly report p99 < 200 ms and the evaluation extract of every episode streamed in < 5 s, at 1 connection.',
          },
          backgroundCpuPercent: background,
          backgroundCpu: backgroundShare,
          dataset: { ...ready.dataset, title: datasetTitle(ready) },
          loaded: { ...ready.loaded, visibleIds: undefined, visible: ready.loaded.visibleIds.length },
          episodes: { ...ready.episodes, visibleOpenIds: undefined },
          results: rows.map((r) => ({ ...r, targetText: describeTarget(r.target) })),
        },
        null,
        2,
      )}\n`,
    );
    log(`  wrote ${path.relative(root, file)}`);
  } finally {
    cleanups.splice(cleanups.indexOf(cleanup), 1);
    await cleanup();
  }
}

async function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) throw new Error(`Run with the project's Node.js 24 (npm run bench), not ${process.version}`);
  console.log(
    `# Reconnect benchmark\n\n${new Date().toISOString()}, Node.js ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}. ` +
      `Server in its own process on 127.0.0.1, autocannon in this one. Idempotency-Key on submissions: ${settings.idempotencyKeys ? 'yes' : 'no'}.`,
  );
  for (const kind of kinds) await benchmark(kind);
  compare();
}

function savedResults(kind: Kind, key: string): SavedResults | undefined {
  const file = path.join(root, '.bench', `results-${kind}-${key}.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SavedResults;
}

/**
 * Issue 13's two comparisons, from the results files of this run and earlier ones (each says when it was
 * measured): the national data set against the 10k one (at most 1.5× the CPU and p99), and PGlite against
 * PostgreSQL on the staff pages (at most 3×). Printed and written to bench/results/comparison-<data set>.md.
 */
function compare() {
  const nationalKey = `national${factor < 1 ? `-x${factor}` : ''}`;
  const tables: string[] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    const small = savedResults(kind, '10k');
    const large = savedResults(kind, nationalKey);
    if (small && large)
      tables.push(
        comparisonTable(
          `${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: the national data set against the 10k one`,
          small,
          large,
          SCALE_RATIO,
        ),
      );
  }
  const key = scaleKey();
  const pgResults = savedResults('postgres', key);
  const pgliteResults = savedResults('pglite', key);
  if (pgResults && pgliteResults)
    tables.push(
      comparisonTable(
        `PGlite against PostgreSQL on the staff pages (${key})`,
        pgResults,
        pgliteResults,
        DATABASE_RATIO,
        (r) => r.target.maxCpuMs !== undefined,
      ),
    );
  if (!tables.length) return;
  const text = tables.join('\n\n');
  console.log(`\n${text}\n`);
  const file = path.join(root, 'bench', 'results', `comparison-${key}.md`);
  writeFileSync(file, `# Reconnect benchmark: comparisons\n\n${text}\n`);
  log(`wrote ${path.relative(root, file)}`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal}: stopping the server and removing the benchmark database…`);
    void Promise.allSettled(
      cleanups.map(async (c) => {
        await c();
      }),
    ).then(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error('\nThe benchmark failed:', error instanceof Error ? error.message : error);
    await Promise.allSettled(
      cleanups.map(async (c) => {
        await c();
      }),
    );
    process.exit(1);
  },
);
