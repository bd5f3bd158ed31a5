// Backup and restore round trip: data, users and the audit chain survive, on either database and across them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { openTestDatabase } from '../../test/support/database.ts';
import { openDatabase, rowsOf, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { auditEvents, referrals, users } from '../db/schema.ts';
import { eventHash, GENESIS_HASH, recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { verifyAuditChain } from '../audit/chain.ts';
import { userIdForToken } from '../auth/apiTokens.ts';
import { backup, DERIVED_TABLES, restore, TABLES } from './backup.ts';
import { SITES, anAcceptedReferral, aReferral, aReferralBody, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
const dir = mkdtempSync(path.join(tmpdir(), 'reconnect-backup-'));
const file = path.join(dir, 'backup.jsonl.gz');

async function counts(db: Database['db']) {
  const [[r], [u], [a]] = await Promise.all([
    db.select({ n: count() }).from(referrals),
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(auditEvents),
  ]);
  return { referrals: r!.n, users: u!.n, audit: a!.n };
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  const practitioner = await staffAt(t, SITES.hampshire);
  for (let i = 0; i < 5; i++) {
    if (i % 2) await anAcceptedReferral(t, { referrer, screener: practitioner }, SITES.hampshire, { seed: i });
    else await aReferral(t, referrer, SITES.hampshire, { seed: i });
  }
  await backup(t.services.db, file);
});
afterAll(() => t.close());

async function restoreInto(database: Database) {
  await migrate(database.db);
  await restore(database.db, file);
  return database;
}

describe('backup and restore', () => {
  it('covers every table but those the database derives', async () => {
    const tables = rowsOf<{ name: string }>(
      await t.services.db.execute(sql`select tablename as name from pg_tables where schemaname = 'public'`),
    ).map((r) => r.name);
    expect([...TABLES, ...DERIVED_TABLES].sort()).toEqual(tables.sort());
  });

  it('restores every row, users can still use their tokens, and the audit chain verifies', async () => {
    const target = await restoreInto(await openTestDatabase());
    try {
      expect(await counts(target.db)).toEqual(await counts(t.services.db));
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true });
      expect(await userIdForToken(target.db, referrer.token)).toBe(referrer.viewer.id);
      // The restored database keeps working: the next audit event chains on, the next reference follows.
      const next = await t.api(referrer.token, {
        method: 'POST',
        url: '/api/v1/referrals',
        payload: aReferralBody(t, SITES.hampshire, { seed: 99 }),
      });
      expect(next.statusCode).toBe(201);
    } finally {
      await target.close();
    }
  });

  it('restores a backup of one kind of database into the other kind', async () => {
    // With DATABASE_URL the source above was PostgreSQL and this target is PGlite; without it, both are PGlite.
    const target = await restoreInto(await openDatabase({}));
    try {
      expect((await counts(target.db)).referrals).toBe(5);
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true });
    } finally {
      await target.close();
    }
  });

  it('refuses to restore into a database that already holds data', async () => {
    await expect(restore(t.services.db, file)).rejects.toThrow(/empty database/);
  });
});

describe('a backup made before the audit chain was keyed (migration 0017)', () => {
  it('restores with its events as version 1, verifies, and new events chain on keyed', async () => {
    let prev = GENESIS_HASH;
    const rows = [1, 2, 3].map((i) => {
      const e = {
        id: i,
        at: new Date(Date.UTC(2026, 9, i)),
        actorId: null,
        actorLabel: 'before',
        action: 'test.legacy',
        recordType: null,
        recordId: String(i),
        details: '{}',
      };
      const hash = eventHash(prev, e);
      const row = { ...e, at: e.at.toISOString(), chain_seq: i, prev_hash: prev, hash };
      prev = hash;
      return {
        id: row.id,
        at: row.at,
        actor_id: null,
        actor_label: row.actorLabel,
        action: row.action,
        record_type: null,
        record_id: row.recordId,
        details: row.details,
        chain_seq: row.chain_seq,
        prev_hash: row.prev_hash,
        hash: row.hash,
      };
    });
    const old = path.join(dir, 'before-0017.jsonl.gz');
    const tables = TABLES.filter((name) => name !== 'audit_chain_legacy');
    writeFileSync(
      old,
      gzipSync(
        [
          { format: 'reconnect-backup', version: 1, createdAt: new Date().toISOString(), tables },
          { table: 'audit_events', rows },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n'),
      ),
    );
    const target = await openTestDatabase();
    try {
      await migrate(target.db);
      await restore(target.db, old);
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, count: 3 });
      await target.db.transaction((tx) => recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.after' }, new Date()));
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, count: 4 });
    } finally {
      await target.close();
    }
  });
});
