// Every write, and every read of a person's record, leaves an audit event in the same transaction as
// the thing it records (NHS DSPT 9.5; ASVS 5.0 V16), so neither exists without the other.
//
// Each event carries a MAC made as it is written (HMAC-SHA256 with a key derived from AUDIT_CHAIN_KEY,
// which the database never holds), so a row put into the table by anyone else (a backdated event, a copy
// of another) is found. Events are then sealed into a keyed chain: each gets the next place in the chain
// and an HMAC over its place, its contents and the hash of the event before it, so an edit, a deletion
// or a reordering anywhere breaks the chain from that point, and a chain recomputed without the key does
// not verify. Version 1 of the chain (unkeyed SHA-256) holds the events sealed before migration 0017;
// `audit_chain_legacy` says where it ends, and they are checked as they were sealed.
// Sealing is separate from writing so that writers never queue behind one another (a chain built inside
// each transaction would make every request in the system wait for the one before it to commit). One
// sealer at a time, under an advisory lock, seals events in the order they became visible, a few hundred
// milliseconds after they commit; `reconnect audit verify` seals whatever is left before it checks.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, gt, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../db/client.ts';
import { auditChainLegacy, auditEvents } from '../db/schema.ts';
import { canonicalJson } from './canonicalJson.ts';
import { auditChainKeys, hmacHex, type ChainKeys } from './chainKey.ts';

const SEALER_LOCK = 72_410_002;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  id: string | null;
  label: string;
}
export const SYSTEM_ACTOR: AuditActor = { id: null, label: 'system' };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  recordType?: string;
  recordId?: string;
  details?: Record<string, unknown>;
}

interface HashedFields {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  recordType: string | null;
  recordId: string | null;
  details: string;
}

function bodyOf(e: HashedFields): string {
  return canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    recordType: e.recordType,
    recordId: e.recordId,
    details: e.details,
  });
}

/** Version 1 (events sealed before migration 0017): SHA-256 of the previous hash and the event, unkeyed. */
export function eventHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    recordType: e.recordType,
    recordId: e.recordId,
    details: e.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

interface KeyedFields extends HashedFields {
  id: number;
  nonce: string | null;
  mac: string | null;
}

/** The MAC an event carries from the moment the application writes it. */
export function entryMac(keys: ChainKeys, e: HashedFields & { nonce: string | null }): string {
  return hmacHex(keys.entry, e.nonce ?? '', bodyOf(e));
}

/** Version 2: HMAC over the previous hash, the event's place and id, and its contents with its MAC. */
export function chainHash(keys: ChainKeys, prevHash: string, seq: number, e: KeyedFields): string {
  return hmacHex(keys.chain, prevHash, String(seq), String(e.id), e.nonce ?? '', e.mac ?? '', bodyOf(e));
}

