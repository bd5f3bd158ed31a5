// Counts every SQL statement the benchmark's server process sends through the application's database client,
// on both drivers, without touching application code: node-postgres' Client#query (the pool's clients), and
// PGlite's query, exec and transaction (whose BEGIN and COMMIT it issues itself, and whose transaction
// handle is a plain object). Always on in bench/server.ts: a counter costs nothing next to a round trip.
//
// The audit sealer runs in the same process on a timer; its statements are the cost of the audit events
// already written, not of the request being measured, so they are counted apart (`background`): code run
// inside `asBackground()` (and every timer it starts) is tagged through AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const context = new AsyncLocalStorage<'background'>();
const BACKGROUND = Symbol('bench: checked out by background work');
const counts = { foreground: 0, background: 0, transactions: 0 };

function count(text: unknown, background = context.getStore() === 'background') {
  if (background) {
    counts.background++;
    return;
  }
  counts.foreground++;
  if (typeof text === 'string' && /^\s*begin\b/i.test(text)) counts.transactions++;
}

function textOf(arg: unknown): unknown {
  return typeof arg === 'string' ? arg : (arg as { text?: unknown } | null)?.text;
}

let installed = false;

export function installStatementCounter(): void {
  if (installed) return;
  installed = true;
  // node-postgres: a pooled client is handed over in callbacks whose async context is whoever released it,
  // so a client is tagged when it is checked out (Pool#connect runs in the caller's context, and Pool#query
  // calls it synchronously), and each statement is counted by the tag of the client that sends it.
  type Tagged = { [BACKGROUND]?: boolean };
  const pool = pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = pool.connect;
  pool.connect = function taggedConnect(this: unknown, ...args: unknown[]) {
    const background = context.getStore() === 'background';
    const tag = (client: unknown) => {
      if (client) (client as Tagged)[BACKGROUND] = background;
      return client;
    };
    const callback = args[0];
    if (typeof callback === 'function')
      return connect.call(this, (error: unknown, client: unknown, release: unknown) => {
        (callback as (...a: unknown[]) => void)(error, tag(client), release);
      });
    return (connect.apply(this, args) as Promise<unknown>).then(tag);
  };
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const pgQuery = client.query;
  client.query = function countedQuery(this: Tagged, ...args: unknown[]) {
    count(textOf(args[0]), this[BACKGROUND] ?? context.getStore() === 'background');
    return pgQuery.apply(this, args);
  };

  type Fn = (...args: unknown[]) => Promise<unknown>;
  const proto = PGlite.prototype as unknown as { query: Fn; exec: Fn; transaction: Fn };
  const { query, exec, transaction } = proto;
  proto.query = function countedQuery(this: unknown, ...args: unknown[]) {
    count(args[0]);
    return query.apply(this, args);
  };
  proto.exec = function countedExec(this: unknown, ...args: unknown[]) {
    count(args[0]);
    return exec.apply(this, args);
  };
  proto.transaction = function countedTransaction(this: unknown, ...args: unknown[]) {
    const callback = args[0] as (tx: Record<string, unknown>) => Promise<unknown>;
    count('BEGIN');
    // PGlite runs the callback once its queue reaches it, in the context of whatever came before: bound here
    // to the caller's, so the statements inside are counted as the caller's.
    return transaction.call(
      this,
      AsyncLocalStorage.bind(async (tx: Record<string, Fn>) => {
        const counted = Object.create(tx) as Record<string, Fn>;
        for (const name of ['query', 'sql', 'exec'] as const) {
          const original = tx[name]!;
          counted[name] = (...a: unknown[]) => {
            count(name === 'sql' ? 'sql' : a[0]);
            return original(...a);
          };
        }
        try {
          return await callback(counted);
        } finally {
          count('COMMIT'); // or the ROLLBACK PGlite sends instead: one statement either way
        }
      }),
    );
  };
}

/** Runs `fn` (and every timer and promise it starts) as background work: its statements are counted apart. */
export function asBackground<T>(fn: () => T): T {
  return context.run('background', fn);
}

export interface StatementCounts {
  /** Statements sent for the requests measured (BEGIN and COMMIT included: each is a round trip). */
  statements: number;
  /** How many of those opened a transaction. */
  transactions: number;
  /** Statements of the audit sealer in the same interval. */
  background: number;
}

export function resetStatementCounts(): void {
  counts.foreground = 0;
  counts.background = 0;
  counts.transactions = 0;
}

export function statementCounts(): StatementCounts {
  return { statements: counts.foreground, transactions: counts.transactions, background: counts.background };
}
