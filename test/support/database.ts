// The same suite on both databases: PGlite in memory by default; with DATABASE_URL, each test file gets
// a fresh PostgreSQL database of its own (created here, dropped when the file is done).
// `openMigratedTestDatabase` starts from the template test/support/globalSetup.ts migrated once for the run.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';

/** An empty database (no tables): for tests of migrating, restoring and the like. */
export function openTestDatabase(): Promise<Database> {
  return openFresh(undefined);
}

/**
 * A database already migrated, copied from the run's template; migrating it again is a no-op. Without a
 * template (a run without the global setup) it is an empty one, which the app migrates as it starts.
 */
export async function openMigratedTestDatabase(): Promise<Database> {
  const template = inject('migratedTemplate');
  if (template && 'pgliteTarball' in template && !process.env.DATABASE_URL)
    return openDatabase({ loadDataDir: new Blob([await readFile(template.pgliteTarball)]) });
  return openFresh(template && 'postgresTemplate' in template ? template.postgresTemplate : undefined);
}

async function openFresh(template: string | undefined): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({});
  const name = `reconnect_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: testUrl.toString(), poolSize: 10 });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
