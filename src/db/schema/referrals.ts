// People and their referrals: the front door (PRODUCT.md journey, steps 1-2).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { sites, users } from './identity.ts';

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    nhsNumber: text('nhs_number'),
    prisonNumber: text('prison_number'),
    crn: text('crn'),
    pncId: text('pnc_id'),
    /**
     * The record this one matched exactly but was kept apart from: its submitter could not see that
     * person's need-to-know records (people/personMatcher.ts). FHIR's Patient.link "seealso".
     */
    samePersonAs: uuid('same_person_as').references((): AnyPgColumn => people.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('people_nhs_idx').on(t.nhsNumber),
    index('people_prison_idx').on(t.prisonNumber),
    index('people_crn_idx').on(t.crn),
    index('people_same_person_as_idx').on(t.samePersonAs),
    index('people_name_dob_idx').on(sql`lower(${t.familyName})`, t.dateOfBirth),
  ],
);

export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    siteCode: text('site_code')
      .notNull()
      .references(() => sites.code),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /**
     * The person as this referral names them. Pages and lists show these, never the shared person record,
     * so that what one referrer or team was told never reaches another through a matched record.
     */
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    /** The name above folded for search (search/rules.ts `searchNameOf`), behind a trigram index. */
    searchName: text('search_name'),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
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
    /**
     * Why it is restricted: `priority_group` (1 or 2, from intake), `manager` (a manager restricted it), or
     * `person` (the person already has need-to-know records, so a new referral is restricted with them).
     */
    restrictionSource: text('restriction_source'),
    /** NHS Records Management Code of Practice class; decides when the record is due for review. */
    retentionClass: text('retention_class').notNull().default('mental_health'),
    /** Never due for disposal while held (litigation, inquiry, subject access request). */
    legalHold: boolean('legal_hold').notNull().default(false),
    decision: text('decision'),
    decisionReason: text('decision_reason'),
    signposting: text('signposting'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    /**
     * A manager's override of a hard requirement at acceptance (issue 10): `{reason, by, byName, at, rules}`,
     * `rules` naming the requirements not met. Null when none was needed.
     */
    eligibilityOverride: jsonb('eligibility_override'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('referrals_site_status_idx').on(t.siteCode, t.status, t.screeningDueAt),
    index('referrals_submitted_by_idx').on(t.submittedBy, t.receivedAt),
    index('referrals_person_idx').on(t.personId),
    index('referrals_search_name_trgm_idx').using('gin', t.searchName.op('gin_trgm_ops')),
    // The KPI report's counts by month received and decided, read from the index alone (reports/repository.ts).
    index('referrals_received_report_idx').on(t.receivedAt, t.siteCode, t.restricted, t.sourceType),
    index('referrals_decided_report_idx').on(t.decidedAt, t.siteCode, t.restricted, t.decision, t.screeningDueAt),
  ],
);

/** Requests for more information: the question, and the referrer's answer. */
export const informationRequests = pgTable(
  'information_requests',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    question: text('question').notNull(),
    askedBy: uuid('asked_by')
      .notNull()
      .references(() => users.id),
    askedAt: ts('asked_at').notNull(),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: ts('answered_at'),
  },
  (t) => [index('information_requests_referral_idx').on(t.referralId)],
);

/** What happened to a person's records, in order: the chronology shown on pages. */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    referralId: uuid('referral_id').references(() => referrals.id),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    /** The contact a `contact.recorded` entry is about, so its notes can be shown beside it. */
    contactId: uuid('contact_id'),
  },
  (t) => [index('timeline_referral_idx').on(t.referralId, t.at), index('timeline_person_idx').on(t.personId, t.at)],
);

/** A referral form in progress, resumable by the referrer who started it. */
export const referralDrafts = pgTable(
  'referral_drafts',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    data: jsonb('data').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
    /** Set when the draft was sent: the referral it became. Its answers are cleared then. */
    sentReferralId: uuid('sent_referral_id').references(() => referrals.id),
  },
  (t) => [index('referral_drafts_user_idx').on(t.userId)],
);

/** API.md `Idempotency-Key`: the first response is kept and replayed. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    /** The first response's headers (ETag, Location), as JSON, so a replay is the same answer. */
    responseHeaders: text('response_headers').notNull().default('{}'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
