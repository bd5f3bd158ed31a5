// pg-boss on either driver. On PostgreSQL it opens its own small pool from the same connection string, so
// its polling never waits behind (or starves) the request pool. On PGlite there is one in-process database
// that runs one query at a time, so pg-boss is given an `executeSql` over that same instance.
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../db/client.ts';

export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * pg-boss sends two kinds of SQL: single statements with `$n` values (PGlite's `query`, the extended
 * protocol), and value-less scripts of several statements, some wrapped in their own `BEGIN; … COMMIT;`
 * (its schema creation, migrations, maintenance), which only `exec` (the simple protocol) runs. A script
 * that fails half-way would leave PGlite's one session in an aborted transaction for every later query, so
 * each script runs inside PGlite's `transaction`, which rolls back under its exclusive lock when it throws;
 * an inner `COMMIT` ends that transaction early and the wrapper's own `COMMIT` is then a harmless no-op.
 * A script's results come back as node-postgres returns them: one result, or an array for several.
 */
export function pgliteExecutor(client: PGlite): PgBossDb {
  return {
    async executeSql(text, values) {
      if (values?.length) return client.query(text, values);
      const results = await client.transaction((tx) => tx.exec(text));
      return results.length === 1 ? results[0] : results;
    },
  };
}

/** The PGlite instance or pool behind the application's Drizzle handle. */
function clientOf(database: Database): unknown {
  return (database.db as unknown as { $client: unknown }).$client;
}

/** pg-boss's connection settings for this database. */
export function pgBossConnection(database: Database): { db: PgBossDb } | { connectionString: string; max: number } {
  if (database.kind === 'pglite') return { db: pgliteExecutor(clientOf(database) as PGlite) };
  const { connectionString } = (clientOf(database) as { options: { connectionString?: string } }).options;
  if (!connectionString) throw new Error('pg-boss needs the database connection string');
  return { connectionString, max: 4 };
}
