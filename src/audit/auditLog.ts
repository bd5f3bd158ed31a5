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
// Sealing and verifying the chain are in chain.ts.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { canonicalJson } from './canonicalJson.ts';
import { auditChainKeys, hmacHex, type ChainKeys } from './chainKey.ts';

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
