// The audit trail's keyed chain (auditLog.ts says what each event carries): sealing events into it, and checking it.
// Sealing is separate from writing so that writers never queue behind one another (a chain built inside
// each transaction would make every request in the system wait for the one before it to commit). One
// sealer at a time, under an advisory lock, seals events in the order they became visible, a few hundred
// milliseconds after they commit; `reconnect audit verify` seals whatever is left before it checks.
import { and, asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../db/client.ts';
import { auditChainLegacy, auditEvents } from '../db/schema.ts';
import { auditChainKeys, type ChainKeys } from './chainKey.ts';
import { GENESIS_HASH, eventHash, entryMac, chainHash, sameHex } from './auditLog.ts';

const SEALER_LOCK = 72_410_002;

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
