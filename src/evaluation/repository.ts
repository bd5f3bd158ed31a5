// The SQL of the evaluation extract: a system read of episodes for a pseudonymised dataset, in keyset pages (by
// episode id) so that an extract of any size streams in constant memory. Restricted records (need-to-know:
// national security, extremism, any a manager restricted) are left out here, in the query, as the reports leave
// them out of site figures. The person's identifiers are read only to be hashed (pseudonym.ts); names, free text
// and addresses are never selected, nor any part of a record the row does not code (issue 13: the extract's cost
// is the rows it gives, so each page reads the few JSON paths it needs and a tally of the contacts, never each one).
import { and, asc, eq, gt, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import {
  episodeEvents,
  episodeOutcomes,
  episodes,
  outcomeMeasures,
  people,
  referrals,
  releasePlans,
} from '../db/schema.ts';
import type { ContactTally } from '../outcomes/rules.ts';

export interface ExtractRange {
  /** Episodes opened on or after this date (ISO), or from the first. */
  from?: string;
  /** Episodes opened on or before this date (ISO), or to the last. */
  to?: string;
}

function conditions(range: ExtractRange, after: string | null): SQL[] {
  return [
    eq(referrals.restricted, false),
    ...(range.from ? [gte(episodes.openedOn, range.from)] : []),
    ...(range.to ? [lte(episodes.openedOn, range.to)] : []),
    ...(after ? [gt(episodes.id, after)] : []),
  ];
}

const json = (path: SQL) => sql<unknown>`${path}`;

/** Whole years from a date of birth to the London day of an instant (identifiers/dates.ts `ageOnIso`). */
export const ageOnLondonDay = (instant: SQL, dateOfBirth: SQL) =>
  sql<number>`extract(year from age((${instant} at time zone 'Europe/London')::date, ${dateOfBirth}::date))::int`;

/**
 * What the k-anonymity check counts (evaluation/rules.ts `QuasiFacts`), the episodes alike counted together: one
 * row a combination, never one an episode. The age is PostgreSQL's `age()` in whole years on the London day the
 * referral was received (the twin of identifiers/dates.ts `ageOnIso`: quasiCounts.property.test.ts).
 */
export async function quasiCounts(db: Queryable, range: ExtractRange) {
  const age = ageOnLondonDay(sql`${referrals.receivedAt}`, sql`${referrals.dateOfBirth}`);
  return db
    .select({
      siteCode: episodes.siteCode,
      ageOnReferral: age,
      priorityGroup: referrals.priorityGroup,
      releaseType: json(sql`${releasePlans.plan}->'releaseType'`),
      localAuthority: json(sql`${releasePlans.plan}->'destination'->'localAuthority'`),
      episodes: sql<number>`count(*)::int`,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(releasePlans, eq(releasePlans.episodeId, episodes.id))
    .where(and(...conditions(range, null)))
    .groupBy(sql`1, 2, 3, 4, 5`);
}

/** One page of episodes after `after` (an episode id), oldest id first. */
export async function episodePage(db: Queryable, range: ExtractRange, after: string | null, limit: number) {
  return db
    .select({
      episodeId: episodes.id,
      siteCode: episodes.siteCode,
      consultationDate: json(sql`${episodes.consultation}->'date'`),
      closedReason: episodes.closedReason,
      personId: people.id,
      nhsNumber: people.nhsNumber,
      prisonNumber: people.prisonNumber,
      crn: people.crn,
      pncId: people.pncId,
      dateOfBirth: referrals.dateOfBirth,
      receivedAt: referrals.receivedAt,
      decidedAt: referrals.decidedAt,
      sourceType: referrals.sourceType,
      priorityGroup: referrals.priorityGroup,
      roshLevel: json(sql`${referrals.details}->'roshLevel'`),
      substanceMisuseAtReferral: json(sql`${referrals.details}->'criteria'->'substanceMisuse'`),
      plan: releasePlans.plan,
      gpRegisteredOn: episodeOutcomes.gpRegisteredOn,
      substanceMisuseEngagedOn: episodeOutcomes.substanceMisuseEngagedOn,
      mentalHealthHandoverOn: episodeOutcomes.mentalHealthHandoverOn,
      accommodationNow: episodeOutcomes.accommodationNow,
      outcomeVersion: episodeOutcomes.version,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .innerJoin(people, eq(people.id, episodes.personId))
    .leftJoin(releasePlans, eq(releasePlans.episodeId, episodes.id))
    .leftJoin(episodeOutcomes, eq(episodeOutcomes.episodeId, episodes.id))
    .where(and(...conditions(range, after)))
    .orderBy(asc(episodes.id))
    .limit(limit);
}

/** The events a row reads: the first release, recalls, closures and reopenings. */
const EXTRACT_EVENT_KINDS = ['released', 'recalled', 'closed', 'reopened'];

/** The events (in the order recorded) and measures (oldest first) of a page's episodes. */
export async function pageDetails(db: Queryable, episodeIds: string[]) {
  if (!episodeIds.length) return { events: [], measures: [] };
  const events = await db
    .select({
      episodeId: episodeEvents.episodeId,
      kind: episodeEvents.kind,
      on: episodeEvents.on,
      reason: json(sql`${episodeEvents.data}->'reason'`),
    })
    .from(episodeEvents)
    .where(and(inArray(episodeEvents.episodeId, episodeIds), inArray(episodeEvents.kind, EXTRACT_EVENT_KINDS)))
    .orderBy(asc(episodeEvents.id));
  const measures = await db
    .select({
      episodeId: outcomeMeasures.episodeId,
      instrument: outcomeMeasures.instrument,
      on: outcomeMeasures.administeredOn,
      score: outcomeMeasures.score,
    })
    .from(outcomeMeasures)
    .where(inArray(outcomeMeasures.episodeId, episodeIds))
    .orderBy(asc(outcomeMeasures.administeredOn), asc(outcomeMeasures.recordedAt));
  return { events, measures };
}

/**
 * Each episode's contacts tallied against its first release (the SQL twin of outcomes/rules.ts `tallyContacts`,
 * which stays the definition; extractTally.test.ts proves them equal): attended, did not attend and cancelled, and
 * the first attended contact's London date on or after the release. One row an episode, read by its index.
 */
export async function contactTallies(
  db: Queryable,
  episodes: readonly { episodeId: string; releasedOn: string | null }[],
): Promise<Map<string, ContactTally>> {
  if (!episodes.length) return new Map();
  const page = sql.join(
    episodes.map((e) => sql`(${e.episodeId}::uuid, ${e.releasedOn}::date)`),
    sql`, `,
  );
  const rows = rowsOf<{
    episode_id: string;
    attended: number;
    did_not_attend: number;
    cancelled: number;
    first_attended: string | null;
  }>(
    await db.execute(sql`
select p.episode_id, t.attended, t.did_not_attend, t.cancelled, t.first_attended
from (values ${page}) as p (episode_id, released_on)
cross join lateral (
  select (count(*) filter (where c.outcome = 'attended'))::int as attended,
    (count(*) filter (where c.outcome = 'did_not_attend'))::int as did_not_attend,
    (count(*) filter (where c.outcome = 'cancelled'))::int as cancelled,
    to_char(min((c.at at time zone 'Europe/London')::date)
      filter (where c.outcome = 'attended' and (c.at at time zone 'Europe/London')::date >= p.released_on),
      'YYYY-MM-DD') as first_attended
  from contacts c where c.episode_id = p.episode_id
) t`),
  );
  return new Map(
    rows.map((r) => [
      r.episode_id,
      {
        attended: r.attended,
        didNotAttend: r.did_not_attend,
        cancelled: r.cancelled,
        firstAttendedFromRelease: r.first_attended,
      },
    ]),
  );
}
