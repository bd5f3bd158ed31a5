// The SQL of the evaluation extract: a system read of episodes for a pseudonymised dataset, in keyset pages (by
// episode id) so that an extract of any size streams in constant memory. Restricted records (need-to-know:
// national security, extremism, any a manager restricted) are left out here, in the query, as the reports leave
// them out of site figures. The person's identifiers are read only to be hashed (pseudonym.ts); names, free text
// and addresses are never selected.
import { and, asc, eq, gt, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import {
  contacts,
  episodeEvents,
  episodeOutcomes,
  episodes,
  outcomeMeasures,
  people,
  referrals,
  releasePlans,
} from '../db/schema.ts';

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

/** One page of episodes after `after` (an episode id), oldest id first. */
export async function episodePage(db: Queryable, range: ExtractRange, after: string | null, limit: number) {
  return db
    .select({
      episodeId: episodes.id,
      siteCode: episodes.siteCode,
      consultation: episodes.consultation,
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
      details: referrals.details,
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

/** The dated events, contacts (when and whether attended; never their notes) and measures of a page's episodes. */
export async function pageDetails(db: Queryable, episodeIds: string[]) {
  if (!episodeIds.length) return { events: [], contacts: [], measures: [] };
  const events = await db
    .select({
      episodeId: episodeEvents.episodeId,
      kind: episodeEvents.kind,
      on: episodeEvents.on,
      data: episodeEvents.data,
    })
    .from(episodeEvents)
    .where(inArray(episodeEvents.episodeId, episodeIds))
    .orderBy(asc(episodeEvents.id));
  const contactRows = await db
    .select({ episodeId: contacts.episodeId, at: contacts.at, outcome: contacts.outcome })
    .from(contacts)
    .where(inArray(contacts.episodeId, episodeIds));
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
  return { events, contacts: contactRows, measures };
}
