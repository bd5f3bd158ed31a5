// Opt-in (BENCH_PROFILE=1) query timing inside the benchmark's server process, for PostgreSQL only: wraps
// node-postgres' Client#query and Pool#connect, so it measures what the application waits for (round
// trip, server time, lock waits) without touching application code. pg_stat_statements would be the
// tool of choice, but it needs shared_preload_libraries, i.e. a restart of a shared server.
// Also measures how long each transaction holds a transaction-scoped advisory lock (the audit sealer's,
// the migrations'): from the moment `pg_(try_)advisory_xact_lock` returns until COMMIT/ROLLBACK returns.
// Such a section is serialised across the whole application: its mean length bounds the throughput
// of everything that takes the lock.
import pg from 'pg';

interface Stat {
  count: number;
  totalMs: number;
  maxMs: number;
}
type Callback = (...args: unknown[]) => void;

const statements = new Map<string, Stat>();
const lockHold: Stat = { count: 0, totalMs: 0, maxMs: 0 };
const poolWait: Stat = { count: 0, totalMs: 0, maxMs: 0 };
const lockTaken = new WeakMap<object, number>();

function add(stat: Stat, ms: number) {
  stat.count++;
  stat.totalMs += ms;
  if (ms > stat.maxMs) stat.maxMs = ms;
}

function textOf(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  const text = (arg as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '(unknown)';
}

function finished(client: object, text: string, ms: number) {
  // Array literals inlined into the text (the audit sealer's UPDATE) would make every statement unique.
  const key = text
    .replace(/\s+/g, ' ')
    .replace(/'\{[^}]*\}'/g, "'{…}'")
    .trim();
  let stat = statements.get(key);
  if (!stat) statements.set(key, (stat = { count: 0, totalMs: 0, maxMs: 0 }));
  add(stat, ms);
  const lower = key.toLowerCase();
  if (/pg_(try_)?advisory_xact_lock/.test(lower)) lockTaken.set(client, performance.now());
  else if (lower === 'commit' || lower === 'rollback') {
    const taken = lockTaken.get(client);
    if (taken !== undefined) {
      add(lockHold, performance.now() - taken);
      lockTaken.delete(client);
    }
  }
}

export function installPgProfiler(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function profiledQuery(this: object, ...args: unknown[]) {
    const text = textOf(args[0]);
    const started = performance.now();
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        finished(this, text, performance.now() - started);
        (last as Callback)(...cbArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => {
          finished(this, text, performance.now() - started);
        },
        () => {
          finished(this, text, performance.now() - started);
        },
      );
    }
    return result;
  };
  const poolProto = pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = poolProto.connect;
  poolProto.connect = function profiledConnect(this: object, ...args: unknown[]) {
    const started = performance.now();
    const last = args[0];
    if (typeof last === 'function') {
      return connect.call(this, (...cbArgs: unknown[]) => {
        add(poolWait, performance.now() - started);
        (last as Callback)(...cbArgs);
      });
    }
    const result = connect.apply(this, args) as Promise<unknown>;
    result.then(
      () => {
        add(poolWait, performance.now() - started);
      },
      () => undefined,
    );
    return result;
  };
}

export interface ProfileReport {
  statements: { sql: string; count: number; totalMs: number; meanMs: number; maxMs: number }[];
  advisoryLockHold: { count: number; meanMs: number; maxMs: number; totalMs: number };
  poolCheckout: { count: number; meanMs: number; maxMs: number };
}

export function resetProfile(): void {
  statements.clear();
  for (const s of [lockHold, poolWait]) Object.assign(s, { count: 0, totalMs: 0, maxMs: 0 });
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function profileReport(): ProfileReport {
  return {
    statements: [...statements]
      .map(([sql, s]) => ({
        sql: sql.slice(0, 400),
        count: s.count,
        totalMs: round(s.totalMs),
        meanMs: round(s.totalMs / s.count),
        maxMs: round(s.maxMs),
      }))
      .sort((a, b) => b.totalMs - a.totalMs),
    advisoryLockHold: {
      count: lockHold.count,
      totalMs: round(lockHold.totalMs),
      meanMs: round(lockHold.count ? lockHold.totalMs / lockHold.count : 0),
      maxMs: round(lockHold.maxMs),
    },
    poolCheckout: {
      count: poolWait.count,
      meanMs: round(poolWait.count ? poolWait.totalMs / poolWait.count : 0),
      maxMs: round(poolWait.maxMs),
    },
  };
}
