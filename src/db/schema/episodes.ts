// Episodes of care (PRODUCT.md journey, steps 3-6): the episode, its events, contacts, workers and handovers.
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { sites, users } from './identity.ts';
import { people, referrals } from './referrals.ts';

/**
 * An episode of care (PRODUCT.md journey, step 4): opened once per accepted referral. Its phase is never
 * stored: it is computed from `episode_events` by episodes/phases.ts. Who may see an episode is decided
 * by its referral (access/referralScope.ts), whose restriction can change; nothing about it is copied here.
 */
export const episodes = pgTable(
  'episodes',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id)
      .unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    siteCode: text('site_code')
      .notNull()
      .references(() => sites.code),
    leadWorkerId: uuid('lead_worker_id').references(() => users.id),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id),
    /** The Enhanced RECONNECT consultation meeting that decided to open it (step 3). */
    consultation: jsonb('consultation'),
    closedReason: text('closed_reason'),
    closureSummary: text('closure_summary'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('episodes_site_idx').on(t.siteCode),
    index('episodes_person_idx').on(t.personId),
    index('episodes_lead_worker_idx').on(t.leadWorkerId),
  ],
);

/** The dated events an episode's phase is computed from (the EpisodeEvent values of episodes/phases.ts). */
export const episodeEvents = pgTable(
  'episode_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    kind: text('kind').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    data: jsonb('data').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('episode_events_episode_idx').on(t.episodeId, t.id)],
);

/** Contacts with the person (PRODUCT.md journey, step 5): in prison, community, phone, video; attended or not. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    at: ts('at').notNull(),
    type: text('type').notNull(),
    outcome: text('outcome').notNull(),
    durationMinutes: integer('duration_minutes'),
    notes: text('notes'),
    /** Who was present besides the worker who recorded it (names and roles, as entered). */
    present: jsonb('present').notNull().default([]),
    /** Why a contact was cancelled, and by whom (the person, the team, the prison...). */
    cancelledReason: text('cancelled_reason'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('contacts_episode_idx').on(t.episodeId, t.at)],
);

/**
 * Co-workers of an episode besides its lead worker: the multidisciplinary team of seed 000 (psychologist,
 * nurse, occupational therapist, peer support worker...). Ending an allocation keeps the row (history).
 */
export const episodeCoWorkers = pgTable(
  'episode_co_workers',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The part they play, in the team's words (for example "psychologist", "peer support worker"). */
    role: text('role').notNull(),
    addedBy: uuid('added_by')
      .notNull()
      .references(() => users.id),
    addedAt: ts('added_at').notNull(),
    removedBy: uuid('removed_by').references(() => users.id),
    removedAt: ts('removed_at'),
  },
  (t) => [index('episode_co_workers_episode_idx').on(t.episodeId), index('episode_co_workers_user_idx').on(t.userId)],
);

/**
 * Moving a person between teams: a transfer (moved out of area), a step up from RECONNECT to Enhanced
 * RECONNECT or a step down, or an out-of-area release handover. The receiving site accepts or declines;
 * on acceptance it gets its own referral and episode (`receivingEpisodeId`), seeing only `summary`, the
 * history the person consented to share.
 */
export const handovers = pgTable(
  'handovers',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    /** `transfer`, `step_up`, `step_down` or `out_of_area`. */
    kind: text('kind').notNull(),
    fromSiteCode: text('from_site_code')
      .notNull()
      .references(() => sites.code),
    toSiteCode: text('to_site_code')
      .notNull()
      .references(() => sites.code),
    reason: text('reason').notNull(),
    summary: text('summary').notNull(),
    consentToShare: boolean('consent_to_share').notNull(),
    /** `requested`, `accepted`, `declined` or `withdrawn`. */
    status: text('status').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: ts('requested_at').notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    receivingReferralId: uuid('receiving_referral_id').references(() => referrals.id),
    receivingEpisodeId: uuid('receiving_episode_id').references(() => episodes.id),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('handovers_episode_idx').on(t.episodeId), index('handovers_to_site_idx').on(t.toSiteCode, t.status)],
);