export function sameHex(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** An event as it is written: its fields, a fresh nonce and its MAC. */
function eventOf(entry: AuditEntry, at: Date, keys: ChainKeys = auditChainKeys()) {
  const fields = {
    at,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId ?? null,
    details: canonicalJson(entry.details ?? {}),
    nonce: randomBytes(16).toString('hex'),
  };
  return { ...fields, mac: entryMac(keys, fields) };
}

/** Appends an unsealed event, with its MAC, in the caller's transaction. */
export async function recordAudit(tx: Queryable, entry: AuditEntry, at: Date): Promise<void> {
  await recordAudits(tx, [entry], at);
}

/**
 * Appends unsealed events, each with its MAC, in one statement: one request's events in the order given
 * (the sealer chains them in id order, which a multi-row insert assigns in the order of its rows).
 */
export async function recordAudits(tx: Queryable, entries: readonly AuditEntry[], at: Date): Promise<void> {
  if (!entries.length) return;
  const keys = auditChainKeys();
  await tx.insert(auditEvents).values(entries.map((entry) => eventOf(entry, at, keys)));
}

/**
 * Events as one `INSERT` (a statement of its own, or a data-modifying WITH of the write they record, so they
 * commit with it): each with its own nonce and MAC, as recordAudit writes them.
 */
export function auditInsert(entries: readonly AuditEntry[], at: Date): SQL {
  return sql`insert into ${auditEvents} (at, actor_id, actor_label, action, record_type, record_id, details, nonce, mac)
    values ${sql.join(
      entries.map((entry) => {
        const e = eventOf(entry, at);
        return sql`(${e.at.toISOString()}::timestamptz, ${e.actorId}::uuid, ${e.actorLabel}, ${e.action}, ${e.recordType},
          ${e.recordId}, ${e.details}, ${e.nonce}, ${e.mac})`;
      }),
      sql`, `,
    )}`;
}

/** An event as auditInsertWhen's placeholders name its values (a prepared statement's arguments). */
export function auditValues(entry: AuditEntry, at: Date): Record<string, string | null> {
  const e = eventOf(entry, at);
  return {
    auditAt: e.at.toISOString(),
    auditActorId: e.actorId,
    auditActorLabel: e.actorLabel,
    auditAction: e.action,
    auditRecordType: e.recordType,
    auditRecordId: e.recordId,
    auditDetails: e.details,
    auditNonce: e.nonce,
    auditMac: e.mac,
  };
}

/**
 * An event as an `INSERT … SELECT … WHERE when`, its values the placeholders auditValues fills, for a
 * statement that writes it together with what it records (a data-modifying WITH of a prepared read): written
 * exactly when `when` holds, by that statement, so the read and its audit commit together even without a
 * transaction around them.
 */
export function auditInsertWhen(when: SQL): SQL {
  const v = (name: string) => sql.placeholder(name);
  // Typed casts: in INSERT … SELECT the parameters take no type from the columns. The ISO string keeps the
  // moment to the millisecond the MAC was made over.
  return sql`insert into ${auditEvents} (at, actor_id, actor_label, action, record_type, record_id, details, nonce, mac)
    select ${v('auditAt')}::timestamptz, ${v('auditActorId')}::uuid, ${v('auditActorLabel')}::text,
      ${v('auditAction')}::text, ${v('auditRecordType')}::text, ${v('auditRecordId')}::text, ${v('auditDetails')}::text,
      ${v('auditNonce')}::text, ${v('auditMac')}::text
    where ${when}`;
}

/** Sealing with another key would seal events that never verify under the right one, so it stops first. */
export class ChainKeyMismatch extends Error {
  constructor() {
    super(
      'The audit chain was not sealed with this AUDIT_CHAIN_KEY (or its last event was changed): nothing more is sealed until the right key is configured',
    );
  }
}

async function headMatches(tx: Queryable, keys: ChainKeys, last: typeof auditEvents.$inferSelect): Promise<boolean> {
  const [legacy] = await tx.select().from(auditChainLegacy).limit(1);
  const seq = last.chainSeq;
  const prev = last.prevHash;
  if (seq === null || prev === null) return false;
  const expected = seq <= (legacy?.lastSeq ?? 0) ? eventHash(prev, last) : chainHash(keys, prev, seq, last);
  return sameHex(last.hash, expected);
}

/**
 * Seals unsealed events into the chain, oldest id first, a batch at a time. Returns how many it sealed;
 * 0 when another process holds the sealer lock (it is sealing them) or nothing is waiting.
 */
export async function sealAuditChain(db: Db, batchSize = 2000, keys = auditChainKeys()): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked`),
    );
    if (!lock?.locked) return 0;
    const [last] = await tx
      .select()
      .from(auditEvents)
      .where(isNotNull(auditEvents.chainSeq))
      .orderBy(desc(auditEvents.chainSeq))
      .limit(1);
    const waiting = await tx
      .select()
      .from(auditEvents)
      .where(isNull(auditEvents.hash))
      .orderBy(asc(auditEvents.id))
      .limit(batchSize);
    if (!waiting.length) return 0;
    if (last && !(await headMatches(tx, keys, last))) throw new ChainKeyMismatch();
    let prevHash = last?.hash ?? GENESIS_HASH;
    let seq = last?.chainSeq ?? 0;
    const ids: number[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const event of waiting) {
      const hash = chainHash(keys, prevHash, ++seq, event);
      ids.push(event.id);
      seqs.push(seq);
      prevs.push(prevHash);
      hashes.push(hash);
      prevHash = hash;
    }
    // Through the owner's function: the app's role may insert and read audit events, never update them.
    await tx.execute(sql`select audit_seal(${sql.raw(`'{${ids.join(',')}}'::bigint[]`)},
      ${sql.raw(`'{${seqs.join(',')}}'::bigint[]`)}, ${`{${prevs.join(',')}}`}::text[], ${`{${hashes.join(',')}}`}::text[])`);
    return waiting.length;
  });
}

/** Seals until nothing is left (used before verifying, and at shutdown). */
export async function sealAll(db: Db, keys = auditChainKeys()): Promise<number> {
  let total = 0;
  for (let n = await sealAuditChain(db, 2000, keys); n > 0; n = await sealAuditChain(db, 2000, keys)) total += n;
  return total;
}

/** Keeps sealing in the background while the server runs. */
export function startAuditSealer(
  db: Db,
  everyMs = 250,
  onError: (error: unknown) => void = () => undefined,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => sealAll(db)).catch(onError);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export type ChainVerdict =
  | { ok: true; count: number; head: ChainHead }
  | { ok: false; count: number; brokenEventId: number | null; problem: string };

/** The last sealed event: what an anchor holds. */
export interface ChainHead {
  sequence: number;
  eventId: number | null;
  hash: string;
  /** The latest `at` of any event up to the head (null for an empty chain). */
  latestAt: Date | null;
}

/** What an anchor held outside the database says the chain was (audit/anchor.ts checks its signature). */
export interface AnchoredHead {
  sequence: number;
  hash: string;
  latestAt: Date | null;
}

/** An event dated this long before the anchored head but added after it is a backdated insert. */
export const ANCHOR_CLOCK_TOLERANCE_MS = 15 * 60_000;

export interface VerifyOptions {
  pageSize?: number;
  keys?: ChainKeys;
  anchor?: AnchoredHead;
}

const broken = (count: number, brokenEventId: number | null, problem: string): ChainVerdict => ({
  ok: false,
  count,
  brokenEventId,
  problem,
});

/** Seals what is waiting, then walks the whole chain in order, a page at a time. */
export async function verifyAuditChain(db: Db, options: VerifyOptions | number = {}): Promise<ChainVerdict> {
  const {
    pageSize = 2000,
    keys = auditChainKeys(),
    anchor,
  } = typeof options === 'number' ? { pageSize: options } : options;
  try {
    await sealAll(db, keys);
  } catch (error) {
    // The walk below names the event that no longer fits.
    if (!(error instanceof ChainKeyMismatch)) throw error;
  }
  const [legacy] = await db.select().from(auditChainLegacy).limit(1);
  const legacySeq = legacy?.lastSeq ?? 0;
  const legacyId = legacy?.lastEventId ?? 0;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  let headId: number | null = null;
  let latestAt: Date | null = null;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(isNotNull(auditEvents.chainSeq), gt(auditEvents.chainSeq, lastSeq)))
      .orderBy(asc(auditEvents.chainSeq))
      .limit(pageSize);
    if (page.length === 0) break;
    for (const event of page) {
      // Only sealed events are read (chain_seq is not null); a missing one reads as out of order.
      const seq = event.chainSeq ?? 0;
      if (seq !== lastSeq + 1 || event.prevHash !== prevHash) {
        return broken(count, event.id, 'does not follow the event before it (an event was removed or reordered)');
      }
      const expected = seq <= legacySeq ? eventHash(prevHash, event) : chainHash(keys, prevHash, seq, event);
      if (!sameHex(event.hash, expected)) {
        return broken(
          count,
          event.id,
          seq <= legacySeq
            ? 'its contents do not match its hash (it was changed)'
            : 'its contents do not match its hash (it was changed, or re-hashed without the audit chain key)',
        );
      }
      if (event.id > legacyId && !sameHex(event.mac, entryMac(keys, event))) {
        return broken(
          count,
          event.id,
          'it was not written by Reconnect: its MAC is missing or wrong (inserted into the database directly)',
        );
      }
      if (anchor) {
        if (seq === anchor.sequence && !sameHex(event.hash, anchor.hash)) {
          return broken(count, event.id, 'differs from the anchored head: the history before the anchor was rewritten');
        }
        if (
          seq > anchor.sequence &&
          anchor.latestAt &&
          event.at.getTime() < anchor.latestAt.getTime() - ANCHOR_CLOCK_TOLERANCE_MS
        ) {
          return broken(
            count,
            event.id,
            'is dated before the anchored head but was added after it (a backdated insert)',
          );
        }
      }
      if (!latestAt || event.at > latestAt) latestAt = event.at;
      prevHash = event.hash ?? '';
      lastSeq = seq;
      headId = event.id;
      count++;
    }
  }
  if (anchor && count < anchor.sequence) {
    return broken(
      count,
      null,
      `the chain holds ${count} events but the anchor holds ${anchor.sequence}: events before the anchor were removed`,
    );
  }
  if (anchor && anchor.sequence === 0 && anchor.hash !== GENESIS_HASH) {
    return broken(count, null, 'the anchor does not describe a chain');
  }
  // Anything still unsealed now was written after sealing began, or was tampered into a half-sealed state.
  const [stray] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(isNull(auditEvents.chainSeq), isNotNull(auditEvents.hash)))
    .limit(1);
  if (stray) return broken(count, stray.id, 'carries a hash but has no place in the chain');
  // Every event's MAC covers a random nonce, so two events with one MAC are a row and its copy.
  const [copy] = rowsOf<{ id: string; first: string }>(
    await db.execute(sql`select max(id)::text as id, min(id)::text as first from audit_events
      where mac is not null group by mac having count(*) > 1 order by 1 limit 1`),
  );
  if (copy) return broken(count, Number(copy.id), `it repeats event ${copy.first} (a copied row)`);
  return { ok: true, count, head: { sequence: lastSeq, eventId: headId, hash: prevHash, latestAt } };
}
