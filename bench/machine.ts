// What the machine and PostgreSQL were doing during a scenario: total CPU (from /proc/stat), and a
// sampling of pg_stat_activity that shows where the database connections spent their time.
import { readFileSync } from 'node:fs';
import pg from 'pg';

export interface CpuMark { busy: number; total: number }

export function machineCpu(): CpuMark | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Busy share of all cores between two marks, in percent of the whole machine. */
export function machineBusyPercent(from: CpuMark | undefined, to: CpuMark | undefined): number | undefined {
  if (!from || !to || to.total === from.total) return undefined;
  return ((to.busy - from.busy) / (to.total - from.total)) * 100;
}

/** Mean number of the database's backends in each state, over samples taken every `everyMs`. */
export interface ActivitySummary { samples: number; mean: Record<string, number> }

function category(state: string | null, waitType: string | null, wait: string | null): string {
  if (state === 'idle') return 'idle';
  if (state === 'idle in transaction') return 'idle in transaction (waiting for the app)';
  if (state !== 'active') return state ?? 'unknown';
  if (!waitType) return 'running (CPU)';
  if (waitType === 'Lock' && wait === 'advisory') return 'waiting: advisory lock (audit chain)';
  if (waitType === 'Lock') return `waiting: lock ${wait}`;
  if (wait === 'WALSync' || wait === 'WALWrite' || wait === 'WALWriteLock' || wait === 'WalSync') return 'waiting: WAL flush (commit)';
  return `waiting: ${waitType}/${wait}`;
}

export class ActivitySampler {
  private client: pg.Client;
  private timer: NodeJS.Timeout | undefined;
  private counts = new Map<string, number>();
  private samples = 0;
  private busy = false;

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  start(everyMs = 50): void {
    this.counts.clear();
    this.samples = 0;
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  private async sample() {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ state: string | null; wait_event_type: string | null; wait_event: string | null }>(
        `select state, wait_event_type, wait_event from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`);
      this.samples++;
      for (const r of rows) {
        const key = category(r.state, r.wait_event_type, r.wait_event);
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    } catch {
      // A missed sample only makes the summary coarser.
    } finally {
      this.busy = false;
    }
  }

  stop(): ActivitySummary {
    if (this.timer) clearInterval(this.timer);
    const mean: Record<string, number> = {};
    for (const [key, n] of [...this.counts].sort((a, b) => b[1] - a[1])) mean[key] = Math.round((n / Math.max(1, this.samples)) * 100) / 100;
    return { samples: this.samples, mean };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end();
  }
}
