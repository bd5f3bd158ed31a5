// Migrates one template database once, so a test file copies a migrated database instead of migrating its
// own (test/support/database.ts, `openMigratedTestDatabase`). PGlite: a fresh database is migrated in memory
// and its data directory dumped to a tarball each file loads; the tarball is kept in the temporary directory
// under a hash of the migrations and PGlite's version, so later runs of the same migrations skip this step.
// PostgreSQL (DATABASE_URL): a template database for the run, each file's database created from it
// (`create database ... template ...`), dropped at the end.
// Only the schema is in the template: each app still loads the built-in sites with its own audit chain key.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory (a tarball), or the name of a migrated PostgreSQL template database. */
    migratedTemplate: { pgliteTarball: string } | { postgresTemplate: string } | undefined;
  }
}

const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));

/** The tarball's name: changes when a migration, the journal, the migrator or PGlite's version does. */
function pgliteTemplateFile(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)));
  const sqlFiles = readdirSync(MIGRATIONS).filter((name) => name.endsWith('.sql'));
  for (const name of sqlFiles.sort()) hash.update(name).update(readFileSync(path.join(MIGRATIONS, name)));
  hash.update(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json')));
  hash.update(readFileSync(path.join(MIGRATIONS, '..', 'migrate.ts')));
  return path.join(tmpdir(), `reconnect-pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

async function buildPgliteTemplate(file: string): Promise<void> {
  const database = await openDatabase({});
  try {
    await migrate(database.db);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const tarball = await client.dumpDataDir('gzip');
    // Written aside and renamed: a run starting meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await database.close();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = pgliteTemplateFile();
    if (!existsSync(file)) await buildPgliteTemplate(file);
    project.provide('migratedTemplate', { pgliteTarball: file });
    return undefined;
  }
  const name = `reconnect_template_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${name}`;
  // Every connection to the template is closed before a file copies it (PostgreSQL refuses otherwise).
  const database = await openDatabase({ databaseUrl: templateUrl.toString(), poolSize: 1 });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  project.provide('migratedTemplate', { postgresTemplate: name });
  return () => admin(`drop database if exists ${name} with (force)`);
}
