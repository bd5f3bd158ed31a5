// Versioned migrations, applied in order on start. Several app processes may start at once against
// one PostgreSQL, so the whole run holds a transaction-scoped advisory lock.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from './client.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 72_410_001;

/**
 * Holds the migration lock until the end of the transaction `tx` runs in: what runs once per database on
 * start (migrations, loading the built-in sites) runs one process at a time.
 */
export async function holdMigrationLock(tx: Pick<Tx, 'execute'>): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** `before` stops short of that migration (tests of what a migration does to the data before it). */
export async function migrate(db: Db, options: { before?: string } = {}): Promise<string[]> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
  const sorted = [...journal.entries].sort((a, b) => a.idx - b.idx);
  const stop = sorted.findIndex((e) => e.tag === options.before);
  const entries = stop < 0 ? sorted : sorted.slice(0, stop);
  return db.transaction(async (tx) => {
    await holdMigrationLock(tx);
    await tx.execute(sql`create table if not exists schema_migrations (
      tag text primary key, applied_at timestamptz not null default now())`);
    const done = rowsOf<{ tag: string }>(await tx.execute(sql`select tag from schema_migrations`));
    const applied = new Set(done.map((r) => r.tag));
    const ran: string[] = [];
    for (const { tag } of entries) {
      if (applied.has(tag)) continue;
      const text = await readFile(path.join(MIGRATIONS_DIR, `${tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`insert into schema_migrations (tag) values (${tag})`);
      ran.push(tag);
    }
    return ran;
  });
}
