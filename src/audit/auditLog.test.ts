// The audit trail against a real database: hash-chained, append-only (a database trigger), and any edit
// or removal found by verifyAuditChain, naming the first event that no longer fits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.ts';
import type { Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { auditEvents } from '../db/schema.ts';
import { eventHash, GENESIS_HASH, recordAudit, sealAll, SYSTEM_ACTOR, verifyAuditChain } from './auditLog.ts';

let database: Database;
const at = new Date('2026-11-10T09:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  await migrate(database.db);
});
afterAll(() => database.close());
// Each test starts from an empty trail (emptying it takes the owner's privilege, like tampering does).
beforeEach(() => tamper(sql`truncate audit_events restart identity`));

async function append(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await database.db.transaction((tx) =>
      recordAudit(
        tx,
        {
          actor: { id: null, label: `tester ${i}` },
          action: 'test.event',
          recordType: 'thing',
          recordId: `thing-${i}`,
          details: { i, note: 'ünïcode ✓' },
        },
        new Date(at.getTime() + i * 1000),
      ),
    );
  }
  await sealAll(database.db);
}

const events = () => database.db.select().from(auditEvents).orderBy(asc(auditEvents.id));

/** What only a database owner can do: switch the append-only trigger off, change the table, switch it on. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_events enable trigger user`);
  });
}

describe('recordAudit', () => {
  it('chains each event to the one before it, starting from the genesis hash of 64 zeros', async () => {
    await append(3);
    const [first, second, third] = await events();
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.prevHash).toBe(first!.hash);
    expect(third!.prevHash).toBe(second!.hash);
    for (const e of [first!, second!, third!]) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(eventHash(e.prevHash!, e)).toBe(e.hash);
    }
    expect(JSON.parse(third!.details)).toEqual({ i: 2, note: 'ünïcode ✓' });
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 3 });
  });

  it('verifies an empty trail as whole, and a long one across pages', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 0 });
    await append(7);
    expect(await verifyAuditChain(database.db, 3)).toEqual({ ok: true, count: 7 });
  });

  it('keeps the chain whole when 20 transactions append at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction((tx) =>
          recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.concurrent', recordId: String(i) }, at),
        ),
      ),
    );
    await sealAll(database.db);
    const all = await events();
    expect(all).toHaveLength(20);
    expect(new Set(all.map((e) => e.prevHash)).size).toBe(20);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 20 });
  });

  it('writes nothing when the transaction it belongs to rolls back', async () => {
    await append(1);
    await expect(
      database.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.rolled_back' }, at);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await events()).toHaveLength(1);
    await append(1);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 2 });
  });
});

describe('the trail is append-only', () => {
  it.each([
    ['UPDATE', sql`update audit_events set action = 'test.rewritten'`],
    ['DELETE', sql`delete from audit_events`],
    ['TRUNCATE', sql`truncate audit_events`],
  ])('the database refuses %s', async (_what, statement) => {
    await append(2);
    const before = await events();
    await expect(database.db.execute(statement)).rejects.toThrow();
    expect(await events()).toEqual(before);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 2 });
  });

  it('says why it refused', async () => {
    await append(1);
    const error = await database.db.execute(sql`delete from audit_events`).then(
      () => undefined,
      (e: unknown) => e,
    );
    const messages = [error, (error as { cause?: unknown }).cause].map((e) => (e instanceof Error ? e.message : ''));
    expect(messages.join(' ')).toContain('audit_events is append-only');
  });
});

describe('verifyAuditChain finds tampering', () => {
  type Row = typeof auditEvents.$inferSelect;
  it.each([
    [
      'an edited event',
      2,
      2,
      1,
      /contents do not match its hash \(it was changed\)/,
      (e: Row) => sql`update audit_events set details = '{"i":99}' where id = ${e.id}`,
    ],
    [
      'an edited event whose hash was recomputed to match',
      2,
      3,
      2,
      /does not follow the event before it/,
      (e: Row) =>
        sql`update audit_events set action = 'test.forged', hash = ${eventHash(e.prevHash!, { ...e, action: 'test.forged' })} where id = ${e.id}`,
    ],
    [
      'a removed event',
      2,
      3,
      1,
      /does not follow the event before it \(an event was removed or reordered\)/,
      (e: Row) => sql`delete from audit_events where id = ${e.id}`,
    ],
    [
      'a forged first event',
      1,
      1,
      0,
      /does not follow/,
      (e: Row) => sql`update audit_events set prev_hash = ${'1'.repeat(64)} where id = ${e.id}`,
    ],
  ])(
    '%s: names the first event that no longer fits',
    async (_what, tampered, broken, verifiedBefore, problem, statement) => {
      await append(4);
      const rows = await events();
      await tamper(statement(rows[tampered - 1]!));
      const verdict = await verifyAuditChain(database.db);
      expect(verdict).toMatchObject({ ok: false, brokenEventId: rows[broken - 1]!.id, count: verifiedBefore });
      expect(verdict.ok ? '' : verdict.problem).toMatch(problem);
    },
  );
});
