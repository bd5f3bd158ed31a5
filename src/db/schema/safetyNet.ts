// Release planning and the safety net: release plans, worklist notices already told, and the email outbox.
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { episodes } from './episodes.ts';
import { sites, users } from './identity.ts';

/**
 * The release plan of an episode (issue "Release planning"; API.md `PUT /api/v1/episodes/{id}/release-plan`):
 * release type, uncertainty, destination and the pre-release checklist, as the ReleasePlan of
 * releasePlanning/types.ts. The expected release date itself is an episode event (every change kept).
 */
export const releasePlans = pgTable('release_plans', {
  episodeId: uuid('episode_id')
    .primaryKey()
    .references(() => episodes.id),
  plan: jsonb('plan').notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Whether each episode is open, and the version of everything the worklist's rules read of it: kept by
 * triggers in the same transaction as every change (migration 0028), never written by the application. The
 * worklist keeps the rules' answer for an episode by this version (worklist/answers.ts).
 */
export const episodeStates = pgTable('episode_states', {
  episodeId: uuid('episode_id')
    .primaryKey()
    .references(() => episodes.id, { onDelete: 'cascade' }),
  version: bigint('version', { mode: 'number' }).notNull(),
  open: boolean('open').notNull(),
  /** The episode's own, copied by the same triggers (migration 0029): the open cases of a site or a worker by index. */
  siteCode: text('site_code').notNull(),
  leadWorkerId: uuid('lead_worker_id'),
  /** The day of its closure, as the report orders events (migration 0030); null while open. */
  closedOn: date('closed_on', { mode: 'string' }),
  /** The day of its first release and the expected release date last recorded (migration 0033): the caseload's sort. */
  releasedOn: date('released_on', { mode: 'string' }),
  expectedReleaseOn: date('expected_release_on', { mode: 'string' }),
  /** The episode's referral (migration 0034): a list of open cases reaches the scope's referral from the state. */
  referralId: uuid('referral_id').notNull(),
});

/**
 * High-severity worklist items already told to the team: the email digest sends only new ones. The key is
 * the item's identity (rule, subject and when it fell due), so an item that clears and comes back due on a
 * later date is new again.
 */
export const worklistNotices = pgTable('worklist_notices', {
  itemKey: text('item_key').primaryKey(),
  siteCode: text('site_code')
    .notNull()
    .references(() => sites.code),
  rule: text('rule').notNull(),
  firstSeenAt: ts('first_seen_at').notNull(),
});

/**
 * The transactional outbox of email: a row is written in the same transaction as what it tells, and a
 * pg-boss worker sends it. `status` is `pending`, `sending`, `sent` or `failed`.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
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
  },
  (t) => [index('email_outbox_status_idx').on(t.status, t.createdAt)],
);
