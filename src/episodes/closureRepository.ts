// SQL for the end of an episode (issue "Episode lifecycle"): the support plan's goals and their outcomes,
// the closure page and the facts of the closure letter, each read in one statement and scoped like every
// read of an episode (repository.ts); and the one unscoped read, for a handover another module authorised.
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { contacts, episodes, planGoals, referrals, releasePlans, users } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import type { GoalForClosure } from './closureRules.ts';
import { eventsFromJson, eventsJson, parsed, type EpisodeRow, type Json, type RecordedEvent } from './repository.ts';

export type ClosureGoal = GoalForClosure & { needDomain: string };

export async function goalsOf(db: Queryable, episodeId: string): Promise<ClosureGoal[]> {
  return db
    .select({
      id: planGoals.id,
      description: planGoals.description,
      outcome: planGoals.outcome,
      needDomain: planGoals.needDomain,
    })
    .from(planGoals)
    .where(eq(planGoals.episodeId, episodeId))
    .orderBy(asc(planGoals.createdAt), asc(planGoals.id));
}

/** Writes each goal's outcome at closure (only goals of this episode: closureRules.ts checked the ids). */
export async function setGoalOutcomes(
  db: Queryable,
  episodeId: string,
  outcomes: readonly { goalId: string; outcome: string }[],
  now: Date,
): Promise<void> {
  for (const g of outcomes) {
    await db
      .update(planGoals)
      .set({ outcome: g.outcome, updatedAt: now, version: sql`${planGoals.version} + 1` })
      .where(and(eq(planGoals.id, g.goalId), eq(planGoals.episodeId, episodeId)));
  }
}

/** An episode by id with no scope: only for a change another module has already authorised (a handover). */
export async function findEpisodeForHandover(db: Queryable, id: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(episodes).where(eq(episodes.id, id));
  return row;
}

const goalsJson = sql<Json<ClosureGoal[]>>`
  coalesce((select json_agg(json_build_object('id', g.id, 'description', g.description, 'outcome', g.outcome,
    'needDomain', g.need_domain) order by g.created_at, g.id)
  from ${planGoals} g where g.episode_id = ${episodes.id}), '[]'::json)`;

export interface ClosurePageRow {
  episode: EpisodeRow;
  reference: string;
  personName: string;
  events: RecordedEvent[];
  goals: ClosureGoal[];
}

/** The closure page in one statement: the episode (404 when hidden), the person, its events and its goals. */
export async function findClosurePage(db: Queryable, viewer: Viewer, id: string): Promise<ClosurePageRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      episode: episodes,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      events: eventsJson,
      goals: goalsJson,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  if (!row) return undefined;
  return {
    episode: row.episode,
    reference: row.reference,
    personName: `${row.givenName} ${row.familyName}`,
    events: eventsFromJson(row.events),
    goals: parsed(row.goals),
  };
}

export interface ClosureLetterRow {
  episode: EpisodeRow;
  events: RecordedEvent[];
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
  referrer: { name: string; organisation: string | null };
  referredAt: Date;
  gpPractice: string | null;
  leadWorker: { name: string; email: string } | null;
  /** The type of each attended contact, oldest first. */
  attendedTypes: string[];
  goals: { description: string; outcome: string | null }[];
}

const referrer = alias(users, 'referrer');
const leadWorker = alias(users, 'lead_worker');

/**
 * What the closure letter says, in one statement: the episode (404 when hidden) and its events, the
 * person as the referral names them, the referrer, the GP practice from the release plan, the lead
 * worker, the contacts attended and each goal's outcome.
 */
export async function findClosureLetter(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<ClosureLetterRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      episode: episodes,
      events: eventsJson,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      nhsNumber: sql<string | null>`${referrals.details}->'person'->>'nhsNumber'`,
      referredAt: referrals.receivedAt,
      referrerName: referrer.name,
      referrerOrganisation: referrer.organisation,
      leadName: leadWorker.name,
      leadEmail: leadWorker.email,
      gpPractice: sql<
        string | null
      >`(select nullif(trim(rp.plan->'gp'->>'practice'), '') from ${releasePlans} rp where rp.episode_id = ${episodes.id})`,
      attendedTypes: sql<Json<string[]>>`coalesce((select json_agg(c.type order by c."at", c.recorded_at)
        from ${contacts} c where c.episode_id = ${episodes.id} and c.outcome = 'attended'), '[]'::json)`,
      goals: goalsJson,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .innerJoin(referrer, eq(referrer.id, referrals.submittedBy))
    .leftJoin(leadWorker, eq(leadWorker.id, episodes.leadWorkerId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  if (!row) return undefined;
  return {
    episode: row.episode,
    events: eventsFromJson(row.events),
    person: {
      givenName: row.givenName,
      familyName: row.familyName,
      dateOfBirth: row.dateOfBirth,
      nhsNumber: row.nhsNumber,
    },
    referrer: { name: row.referrerName, organisation: row.referrerOrganisation },
    referredAt: row.referredAt,
    gpPractice: row.gpPractice,
    leadWorker: row.leadName !== null && row.leadEmail !== null ? { name: row.leadName, email: row.leadEmail } : null,
    attendedTypes: parsed(row.attendedTypes),
    goals: parsed(row.goals).map((g) => ({ description: g.description, outcome: g.outcome })),
  };
}
