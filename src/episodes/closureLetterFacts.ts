// What the closure letter says, gathered for one closed episode the caller has already been allowed to
// see: the person, the referrer, the GP practice (from the release plan, issue "Episode lifecycle"), the
// team, the support given and each goal's outcome.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { contacts, episodeEvents, referrals, releasePlans, sites, users } from '../db/schema.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import { londonDate } from '../identifiers/dates.ts';
import type { EpisodePhase } from './phases.ts';
import type { EpisodeRow } from './episodeRepository.ts';
import { goalsOf } from './closure.ts';
import type { ClosureLetterFacts } from './closureLetterContent.ts';

export async function closureLetterFacts(
  db: Queryable,
  row: EpisodeRow,
  phase: EpisodePhase,
  now: Date,
): Promise<ClosureLetterFacts> {
  const [who] = await db
    .select({
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      nhsNumber: sql<string | null>`${referrals.details}->'person'->>'nhsNumber'`,
      referredOn: referrals.receivedAt,
      referrerName: users.name,
      referrerOrganisation: users.organisation,
    })
    .from(referrals)
    .innerJoin(users, eq(users.id, referrals.submittedBy))
    .where(eq(referrals.id, row.referralId));
  if (!who) throw new Error(`Episode ${row.id} has no referral`);
  const [site] = await db
    .select({ name: sites.name, provider: sites.provider })
    .from(sites)
    .where(eq(sites.code, row.siteCode));
  const [lead] = row.leadWorkerId
    ? await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, row.leadWorkerId))
    : [];
  const [plan] = await db
    .select({ plan: releasePlans.plan })
    .from(releasePlans)
    .where(eq(releasePlans.episodeId, row.id));
  const gpPractice = (plan?.plan as ReleasePlan | undefined)?.gp?.practice?.trim() || null;
  const [closed] = await db
    .select({ on: episodeEvents.on })
    .from(episodeEvents)
    .where(and(eq(episodeEvents.episodeId, row.id), eq(episodeEvents.kind, 'closed')))
    .orderBy(desc(episodeEvents.id))
    .limit(1);
  const attended = await db
    .select({ type: contacts.type })
    .from(contacts)
    .where(and(eq(contacts.episodeId, row.id), eq(contacts.outcome, 'attended')));
  return {
    person: {
      givenName: who.givenName,
      familyName: who.familyName,
      dateOfBirth: who.dateOfBirth,
      nhsNumber: who.nhsNumber,
    },
    referrer: { name: who.referrerName, organisation: who.referrerOrganisation },
    referredOn: londonDate(who.referredOn),
    gpPractice,
    team: { name: site?.name ?? row.siteCode, provider: site?.provider ?? null },
    leadWorker: lead ? { name: lead.name, email: lead.email } : null,
    openedOn: row.openedOn,
    releasedOn: phase.releasedOn,
    closedOn: closed?.on ?? londonDate(now),
    reason: row.closedReason,
    summary: row.closureSummary,
    contactsAttended: attended.length,
    contactTypes: [...new Set(attended.map((c) => c.type))],
    goals: (await goalsOf(db, row.id)).map((g) => ({ description: g.description, outcome: g.outcome })),
    writtenOn: londonDate(now),
  };
}
