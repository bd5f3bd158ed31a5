// Case studies for reflective practice (issue 15; seed 002: "Case study developed post-event to share learning
// wider"): an anonymised narrative of one episode, drafted from its record, edited and approved by a manager.
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { sites, users } from './identity.ts';
import { episodes } from './episodes.ts';

/** `status` is `draft` or `approved`; only an approved one is downloaded. The sections are plain text. */
export const caseStudies = pgTable(
  'case_studies',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    siteCode: text('site_code')
      .notNull()
      .references(() => sites.code),
    status: text('status').notNull(),
    title: text('title').notNull(),
    background: text('background').notNull(),
    whatHappened: text('what_happened').notNull(),
    missedOpportunities: text('missed_opportunities').notNull(),
    lessons: text('lessons').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: ts('updated_at').notNull(),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
  },
  (t) => [index('case_studies_episode_idx').on(t.episodeId)],
);
