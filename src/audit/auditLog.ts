// Every write, and every read of a person's record, leaves an audit event in the same transaction as
// the thing it records (NHS DSPT 9.5; ASVS 5.0 V16). Events are hash-chained: each carries the hash of
// the one before, so an edit, a deletion or a reordering anywhere breaks the chain from that point.
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { canonicalJson } from './canonicalJson.ts';

/** Appends are serialised on this advisory lock so two transactions never chain from the same event. */
const AUDIT_CHAIN_LOCK = 72_410_002;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor { id: string | null; label: string }
export const SYSTEM_ACTOR: AuditActor = { id: null, label: 'system' };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  recordType?: string;
  recordId?: string;
  details?: Record<string, unknown>;
}

interface HashedFields {
  at: Date; actorId: string | null; actorLabel: string; action: string;
  recordType: string | null; recordId: string | null; details: string;
}

export function eventHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    at: e.at.toISOString(), actorId: e.actorId, actorLabel: e.actorLabel, action: e.action,
    recordType: e.recordType, recordId: e.recordId, details: e.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export async function recordAudit(tx: Queryable, entry: AuditEntry, at: Date): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    at, actorId: entry.actor.id, actorLabel: entry.actor.label, action: entry.action,
    recordType: entry.recordType ?? null, recordId: entry.recordId ?? null, details: canonicalJson(entry.details ?? {}),
  };
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash: eventHash(prevHash, fields) });
}

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenEventId: number; problem: string };

/** Walks the whole chain in id order, a page at a time. */
export async function verifyAuditChain(db: Queryable, pageSize = 2000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const page = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(pageSize);
    if (page.length === 0) return { ok: true, count };
    for (const event of page) {
      if (event.prevHash !== prevHash) {
        return { ok: false, count, brokenEventId: event.id, problem: 'does not follow the event before it (an event was removed or reordered)' };
      }
      if (eventHash(prevHash, event) !== event.hash) {
        return { ok: false, count, brokenEventId: event.id, problem: 'its contents do not match its hash (it was changed)' };
      }
      prevHash = event.hash;
      lastId = event.id;
      count++;
    }
  }
}
