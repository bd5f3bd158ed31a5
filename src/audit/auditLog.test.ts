// The audit trail against a real database: a keyed hash chain, append-only (a database trigger), and any
// edit, removal, recomputation without the key or direct insert found by verifyAuditChain, naming the
// first event that no longer fits (issue 14: "the audit chain can be rewritten by an insider").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.ts';
import type { Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { auditEvents } from '../db/schema.ts';
import { chainHash, entryMac, eventHash, GENESIS_HASH, recordAudit, SYSTEM_ACTOR } from './auditLog.ts';
import { sealAll, verifyAuditChain } from './chain.ts';
import { auditChainKeys, chainKeysFrom, type ChainKeys } from './chainKey.ts';
import { createAnchor, readAnchor, type AuditAnchor } from './anchor.ts';

let database: Database;
const at = new Date('2026-11-10T09:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  await migrate(database.db);
});
afterAll(() => database.close());
// Each test starts from an empty trail (emptying it takes the owner's privilege, like tampering does).
beforeEach(() => tamper(sql`truncate audit_events, audit_chain_legacy restart identity`));

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

/** What only a database owner can do: switch the append-only triggers off, change the tables, switch them on. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(sql`alter table audit_chain_legacy disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_chain_legacy enable trigger user`);
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
      expect(chainHash(auditChainKeys(), e.prevHash!, e.chainSeq!, e)).toBe(e.hash);
      expect(eventHash(e.prevHash!, e)).not.toBe(e.hash);
      expect(e.mac).toBe(entryMac(auditChainKeys(), e));
    }
    expect(JSON.parse(third!.details)).toEqual({ i: 2, note: 'ünïcode ✓' });
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 3 });
  });

  it('verifies an empty trail as whole, and a long one across pages', async () => {
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 0 });
    await append(7);
    expect(await verifyAuditChain(database.db, 3)).toMatchObject({ ok: true, count: 7 });
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
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 20 });
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
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 2 });
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
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 2 });
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
      /contents do not match its hash \(it was changed/,
      (e: Row) => sql`update audit_events set details = '{"i":99}' where id = ${e.id}`,
    ],
    [
      'an edited event whose hash was recomputed with the unkeyed hash of version 1',
      2,
      2,
      1,
      /re-hashed without the audit chain key/,
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

type Row = typeof auditEvents.$inferSelect;
const attackersKeys = chainKeysFrom('a key the attacker chose, not the deployment key');

/** Re-chains every event from the first with `keys` (and re-MACs each when `remac`), as an owner could. */
async function rechain(keys: ChainKeys, remac: boolean): Promise<void> {
  const rows = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
  let prev = GENESIS_HASH;
  let seq = 0;
  await tamper(sql`update audit_events set chain_seq = null, hash = null, prev_hash = null`);
  for (const row of rows) {
    const mac = remac ? entryMac(keys, row) : row.mac;
    const hash = chainHash(keys, prev, ++seq, { ...row, mac });
    await tamper(
      sql`update audit_events set chain_seq = ${seq}, prev_hash = ${prev}, hash = ${hash}, mac = ${mac} where id = ${row.id}`,
    );
    prev = hash;
  }
}

const problemOf = (verdict: Awaited<ReturnType<typeof verifyAuditChain>>) => (verdict.ok ? '' : verdict.problem);

