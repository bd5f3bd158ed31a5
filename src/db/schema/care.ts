// The clinical record of an episode: assessment, formulation and support plan.
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { episodes } from './episodes.ts';
import { users } from './identity.ts';

/**
 * A structured assessment of needs by domain (PRODUCT.md journey step 5; issue "Assessment, formulation
 * and plan"). An episode may have several over time, numbered 1, 2, ...; one is in progress at a time.
 * `domains` maps a domain code to what was found (level, notes and the domain's own fields).
 */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    number: integer('number').notNull(),
    status: text('status').notNull(),
    domains: jsonb('domains').notNull(),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => users.id),
    startedAt: ts('started_at').notNull(),
    completedBy: uuid('completed_by').references(() => users.id),
    completedAt: ts('completed_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('assessments_episode_number_unique').on(t.episodeId, t.number)],
);

/** The psychological formulation (the 5 Ps), written with the person. Each revision is a new row. */
export const formulations = pgTable(
  'formulations',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    number: integer('number').notNull(),
    presenting: text('presenting').notNull(),
    predisposing: text('predisposing').notNull(),
    precipitating: text('precipitating').notNull(),
    perpetuating: text('perpetuating').notNull(),
    protective: text('protective').notNull(),
    writtenWithPerson: boolean('written_with_person').notNull(),
    /** The person's own view, in their words. */
    personsView: text('persons_view'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('formulations_episode_number_unique').on(t.episodeId, t.number)],
);

/** A goal of the support plan, linked to an assessed need; `outcome` is set at closure (end-of-service summary). */
export const planGoals = pgTable(
  'plan_goals',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    needDomain: text('need_domain').notNull(),
    description: text('description').notNull(),
    /** `achieved`, `partly_achieved` or `not_achieved`, once judged. */
    outcome: text('outcome'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('plan_goals_episode_idx').on(t.episodeId)],
);

/** An action towards a goal: owned by the person, a team member or a named external agency, with a due date. */
export const planActions = pgTable(
  'plan_actions',
  {
    id: uuid('id').primaryKey(),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => planGoals.id),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    description: text('description').notNull(),
    /** `person`, `team_member` or `agency`. */
    ownerKind: text('owner_kind').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    ownerAgency: text('owner_agency'),
    dueOn: date('due_on', { mode: 'string' }),
    /** `not_started`, `in_progress`, `done` or `cancelled`. */
    status: text('status').notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('plan_actions_episode_idx').on(t.episodeId),
    index('plan_actions_owner_idx').on(t.ownerUserId, t.status),
  ],
);

/** A review of the support plan; `nextReviewOn` schedules the next one. */
export const planReviews = pgTable(
  'plan_reviews',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
    notes: text('notes').notNull(),
    /** Whether the person took part in the review. */
    withPerson: boolean('with_person').notNull(),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    reviewedBy: uuid('reviewed_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('plan_reviews_episode_idx').on(t.episodeId, t.reviewedOn)],
);
