// Every write, and every read of a person's record, leaves an audit event in the same transaction as
// the thing it records (NHS DSPT 9.5; ASVS 5.0 V16), so neither exists without the other.
//
// Events are then sealed into a hash chain: each gets the next place in the chain and the SHA-256 of the
// event before it, so an edit, a deletion or a reordering anywhere breaks the chain from that point.
// Sealing is separate from writing so that writers never queue behind one another (a chain built inside
// each transaction would make every request in the system wait for the one before it to commit). One
// sealer at a time, under an advisory lock, seals events in the order they became visible, a few hundred
// milliseconds after they commit; `reconnect audit verify` seals whatever is left before it checks.
import { createHash } from 'node:crypto';
import { and, asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { canonicalJson } from './canonicalJson.ts';

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

/** Appends an unsealed event in the caller's transaction. */
export async function recordAudit(tx: Queryable, entry: AuditEntry, at: Date): Promise<void> {
  await tx.insert(auditEvents).values({
    at,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId ?? null,
    details: canonicalJson(entry.details ?? {}),
  });
}

/**
 * Seals unsealed events into the chain, oldest id first, a batch at a time. Returns how many it sealed;
 * 0 when another process holds the sealer lock (it is sealing them) or nothing is waiting.
 */
export async function sealAuditChain(db: Db, batchSize = 2000): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked`),
    );
    if (!lock?.locked) return 0;
    const [last] = await tx
      .select({ seq: auditEvents.chainSeq, hash: auditEvents.hash })
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
    let prevHash = last?.hash ?? GENESIS_HASH;
    let seq = last?.seq ?? 0;
    const ids: number[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const event of waiting) {
      const hash = eventHash(prevHash, event);
      ids.push(event.id);
      seqs.push(++seq);
      prevs.push(prevHash);
      hashes.push(hash);
      prevHash = hash;
    }
    await tx.execute(sql`update audit_events as a set chain_seq = s.seq, prev_hash = s.prev, hash = s.hash
      from unnest(${sql.raw(`'{${ids.join(',')}}'::bigint[]`)}, ${sql.raw(`'{${seqs.join(',')}}'::bigint[]`)},
                  ${`{${prevs.join(',')}}`}::text[], ${`{${hashes.join(',')}}`}::text[]) as s(id, seq, prev, hash)
      where a.id = s.id`);
    return waiting.length;
  });
}

/** Seals until nothing is left (used before verifying, and at shutdown). */
export async function sealAll(db: Db): Promise<number> {
  let total = 0;
  for (let n = await sealAuditChain(db); n > 0; n = await sealAuditChain(db)) total += n;
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
  { ok: true; count: number } | { ok: false; count: number; brokenEventId: number; problem: string };

/** Seals what is waiting, then walks the whole chain in order, a page at a time. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerdict> {
  await sealAll(db);
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(isNotNull(auditEvents.chainSeq), gt(auditEvents.chainSeq, lastSeq)))
      .orderBy(asc(auditEvents.chainSeq))
      .limit(pageSize);
    if (page.length === 0) break;
    for (const event of page) {
      if (event.chainSeq !== lastSeq + 1 || event.prevHash !== prevHash) {
        return {
          ok: false,
          count,
          brokenEventId: event.id,
          problem: 'does not follow the event before it (an event was removed or reordered)',
        };
      }
      if (eventHash(prevHash, event) !== event.hash) {
        return {
          ok: false,
          count,
          brokenEventId: event.id,
          problem: 'its contents do not match its hash (it was changed)',
        };
      }
      prevHash = event.hash!;
      lastSeq = event.chainSeq;
      count++;
    }
  }
  // Anything still unsealed now was written after sealing began, or was tampered into a half-sealed state.
  const [stray] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(isNull(auditEvents.chainSeq), isNotNull(auditEvents.hash)))
    .limit(1);
  if (stray)
    return { ok: false, count, brokenEventId: stray.id, problem: 'carries a hash but has no place in the chain' };
  return { ok: true, count };
}
