// What the machine and PostgreSQL were doing during a scenario: total CPU (from /proc/stat), and a
// sampling of pg_stat_activity that shows where the database connections spent their time.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

export interface CpuMark {
  busy: number;
  total: number;
  cores: number;
  postgres: number;
  server: number;
  self: number;
}

function readStatTicks(pid: string): { comm: string; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * Clock ticks from /proc: the whole machine, every PostgreSQL process (the server is local), the server
 * process and this one (autocannon). Undefined where /proc is not there (not Linux).
 */
export function machineCpu(serverPid?: number): CpuMark | undefined {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const fields = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    const cores = lines.filter((l) => /^cpu\d/.test(l)).length || 1;
    let postgres = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = readStatTicks(pid);
      if (stat?.comm === 'postgres') postgres += stat.ticks;
    }
    return {
      busy: total - idle,
      total,
      cores,
      postgres,
      server: serverPid ? (readStatTicks(String(serverPid))?.ticks ?? 0) : 0,
      self: readStatTicks('self')?.ticks ?? 0,
    };
  } catch {
    return undefined;
  }
}

/** Busy share of all cores between two marks, in percent of the whole machine. */
export function machineBusyPercent(from: CpuMark | undefined, to: CpuMark | undefined): number | undefined {
  if (!from || !to || to.total === from.total) return undefined;
  return ((to.busy - from.busy) / (to.total - from.total)) * 100;
}

/** Who used the CPU between two marks, in cores (the machine has `cores` of them). */
export interface CpuShare {
  cores: number;
  server: number;
  loadGenerator: number;
  postgres: number;
  other: number;
  idle: number;
}

export function cpuShare(from: CpuMark | undefined, to: CpuMark | undefined): CpuShare | undefined {
  if (!from || !to || to.total === from.total) return undefined;
  const wallTicks = (to.total - from.total) / to.cores;
  const inCores = (ticks: number) => Math.max(0, ticks / wallTicks);
  const busy = inCores(to.busy - from.busy);
  const server = inCores(to.server - from.server);
  const loadGenerator = inCores(to.self - from.self);
  const postgres = inCores(to.postgres - from.postgres);
  return {
    cores: to.cores,
    server,
    loadGenerator,
    postgres,
    other: Math.max(0, busy - server - loadGenerator - postgres),
    idle: Math.max(0, to.cores - busy),
  };
}

/** Mean number of the database's backends in each state, over samples taken every `everyMs`. */
export interface ActivitySummary {
  samples: number;
  mean: Record<string, number>;
  /**
   * CPU time of this database's own backends (the application's connections, not the sampler's, not other
   * databases' on a shared server) over the interval, in ms, from /proc/<pid>/stat; undefined without /proc.
   */
  backendCpuMs: number | undefined;
  backends: number;
}

/** user + system clock ticks of one process, or undefined when it is gone (or there is no /proc). */
export function processTicks(pid: number): number | undefined {
  return readStatTicks(String(pid))?.ticks;
}

let ticksPerSecond: number | undefined;
/** USER_HZ: 100 on every Linux the project runs on; `getconf CLK_TCK` where it differs. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) ticksPerSecond = Number(process.env.BENCH_CLK_TCK ?? '100');
  return ticksPerSecond;
}

function category(state: string | null, waitType: string | null, wait: string | null): string {
  if (state === 'idle') return 'idle';
  if (state === 'idle in transaction') return 'idle in transaction (waiting for the app)';
  if (state !== 'active') return state ?? 'unknown';
  if (!waitType) return 'running (CPU)';
  if (waitType === 'Lock' && wait === 'advisory') return 'waiting: advisory lock';
  if (waitType === 'Lock') return `waiting: lock ${wait}`;
  if (wait === 'WALSync' || wait === 'WALWrite' || wait === 'WALWriteLock' || wait === 'WalSync')
    return 'waiting: WAL flush (commit)';
  return `waiting: ${waitType}/${wait}`;
}

export class ActivitySampler {
  private client: pg.Client;
  private timer: NodeJS.Timeout | undefined;
  private counts = new Map<string, number>();
  private samples = 0;
  private busy = false;
  /** Per backend pid: its ticks when the interval began (0 for one that started during it), and the last read. */
  private ticks = new Map<number, { from: number; last: number }>();
  private procAvailable = true;

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  private async backendPids(): Promise<number[]> {
    const { rows } = await this.client.query<{ pid: number }>(
      `select pid from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    return rows.map((r) => r.pid);
  }

  private track(pid: number, baseline: boolean) {
    const now = processTicks(pid);
    if (now === undefined) {
      if (baseline) this.procAvailable = false;
      return;
    }
    const seen = this.ticks.get(pid);
    if (seen) seen.last = now;
    else this.ticks.set(pid, { from: baseline ? now : 0, last: now });
  }

  async start(everyMs = 50): Promise<void> {
    this.counts.clear();
    this.samples = 0;
    this.ticks.clear();
    this.procAvailable = true;
    for (const pid of await this.backendPids()) this.track(pid, true);
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  private pending: Promise<void> = Promise.resolve();

  private sample(): Promise<void> {
    if (this.busy) return this.pending;
    this.pending = this.takeSample();
    return this.pending;
  }

  private async takeSample() {
    this.busy = true;
    try {
      const { rows } = await this.client.query<{
        state: string | null;
        wait_event_type: string | null;
        wait_event: string | null;
        pid: number;
      }>(
        `select pid, state, wait_event_type, wait_event from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      this.samples++;
      for (const r of rows) {
        this.track(r.pid, false);
        const key = category(r.state, r.wait_event_type, r.wait_event);
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    } catch {
      // A missed sample only makes the summary coarser.
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<ActivitySummary> {
    if (this.timer) clearInterval(this.timer);
    // One query at a time on the sampler's connection: let a sample in flight finish first.
    await this.pending;
    // A backend that exited since its last sample keeps its last reading (at most one interval lost).
    for (const pid of this.ticks.keys()) this.track(pid, false);
    for (const pid of await this.backendPids().catch(() => [])) this.track(pid, false);
    const mean: Record<string, number> = {};
    for (const [key, n] of [...this.counts].sort((a, b) => b[1] - a[1]))
      mean[key] = Math.round((n / Math.max(1, this.samples)) * 100) / 100;
    let ticks = 0;
    for (const t of this.ticks.values()) ticks += Math.max(0, t.last - t.from);
    return {
      samples: this.samples,
      mean,
      backendCpuMs: this.procAvailable ? (ticks / clockTicksPerSecond()) * 1000 : undefined,
      backends: this.ticks.size,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end();
  }
}
