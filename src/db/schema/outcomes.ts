// Outcomes for each person (issue 15): wellbeing measures over time and the links made after release.
import { date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { users } from './identity.ts';
import { episodes } from './episodes.ts';

/**
 * One administration of a wellbeing measure (SWEMWBS or CORE-10). The raw answers are kept; the score is
 * computed by outcomes/scoring.ts and stored with the version of the tables it was scored with.
 */
export const outcomeMeasures = pgTable(
  'outcome_measures',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    /** `swemwbs` or `core10`. */
    instrument: text('instrument').notNull(),
    administeredOn: date('administered_on', { mode: 'string' }).notNull(),
    answers: jsonb('answers').$type<number[]>().notNull(),
    /** The computed score (outcomes/scoring.ts `Score`). */
    score: jsonb('score').notNull(),
    scoringVersion: integer('scoring_version').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [
    index('outcome_measures_episode_idx').on(t.episodeId, t.administeredOn),
    // The report's wellbeing change: the episodes measured in the months shown (reports/repository.ts).
    index('outcome_measures_instrument_on_idx').on(t.instrument, t.administeredOn),
  ],
);

/**
 * What was actually achieved after release (API.md `PUT /api/v1/episodes/{id}/outcomes`): the dates a link was
 * made, not planned. One row per episode, versioned for If-Match.
 */
export const episodeOutcomes = pgTable('episode_outcomes', {
  episodeId: uuid('episode_id')
    .primaryKey()
    .references(() => episodes.id),
  gpRegisteredOn: date('gp_registered_on', { mode: 'string' }),
  /** Treatment started (PHOF C20 continuity of care), not a referral sent. */
  substanceMisuseEngagedOn: date('substance_misuse_engaged_on', { mode: 'string' }),
  mentalHealthHandoverOn: date('mental_health_handover_on', { mode: 'string' }),
  /** `settled`, `unsettled` or `none`. */
  accommodationNow: text('accommodation_now'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: ts('updated_at').notNull(),
});