describe('an insider with the database owner’s rights but not AUDIT_CHAIN_KEY', () => {
  it('turns the trigger off, deletes an event and recomputes every hash with the app’s own function: verify fails', async () => {
    await append(4);
    const rows = await events();
    await tamper(sql`delete from audit_events where id = ${rows[1]!.id}`);
    await rechain(attackersKeys, true);
    const verdict = await verifyAuditChain(database.db);
    expect(verdict).toMatchObject({ ok: false, brokenEventId: rows[0]!.id, count: 0 });
    expect(problemOf(verdict)).toMatch(/re-hashed without the audit chain key/);
  });

  it('the same with the unkeyed hash the chain used before: verify fails', async () => {
    await append(3);
    const rows = await events();
    await tamper(sql`delete from audit_events where id = ${rows[2]!.id}`);
    let prev = GENESIS_HASH;
    for (const row of rows.slice(0, 2)) {
      const hash = eventHash(prev, row);
      await tamper(sql`update audit_events set prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`);
      prev = hash;
    }
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, brokenEventId: rows[0]!.id });
  });

  it.each([
    ['no MAC', (_real: Row) => ({ nonce: null, mac: null })],
    ['a MAC made with another key', (real: Row) => ({ nonce: real.nonce, mac: entryMac(attackersKeys, real) })],
    ['another event’s MAC', (real: Row) => ({ nonce: real.nonce, mac: real.mac })],
  ])('a plain INSERT of a backdated event with %s is sealed but fails verify', async (_what, macOf) => {
    await append(3);
    const [first] = await events();
    const { nonce, mac } = macOf(first!);
    await database.db.insert(auditEvents).values({
      at: new Date('2026-01-01T00:00:00Z'),
      actorId: null,
      actorLabel: 'tester 0',
      action: 'referral.access_granted',
      recordType: 'referral',
      recordId: 'r-1',
      details: '{}',
      nonce,
      mac,
    });
    const verdict = await verifyAuditChain(database.db);
    const inserted = (await events()).at(-1)!;
    expect(inserted.hash).not.toBeNull();
    expect(verdict).toMatchObject({ ok: false, brokenEventId: inserted.id, count: 3 });
    expect(problemOf(verdict)).toMatch(/not written by Reconnect/);
  });

  it('a plain INSERT copying a real event row for row fails verify as a copy', async () => {
    await append(2);
    const [first] = await events();
    const { id: _id, chainSeq: _s, prevHash: _p, hash: _h, ...contents } = first!;
    await database.db.insert(auditEvents).values(contents);
    const verdict = await verifyAuditChain(database.db);
    const copy = (await events()).at(-1)!;
    expect(verdict).toMatchObject({ ok: false, brokenEventId: copy.id });
    expect(problemOf(verdict)).toContain(`repeats event ${first!.id}`);
  });

  it('an edited event stays found after its MAC and hash are recomputed without the key', async () => {
    await append(3);
    const rows = await events();
    await tamper(sql`update audit_events set details = '{"i":42}' where id = ${rows[1]!.id}`);
    await rechain(attackersKeys, true);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, brokenEventId: rows[0]!.id });
  });
});

describe('an anchor held outside the database', () => {
  const now = new Date('2026-11-10T10:00:00Z');
  async function anchorNow(): Promise<AuditAnchor> {
    const made = await createAnchor(database.db, now);
    if (!made.ok) throw new Error(made.problem);
    return made.anchor;
  }
  const headOf = (anchor: AuditAnchor) => {
    const read = readAnchor(JSON.stringify(anchor));
    if (!read.ok) throw new Error(read.problem);
    return read.head;
  };

  it('holds the signed head: its place (the count), hash and time; later events still verify', async () => {
    await append(3);
    const anchor = await anchorNow();
    const last = (await events()).at(-1)!;
    expect(anchor).toMatchObject({
      format: 'reconnect-audit-anchor',
      sequence: 3,
      count: 3,
      headEventId: last.id,
      headHash: last.hash,
      anchoredAt: now.toISOString(),
    });
    expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
    await append(2);
    expect(await verifyAuditChain(database.db, { anchor: headOf(anchor) })).toMatchObject({ ok: true, count: 5 });
  });

  it('an empty chain can be anchored, and a later chain verifies against it', async () => {
    const anchor = await anchorNow();
    expect(anchor).toMatchObject({ sequence: 0, count: 0, headHash: GENESIS_HASH, headEventId: null });
    await append(1);
    expect(await verifyAuditChain(database.db, { anchor: headOf(anchor) })).toMatchObject({ ok: true });
  });

  // What someone holding the key as well could do: only the anchor tells.
  it.each([
    [
      'an event deleted and the chain re-hashed with the key',
      (rows: Row[]) => sql`delete from audit_events where id = ${rows[1]!.id}`,
    ],
    [
      'an event edited and re-hashed with the key',
      (rows: Row[]) => sql`update audit_events set details = '{"i":7}' where id = ${rows[1]!.id}`,
    ],
  ])('%s: verify --anchor fails, plain verify cannot tell', async (_what, statement) => {
    await append(4);
    const anchor = await anchorNow();
    const rows = await events();
    await tamper(statement(rows));
    await rechain(auditChainKeys(), true);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    const verdict = await verifyAuditChain(database.db, { anchor: headOf(anchor) });
    expect(verdict.ok).toBe(false);
    expect(problemOf(verdict)).toMatch(/anchor/);
  });

  it('a backdated event added after the anchor, even through the app with the key, fails verify --anchor', async () => {
    await append(3);
    const anchor = await anchorNow();
    await database.db.transaction((tx) =>
      recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'referral.viewed' }, new Date('2026-10-01T00:00:00Z')),
    );
    await sealAll(database.db);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    const verdict = await verifyAuditChain(database.db, { anchor: headOf(anchor) });
    expect(verdict).toMatchObject({ ok: false, brokenEventId: (await events()).at(-1)!.id, count: 3 });
    expect(problemOf(verdict)).toMatch(/backdated/);
  });

  it('a trail emptied and begun again fails verify --anchor: events before it were removed', async () => {
    await append(3);
    const anchor = await anchorNow();
    await tamper(sql`truncate audit_events restart identity`);
    await append(2);
    const verdict = await verifyAuditChain(database.db, { anchor: headOf(anchor) });
    expect(verdict).toMatchObject({ ok: false, brokenEventId: null, count: 2 });
    expect(problemOf(verdict)).toMatch(/anchor holds 3: events before the anchor were removed/);
  });

  it.each([
    ['an edited anchor', (a: AuditAnchor) => JSON.stringify({ ...a, sequence: 1, count: 1 })],
    ['an anchor signed with another key', (a: AuditAnchor) => JSON.stringify(a).replace(a.signature, 'ab'.repeat(32))],
    ['a file that is not an anchor', () => '{"hello":1}'],
    ['a file that is not JSON', () => 'not json'],
  ])('%s is refused', async (_what, text) => {
    await append(2);
    const read = readAnchor(text(await anchorNow()));
    expect(read.ok).toBe(false);
  });

  it('a broken chain is never anchored', async () => {
    await append(3);
    const rows = await events();
    await tamper(sql`update audit_events set details = '{}' where id = ${rows[1]!.id}`);
    expect(await createAnchor(database.db, now)).toMatchObject({ ok: false, brokenEventId: rows[1]!.id });
  });
});

