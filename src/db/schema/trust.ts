// Trust: the audit trail, access beyond a role, and in-app notices.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { users } from './identity.ts';
import { referrals } from './referrals.ts';

/**
 * The audit trail: append-only (a trigger refuses DELETE and TRUNCATE, and any UPDATE except sealing) and
 * hash-chained. An event is written in the same transaction as what it records, unsealed; the sealer then
 * gives each its place in the chain (`chainSeq`) and the hash of the one before (see audit/auditLog.ts).
 * `details` is canonical JSON text so the hash can be recomputed. Version 2 of the chain is keyed with
 * AUDIT_CHAIN_KEY, which the database never holds; `auditChainLegacy` says where version 1 ended.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    details: text('details').notNull(),
    chainSeq: bigint('chain_seq', { mode: 'number' }).unique(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    /** Random per event, so no two events share a MAC (a copied row is found). */
    nonce: text('nonce'),
    /** HMAC of the event made by the application as it writes it (audit/auditChain.ts); null before 0017. */
    mac: text('mac'),
  },
  (t) => [
    index('audit_record_idx').on(t.recordType, t.recordId),
    index('audit_actor_idx').on(t.actorId),
    index('audit_unsealed_idx')
      .on(t.id)
      .where(sql`${t.hash} is null`),
  ],
);

/** Where the unkeyed version 1 of the chain ends (one row, written by migration 0017; none on a new database). */
export const auditChainLegacy = pgTable('audit_chain_legacy', {
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  recordedAt: ts('recorded_at').notNull(),
});

/**
 * Access to one referral beyond what a role gives: a manager's grant by name to a restricted record
 * (with a reason and an expiry), or a user's own break-glass access to an unrestricted record outside
 * their sites (reason, time limit, the site's managers told). Never break-glass for restricted records.
 */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by')
      .notNull()
      .references(() => users.id),
    grantedAt: ts('granted_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    /** A break-glass use as a site manager judged it: 'appropriate' or 'not_appropriate', with a note. */
    reviewOutcome: text('review_outcome'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
  },
  (t) => [
    index('access_grants_user_idx').on(t.userId, t.referralId),
    index('access_grants_referral_idx').on(t.referralId),
    index('access_grants_unreviewed_idx')
      .on(t.grantedAt)
      .where(sql`${t.kind} = 'break_glass' and ${t.reviewedAt} is null`),
  ],
);

/** In-app notices to a user (for example: someone used break-glass access at your site). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    link: text('link'),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.at)],
);
