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
}, (t) => [index('episodes_site_idx').on(t.siteCode), index('episodes_person_idx').on(t.personId), index('episodes_lead_worker_idx').on(t.leadWorkerId)]);

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
  /** Who was present besides the worker who recorded it (names and roles, as entered). */
  present: jsonb('present').notNull().default([]),
  /** Why a contact was cancelled, and by whom (the person, the team, the prison...). */
  cancelledReason: text('cancelled_reason'),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [index('contacts_episode_idx').on(t.episodeId, t.at)]);

/**
 * Co-workers of an episode besides its lead worker: the multidisciplinary team of seed 000 (psychologist,
 * nurse, occupational therapist, peer support worker...). Ending an allocation keeps the row (history).
 */
export const episodeCoWorkers = pgTable('episode_co_workers', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  /** The part they play, in the team's words (for example "psychologist", "peer support worker"). */
  role: text('role').notNull(),
  addedBy: uuid('added_by').notNull().references(() => users.id),
  addedAt: ts('added_at').notNull(),
  removedBy: uuid('removed_by').references(() => users.id),
  removedAt: ts('removed_at'),
}, (t) => [index('episode_co_workers_episode_idx').on(t.episodeId), index('episode_co_workers_user_idx').on(t.userId)]);

/**
 * A structured assessment of needs by domain (PRODUCT.md journey step 5; issue "Assessment, formulation
 * and plan"). An episode may have several over time, numbered 1, 2, ...; one is in progress at a time.
 * `domains` maps a domain code to what was found (level, notes and the domain's own fields).
 */
export const assessments = pgTable('assessments', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  number: integer('number').notNull(),
  status: text('status').notNull(),
  domains: jsonb('domains').notNull(),
  startedBy: uuid('started_by').notNull().references(() => users.id),
  startedAt: ts('started_at').notNull(),
  completedBy: uuid('completed_by').references(() => users.id),
  completedAt: ts('completed_at'),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [uniqueIndex('assessments_episode_number_unique').on(t.episodeId, t.number)]);

/** The psychological formulation (the 5 Ps), written with the person. Each revision is a new row. */
export const formulations = pgTable('formulations', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  number: integer('number').notNull(),
  presenting: text('presenting').notNull(),
  predisposing: text('predisposing').notNull(),
  precipitating: text('precipitating').notNull(),
  perpetuating: text('perpetuating').notNull(),
  protective: text('protective').notNull(),
  writtenWithPerson: boolean('written_with_person').notNull(),
  /** The person's own view, in their words. */
  personsView: text('persons_view'),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [uniqueIndex('formulations_episode_number_unique').on(t.episodeId, t.number)]);

/** A goal of the support plan, linked to an assessed need; `outcome` is set at closure (end-of-service summary). */
export const planGoals = pgTable('plan_goals', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  needDomain: text('need_domain').notNull(),
  description: text('description').notNull(),
  /** `achieved`, `partly_achieved` or `not_achieved`, once judged. */
  outcome: text('outcome'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [index('plan_goals_episode_idx').on(t.episodeId)]);

/** An action towards a goal: owned by the person, a team member or a named external agency, with a due date. */
export const planActions = pgTable('plan_actions', {
  id: uuid('id').primaryKey(),
  goalId: uuid('goal_id').notNull().references(() => planGoals.id),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  description: text('description').notNull(),
  /** `person`, `team_member` or `agency`. */
  ownerKind: text('owner_kind').notNull(),
  ownerUserId: uuid('owner_user_id').references(() => users.id),
  ownerAgency: text('owner_agency'),
  dueOn: date('due_on', { mode: 'string' }),
  /** `not_started`, `in_progress`, `done` or `cancelled`. */
  status: text('status').notNull(),
  completedOn: date('completed_on', { mode: 'string' }),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [index('plan_actions_episode_idx').on(t.episodeId), index('plan_actions_owner_idx').on(t.ownerUserId, t.status)]);

/** A review of the support plan; `nextReviewOn` schedules the next one. */
export const planReviews = pgTable('plan_reviews', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
  notes: text('notes').notNull(),
  /** Whether the person took part in the review. */
  withPerson: boolean('with_person').notNull(),
  nextReviewOn: date('next_review_on', { mode: 'string' }),
  reviewedBy: uuid('reviewed_by').notNull().references(() => users.id),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [index('plan_reviews_episode_idx').on(t.episodeId, t.reviewedOn)]);

/**
 * The release plan of an episode (issue "Release planning"; API.md `PUT /api/v1/episodes/{id}/release-plan`):
 * release type, uncertainty, destination and the pre-release checklist, as the ReleasePlan of
 * releasePlanning/types.ts. The expected release date itself is an episode event (every change kept).
 */
export const releasePlans = pgTable('release_plans', {
  episodeId: uuid('episode_id').primaryKey().references(() => episodes.id),
  plan: jsonb('plan').notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').notNull().references(() => users.id),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Moving a person between teams: a transfer (moved out of area), a step up from RECONNECT to Enhanced
 * RECONNECT or a step down, or an out-of-area release handover. The receiving site accepts or declines;
 * on acceptance it gets its own referral and episode (`receivingEpisodeId`), seeing only `summary`, the
 * history the person consented to share.
 */
export const handovers = pgTable('handovers', {
  id: uuid('id').primaryKey(),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  /** `transfer`, `step_up`, `step_down` or `out_of_area`. */
  kind: text('kind').notNull(),
  fromSiteCode: text('from_site_code').notNull().references(() => sites.code),
  toSiteCode: text('to_site_code').notNull().references(() => sites.code),
  reason: text('reason').notNull(),
  summary: text('summary').notNull(),
  consentToShare: boolean('consent_to_share').notNull(),
  /** `requested`, `accepted`, `declined` or `withdrawn`. */
  status: text('status').notNull(),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedAt: ts('requested_at').notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: ts('decided_at'),
  decisionNote: text('decision_note'),
  receivingReferralId: uuid('receiving_referral_id').references(() => referrals.id),
  receivingEpisodeId: uuid('receiving_episode_id').references(() => episodes.id),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [index('handovers_episode_idx').on(t.episodeId), index('handovers_to_site_idx').on(t.toSiteCode, t.status)]);

/**
 * High-severity worklist items already told to the team: the email digest sends only new ones. The key is
 * the item's identity (rule, subject and when it fell due), so an item that clears and comes back due on a
 * later date is new again.
 */
export const worklistNotices = pgTable('worklist_notices', {
  itemKey: text('item_key').primaryKey(),
  siteCode: text('site_code').notNull().references(() => sites.code),
  rule: text('rule').notNull(),
  firstSeenAt: ts('first_seen_at').notNull(),
});

/**
 * The transactional outbox of email: a row is written in the same transaction as what it tells, and a
 * pg-boss worker sends it. `status` is `pending`, `sending`, `sent` or `failed`.
 */
export const emailOutbox = pgTable('email_outbox', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').references(() => users.id),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  bodyText: text('body_text').notNull(),
  status: text('status').notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  messageId: text('message_id').notNull(),
  createdAt: ts('created_at').notNull(),
  sentAt: ts('sent_at'),
}, (t) => [index('email_outbox_status_idx').on(t.status, t.createdAt)]);
