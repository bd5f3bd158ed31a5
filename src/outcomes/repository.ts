// All the SQL of outcomes: measures and the outcome record of an episode, and the facts linkage is judged from
// (the release plan, the episode's events, its contacts, the referral's criteria). Every read of a person's
// records starts from the episode as the viewer may see it (access/scopes.ts referralScope).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import {
  contacts,
  episodeEvents,
  episodeOutcomes,
  episodes,
  outcomeMeasures,
  planGoals,
  referrals,
  releasePlans,
} from '../db/schema.ts';
import { updateIfVersionBy } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import type { LinkageRows } from './rules.ts';

export type MeasureRow = typeof outcomeMeasures.$inferSelect;
export type OutcomeRow = typeof episodeOutcomes.$inferSelect;

export interface OutcomeEpisode {
  id: string;
  referralId: string;
  personId: string;
  siteCode: string;
  reference: string;
  personName: string;
  closed: boolean;
}

export async function visibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<OutcomeEpisode | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      id: episodes.id,
      referralId: episodes.referralId,
      personId: episodes.personId,
      siteCode: episodes.siteCode,
      reference: referrals.reference,
      personName: sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`,
      closed: sql<boolean>`${episodes.closedReason} is not null`,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row;
}

export function measuresOf(db: Queryable, episodeId: string): Promise<MeasureRow[]> {
  return db
    .select()
    .from(outcomeMeasures)
    .where(eq(outcomeMeasures.episodeId, episodeId))
    .orderBy(asc(outcomeMeasures.administeredOn), asc(outcomeMeasures.recordedAt), asc(outcomeMeasures.id));
}

/** The episode a measure was recorded on (the caller then reads the episode through its scope). */
export async function episodeOfMeasure(db: Queryable, measureId: string): Promise<string | undefined> {
  if (!isUuid(measureId)) return undefined;
  const [row] = await db
    .select({ episodeId: outcomeMeasures.episodeId })
    .from(outcomeMeasures)
    .where(eq(outcomeMeasures.id, measureId));
  return row?.episodeId;
}

export async function insertMeasure(db: Queryable, values: typeof outcomeMeasures.$inferInsert): Promise<MeasureRow> {
  const [row] = await db.insert(outcomeMeasures).values(values).returning();
  if (!row) throw new Error('The measure was not stored');
  return row;
}

export async function outcomeOf(db: Queryable, episodeId: string): Promise<OutcomeRow | undefined> {
  const [row] = await db.select().from(episodeOutcomes).where(eq(episodeOutcomes.episodeId, episodeId));
  return row;
}

export async function insertOutcome(
  db: Queryable,
  values: typeof episodeOutcomes.$inferInsert,
): Promise<OutcomeRow | undefined> {
  const [row] = await db.insert(episodeOutcomes).values(values).onConflictDoNothing().returning();
  return row;
}

export function updateOutcomeIfVersion(
  db: Queryable,
  episodeId: string,
  expectedVersion: number,
  changes: Partial<typeof episodeOutcomes.$inferInsert>,
): Promise<OutcomeRow | undefined> {
  return updateIfVersionBy(db, episodeOutcomes, 'episodeId', episodeId, expectedVersion, changes);
}

/** What linkage is judged from, for one episode the caller has already found visible. */
export async function linkageRows(db: Queryable, episodeId: string): Promise<LinkageRows> {
  const [plan] = await db
    .select({ plan: releasePlans.plan })
    .from(releasePlans)
    .where(eq(releasePlans.episodeId, episodeId));
  const events = await db
    .select({ kind: episodeEvents.kind, on: episodeEvents.on })
    .from(episodeEvents)
    .where(eq(episodeEvents.episodeId, episodeId))
    .orderBy(asc(episodeEvents.id));
  const contactRows = await db
    .select({ at: contacts.at, outcome: contacts.outcome })
    .from(contacts)
    .where(eq(contacts.episodeId, episodeId));
  const [referral] = await db
    .select({ details: referrals.details })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(eq(episodes.id, episodeId));
  return {
    plan: (plan?.plan as Record<string, unknown> | undefined) ?? null,
    events,
    contacts: contactRows,
    details: referral?.details ?? null,
  };
}

/** The support plan's goals and the outcome recorded for each at the end of service (episodes/closureService). */
export function goalOutcomesOf(db: Queryable, episodeId: string): Promise<{ outcome: string | null }[]> {
  return db.select({ outcome: planGoals.outcome }).from(planGoals).where(eq(planGoals.episodeId, episodeId));
}
