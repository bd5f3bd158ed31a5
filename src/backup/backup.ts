// `reconnect backup FILE` / `reconnect restore FILE`: a consistent, portable copy of everything.
// The backup is logical (gzipped JSON lines, one table at a time, read in one REPEATABLE READ snapshot),
// so a backup of the embedded database restores into PostgreSQL and the other way round. PostgreSQL's
// own JSON casts carry every value both ways (json_agg out, json_populate_recordset in), so timestamps,
// dates and JSON round-trip exactly and the audit chain still verifies after a restore.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../db/client.ts';

/** Parents before children, so a restore satisfies every foreign key as it goes. */
export const TABLES = [
  'schema_migrations',
  'sites',
  'site_policies',
  'users',
  'user_sites',
  'sessions',
  'form_stashes',
  'user_team_choices',
  'api_tokens',
  'recovery_codes',
  'people',
  'referrals',
  'information_requests',
  'timeline_events',
  'referral_drafts',
  'idempotency_keys',
  'access_grants',
  'notifications',
  'episodes',
  'episode_events',
  'contacts',
  'episode_co_workers',
  'assessments',
  'formulations',
  'plan_goals',
  'plan_actions',
  'plan_reviews',
  'release_plans',
  'handovers',
  'partners',
  'network_members',
  'sharing_consents',
  'information_sharing',
  'partner_notes',
  'meetings',
  'meeting_actions',
  'episode_outcomes',
  'outcome_measures',
  'case_studies',
  'worklist_notices',
  'email_outbox',
  'audit_chain_legacy',
  'audit_events',
] as const;
/**
 * Tables not backed up, since the database derives them: each episode's state version and whether it is open
 * (migration 0028) are made again by its triggers as the episodes and what they hold are restored.
 */
export const DERIVED_TABLES = ['episode_states'] as const;
/** bigserial columns whose sequences must continue after the restored ids. */
const SERIALS: Record<string, string> = { timeline_events: 'id', episode_events: 'id', audit_events: 'id' };
const SEQUENCES = ['referral_reference_seq'];
const PAGE = 1000;

interface Header {
  format: 'reconnect-backup';
  version: 1;
  createdAt: string;
  tables: readonly string[];
}
type Line = Header | { table: string; rows: unknown[] } | { sequence: string; value: string };

export interface Progress {
  start(total: number): void;
  increment(by: number): void;
  stop(): void;
}

async function countRows(tx: Queryable, table: string): Promise<number> {
  const [row] = rowsOf<{ n: string }>(await tx.execute(sql.raw(`select count(*)::text as n from "${table}"`)));
  return Number(row?.n ?? 0);
}

export async function backup(db: Db, file: string, progress?: Progress): Promise<Record<string, number>> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: Line) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const totals = await Promise.all(TABLES.map((t) => countRows(tx, t)));
    progress?.start(totals.reduce((a, b) => a + b, 0));
    await write({ format: 'reconnect-backup', version: 1, createdAt: new Date().toISOString(), tables: TABLES });
    for (const table of TABLES) {
      counts[table] = 0;
      for (let offset = 0; ; offset += PAGE) {
        const [page] = rowsOf<{ rows: unknown[] | null }>(
          await tx.execute(
            sql.raw(
              `select json_agg(t) as rows from (select * from "${table}" order by 1 limit ${PAGE} offset ${offset}) t`,
            ),
          ),
        );
        const rows = page?.rows ?? [];
        if (!rows.length) break;
        await write({ table, rows });
        counts[table] += rows.length;
        progress?.increment(rows.length);
      }
    }
    for (const sequence of SEQUENCES) {
      const [row] = rowsOf<{ value: string }>(
        await tx.execute(sql.raw(`select last_value::text as value from ${sequence}`)),
      );
      if (row) await write({ sequence, value: row.value });
    }
  });
  progress?.stop();
  gzip.end();
  await once(out, 'finish');
  return counts;
}

/** Restores into a database that has been migrated and holds no data yet. */
export async function restore(db: Db, file: string, progress?: Progress): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const table of TABLES) {
      if (table === 'schema_migrations') continue;
      if (await countRows(tx, table))
        throw new Error(`Restore needs an empty database, but ${table} already has rows.`);
    }
    let header: Header | undefined;
    progress?.start(0);
    // Created only now, right before it is read: a readline interface made earlier would start emitting
    // lines while the transaction is still being opened, and lines emitted before iteration are lost.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as Line;
      if ('format' in line) {
        // The file is read from outside: its header is checked, not trusted to match the type.
        const claimed = line as { format?: unknown; version?: unknown };
        if (claimed.format !== 'reconnect-backup' || claimed.version !== 1)
          throw new Error('This file is not a Reconnect backup (version 1).');
        header = line;
      } else if (!header) {
        throw new Error('This file is not a Reconnect backup: it has no header.');
      } else if ('table' in line) {
        if (!(TABLES as readonly string[]).includes(line.table))
          throw new Error(`Unknown table in backup: ${line.table}`);
        const rows = JSON.stringify(line.rows);
        const conflict = line.table === 'schema_migrations' ? ' on conflict do nothing' : '';
        await tx.execute(
          sql`${sql.raw(`insert into "${line.table}" select * from json_populate_recordset(null::"${line.table}", `)}${rows}::json)${sql.raw(conflict)}`,
        );
        counts[line.table] = (counts[line.table] ?? 0) + line.rows.length;
        progress?.increment(line.rows.length);
      } else if (SEQUENCES.includes(line.sequence)) {
        await tx.execute(sql`select setval(${line.sequence}, ${Number(line.value)})`);
      }
    }
    if (!header) throw new Error('This file is not a Reconnect backup: it is empty.');
    // A backup from before the chain was keyed: its events are all version 1 (audit/auditLog.ts), as
    // migration 0017 would have recorded had it run on them.
    if (!header.tables.includes('audit_chain_legacy')) {
      await tx.execute(sql`alter table audit_chain_legacy disable trigger user`);
      await tx.execute(sql`insert into audit_chain_legacy (last_seq, last_event_id, recorded_at)
        select coalesce(max(chain_seq), 0), max(id), now() from audit_events having count(*) > 0`);
      await tx.execute(sql`alter table audit_chain_legacy enable trigger user`);
    }
    for (const [table, column] of Object.entries(SERIALS)) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce((select max(${column}) from "${table}"), 0) + 1, false)`,
        ),
      );
    }
  });
  progress?.stop();
  return counts;
}