describe('sealing refuses a key that is not the chain’s', () => {
  it('leaves new events unsealed rather than seal them with the wrong key', async () => {
    await append(2);
    await database.db.transaction((tx) => recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.later' }, at));
    await expect(sealAll(database.db, attackersKeys)).rejects.toThrow(/not sealed with this AUDIT_CHAIN_KEY/);
    expect((await events()).at(-1)!.hash).toBeNull();
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 3 });
  });
});

describe('a trail sealed before the chain was keyed (version 1, migration 0017)', () => {
  let old: Database;
  beforeAll(async () => {
    old = await openTestDatabase();
    await migrate(old.db, { before: '0017_keyed_audit_chain_and_break_glass_review' });
    // Three events sealed the old way (unkeyed SHA-256), and one still waiting when the upgrade runs.
    let prev = GENESIS_HASH;
    for (let i = 1; i <= 4; i++) {
      const e = {
        at: new Date(at.getTime() + i * 1000),
        actorId: null,
        actorLabel: 'before',
        action: 'test.legacy',
        recordType: null,
        recordId: String(i),
        details: '{}',
      };
      await old.db.execute(sql`insert into audit_events (at, actor_label, action, record_id, details)
        values (${e.at.toISOString()}, ${e.actorLabel}, ${e.action}, ${e.recordId}, ${e.details})`);
      if (i === 4) break;
      const hash = eventHash(prev, e);
      await old.db.execute(
        sql`update audit_events set chain_seq = ${i}, prev_hash = ${prev}, hash = ${hash} where id = ${i}`,
      );
      prev = hash;
    }
    await migrate(old.db);
  });
  afterAll(() => old.close());

  it('keeps verifying: version 1 up to where the migration recorded, keyed after, the waiting event sealed keyed', async () => {
    await old.db.transaction((tx) => recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.after' }, at));
    expect(await verifyAuditChain(old.db)).toMatchObject({ ok: true, count: 5 });
    const rows = await old.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => [r.chainSeq, r.mac === null])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
    ]);
    expect(rows[3]!.hash).toBe(chainHash(auditChainKeys(), rows[2]!.hash!, 4, rows[3]!));
  });

  it('a version 1 event rewritten and the old prefix re-hashed: the first keyed event no longer follows', async () => {
    const rows = await old.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    let prev = GENESIS_HASH;
    await old.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger user`);
      for (const row of rows.slice(0, 3)) {
        const edited = row.id === 2 ? { ...row, action: 'test.rewritten' } : row;
        const hash = eventHash(prev, edited);
        await tx.execute(
          sql`update audit_events set action = ${edited.action}, prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`,
        );
        prev = hash;
      }
      await tx.execute(sql`alter table audit_events enable trigger user`);
    });
    const verdict = await verifyAuditChain(old.db);
    expect(verdict).toMatchObject({ ok: false, brokenEventId: rows[3]!.id, count: 3 });
  });

  it('nobody can move where version 1 ends: the record is written once', async () => {
    await expect(old.db.execute(sql`insert into audit_chain_legacy values (100, 100, now())`)).rejects.toThrow();
    await expect(old.db.execute(sql`update audit_chain_legacy set last_seq = 100`)).rejects.toThrow();
    await expect(old.db.execute(sql`delete from audit_chain_legacy`)).rejects.toThrow();
  });
});
