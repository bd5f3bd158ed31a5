// The SQL of the reports: a system read of every referral and episode, for figures without personal data.
// Nothing here is shown per person; restricted records are marked so the service counts them nationally only.
// No name, identifier, date of birth or free text is selected.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodeEvents, episodeOutcomes, episodes, outcomeMeasures, referrals, releasePlans } from '../db/schema.ts';

export async function referralFacts(db: Queryable) {
  return db
    .select({
      siteCode: referrals.siteCode,
      restricted: referrals.restricted,
      sourceType: referrals.sourceType,
      receivedAt: referrals.receivedAt,
      screeningDueAt: referrals.screeningDueAt,
      decision: referrals.decision,
      decidedAt: referrals.decidedAt,
    })
    .from(referrals);
}

export async function episodeFacts(db: Queryable) {
  const rows = await db
    .select({
      id: episodes.id,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      restricted: referrals.restricted,
      // Only the one answer of the referral the linkage needs: never the whole body (names, notes).
      substanceMisuseAtReferral: sql<unknown>`${referrals.details}->'criteria'->'substanceMisuse'`,
      plan: releasePlans.plan,
      gpRegisteredOn: episodeOutcomes.gpRegisteredOn,
      substanceMisuseEngagedOn: episodeOutcomes.substanceMisuseEngagedOn,
      mentalHealthHandoverOn: episodeOutcomes.mentalHealthHandoverOn,
      accommodationNow: episodeOutcomes.accommodationNow,
      outcomeVersion: episodeOutcomes.version,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(releasePlans, eq(releasePlans.episodeId, episodes.id))
    .leftJoin(episodeOutcomes, eq(episodeOutcomes.episodeId, episodes.id));
  const events = await db
    .select({
      episodeId: episodeEvents.episodeId,
      kind: episodeEvents.kind,
      on: episodeEvents.on,
      data: episodeEvents.data,
    })
    .from(episodeEvents)
    .orderBy(asc(episodeEvents.id));
  const measures = await db
    .select({ episodeId: outcomeMeasures.episodeId, on: outcomeMeasures.administeredOn, score: outcomeMeasures.score })
    .from(outcomeMeasures)
    .where(and(eq(outcomeMeasures.instrument, 'swemwbs')))
    .orderBy(asc(outcomeMeasures.administeredOn), asc(outcomeMeasures.recordedAt));
  return { rows, events, measures };
}
