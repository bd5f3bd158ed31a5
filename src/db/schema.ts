// The one PostgreSQL schema, used by both drivers (PGlite embedded, node-postgres in production).
// Migrations in ./migrations are generated from this file (`npm run db:generate`) and applied on start.
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const sites = pgTable('sites', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  model: text('model').notNull(),
  provider: text('provider').notNull(),
});

/** Policies are data, versioned with an effective date (PRODUCT.md "Sites and their rules"). */
export const sitePolicies = pgTable('site_policies', {
  version: text('version').primaryKey(),
  siteCode: text('site_code').notNull().references(() => sites.code),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  policy: jsonb('policy').notNull(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  organisation: text('organisation'),
  passwordHash: text('password_hash').notNull(),
  disabledAt: ts('disabled_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** Consecutive failed sign-ins; reset on success (ASVS 5.0 V6.3.1). */
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  /** TOTP: the shared secret (base32), when it was confirmed, and the last time step used (a code works once). */
  totpSecret: text('totp_secret'),
  totpEnabledAt: ts('totp_enabled_at'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
}, (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)]);

export const userSites = pgTable('user_sites', {
  userId: uuid('user_id').notNull().references(() => users.id),
  siteCode: text('site_code').notNull().references(() => sites.code),
}, (t) => [primaryKey({ columns: [t.userId, t.siteCode] })]);

/** Server-side sessions: only a hash of the session id is stored (ASVS 5.0 V7.2). */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull(),
  lastSeenAt: ts('last_seen_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  /** 'full' once signed in; 'mfa' waiting for a code; 'enrol' waiting to set up two-factor authentication. */
  stage: text('stage').notNull().default('full'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** One-time recovery codes for two-factor authentication, stored hashed. */
export const recoveryCodes = pgTable('recovery_codes', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  codeHash: text('code_hash').notNull(),
  usedAt: ts('used_at'),
}, (t) => [index('recovery_codes_user_idx').on(t.userId)]);

/** API bearer tokens, stored hashed. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
});

export const people = pgTable('people', {
  id: uuid('id').primaryKey(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
  nhsNumber: text('nhs_number'),
  prisonNumber: text('prison_number'),
  crn: text('crn'),
  pncId: text('pnc_id'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  index('people_nhs_idx').on(t.nhsNumber),
  index('people_prison_idx').on(t.prisonNumber),
  index('people_crn_idx').on(t.crn),
  index('people_name_dob_idx').on(sql`lower(${t.familyName})`, t.dateOfBirth),
]);

export const referrals = pgTable('referrals', {
  id: uuid('id').primaryKey(),
  reference: text('reference').notNull().unique(),
  siteCode: text('site_code').notNull().references(() => sites.code),
  personId: uuid('person_id').notNull().references(() => people.id),
  submittedBy: uuid('submitted_by').notNull().references(() => users.id),
  status: text('status').notNull(),
  sourceType: text('source_type').notNull(),
  receivedAt: ts('received_at').notNull(),
  screeningDueAt: ts('screening_due_at').notNull(),
  /** Set while the clock is paused waiting for the referrer's answer. */
  screeningPausedAt: ts('screening_paused_at'),
  details: jsonb('details').notNull(),
  eligibility: jsonb('eligibility').notNull(),
  outcome: text('outcome').notNull(),
  priorityGroup: integer('priority_group'),
  /** Need-to-know: national security and extremism cases, and any a manager restricts. */
  restricted: boolean('restricted').notNull().default(false),
  restrictedReason: text('restricted_reason'),
  /** NHS Records Management Code of Practice class; decides when the record is due for review. */
  retentionClass: text('retention_class').notNull().default('mental_health'),
  /** Never due for disposal while held (litigation, inquiry, subject access request). */
  legalHold: boolean('legal_hold').notNull().default(false),
  decision: text('decision'),
  decisionReason: text('decision_reason'),
  signposting: text('signposting'),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: ts('decided_at'),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [
  index('referrals_site_status_idx').on(t.siteCode, t.status, t.screeningDueAt),
  index('referrals_submitted_by_idx').on(t.submittedBy, t.receivedAt),
  index('referrals_person_idx').on(t.personId),
]);

/** Requests for more information: the question, and the referrer's answer. */
export const informationRequests = pgTable('information_requests', {
  id: uuid('id').primaryKey(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  question: text('question').notNull(),
  askedBy: uuid('asked_by').notNull().references(() => users.id),
  askedAt: ts('asked_at').notNull(),
  answer: text('answer'),
  answeredBy: uuid('answered_by').references(() => users.id),
  answeredAt: ts('answered_at'),
}, (t) => [index('information_requests_referral_idx').on(t.referralId)]);

/** What happened to a person's records, in order: the chronology shown on pages. */
export const timelineEvents = pgTable('timeline_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  personId: uuid('person_id').notNull().references(() => people.id),
  referralId: uuid('referral_id').references(() => referrals.id),
  actorId: uuid('actor_id').references(() => users.id),
  kind: text('kind').notNull(),
  summary: text('summary').notNull(),
}, (t) => [index('timeline_referral_idx').on(t.referralId, t.at), index('timeline_person_idx').on(t.personId, t.at)]);

/** A referral form in progress, resumable by the referrer who started it. */
export const referralDrafts = pgTable('referral_drafts', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  data: jsonb('data').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [index('referral_drafts_user_idx').on(t.userId)]);

/** API.md `Idempotency-Key`: the first response is kept and replayed. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  userId: uuid('user_id').notNull().references(() => users.id),
  key: text('key').notNull(),
  route: text('route').notNull(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code').notNull(),
  responseBody: text('response_body').notNull(),
  createdAt: ts('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.key] })]);

/**
 * The audit trail: append-only (a trigger refuses DELETE and TRUNCATE, and any UPDATE except sealing) and
 * hash-chained. An event is written in the same transaction as what it records, unsealed; the sealer then
 * gives each its place in the chain (`chainSeq`) and the hash of the one before (see audit/auditLog.ts).
 * `details` is canonical JSON text so the hash can be recomputed.
 */
export const auditEvents = pgTable('audit_events', {
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
}, (t) => [index('audit_record_idx').on(t.recordType, t.recordId), index('audit_actor_idx').on(t.actorId),
  index('audit_unsealed_idx').on(t.id).where(sql`${t.hash} is null`)]);

/**
 * Access to one referral beyond what a role gives: a manager's grant by name to a restricted record
 * (with a reason and an expiry), or a user's own break-glass access to an unrestricted record outside
 * their sites (reason, time limit, the site's managers told). Never break-glass for restricted records.
 */
export const accessGrants = pgTable('access_grants', {
  id: uuid('id').primaryKey(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  kind: text('kind').notNull(),
  reason: text('reason').notNull(),
  grantedBy: uuid('granted_by').notNull().references(() => users.id),
  grantedAt: ts('granted_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
}, (t) => [index('access_grants_user_idx').on(t.userId, t.referralId), index('access_grants_referral_idx').on(t.referralId)]);

/** In-app notices to a user (for example: someone used break-glass access at your site). */
export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  at: ts('at').notNull(),
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  link: text('link'),
  readAt: ts('read_at'),
}, (t) => [index('notifications_user_idx').on(t.userId, t.at)]);

/**
 * An episode of care (PRODUCT.md journey, step 4): opened once per accepted referral. Its phase is never
 * stored: it is computed from `episode_events` by episodes/phases.ts. Who may see an episode is decided
 * by its referral (access/referralScope.ts), whose restriction can change; nothing about it is copied here.
 */
export const episodes = pgTable('episodes', {
  id: uuid('id').primaryKey(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id).unique(),
  personId: uuid('person_id').notNull().references(() => people.id),
  siteCode: text('site_code').notNull().references(() => sites.code),
  leadWorkerId: uuid('lead_worker_id').references(() => users.id),
  openedOn: date('opened_on', { mode: 'string' }).notNull(),
  openedBy: uuid('opened_by').notNull().references(() => users.id),
  /** The Enhanced RECONNECT consultation meeting that decided to open it (step 3). */
  consultation: jsonb('consultation'),
  closedReason: text('closed_reason'),
  closureSummary: text('closure_summary'),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [index('episodes_site_idx').on(t.siteCode), index('episodes_person_idx').on(t.personId)]);

/** The dated events an episode's phase is computed from (the EpisodeEvent values of episodes/phases.ts). */
export const episodeEvents = pgTable('episode_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  kind: text('kind').notNull(),
  on: date('on', { mode: 'string' }).notNull(),
  data: jsonb('data').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [index('episode_events_episode_idx').on(t.episodeId, t.id)]);

/** Contacts with the person (PRODUCT.md journey, step 5): in prison, community, phone, video; attended or not. */
export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  at: ts('at').notNull(),
  type: text('type').notNull(),
  outcome: text('outcome').notNull(),
  durationMinutes: integer('duration_minutes'),
  notes: text('notes'),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [index('contacts_episode_idx').on(t.episodeId, t.at)]);
