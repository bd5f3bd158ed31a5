// Two drivers, one schema: PGlite embedded in RECONNECT_DATA_DIR (the default, and the test default),
// node-postgres when DATABASE_URL is set (production: stateless app processes on one PostgreSQL).
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; repositories accept either so a service can compose them in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** A directory for PGlite; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** For PGlite, a data directory dumped by `dumpDataDir()` to start from (the tests' migrated template). */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    // JIT off for the app's sessions: its statements are short indexed reads, and PostgreSQL's JIT
    // (on when a plan's estimated cost passes jit_above_cost, 100,000 by default) compiled the caseload's
    // page query on every request: 24 ms of compilation for 14 ms of execution (EXPLAIN ANALYZE on the
    // 10k bench). "JIT compilation is beneficial primarily for long-running CPU-bound queries"
    // (PostgreSQL docs, 32.2 "When to JIT?"). A `?options=` in DATABASE_URL still overrides this.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      options: '-c jit=off',
    });
    // An idle client's network error must not crash the process; the pool replaces the client.
    pool.on('error', () => undefined);
    const db = drizzlePostgres(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  // pg_trgm: the trigram index behind search by name (search/repository.ts), as on PostgreSQL.
  const extensions = { pg_trgm };
  const client = await PGlite.create({
    extensions,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}

/** Raw `execute` results: both drivers answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
