// All the SQL of case studies: the case study rows, and the structured facts of an episode a draft is made from
// (its events, contacts, handovers, meetings, partner news, sharing, assessment and plan), read only after the
// episode is found as the viewer may see it (access/scopes.ts referralScope). Free text is read only to be
// scrubbed away (the values the anonymiser must remove), never to be copied.
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import {
  assessments,
  caseStudies,
  contacts,
  episodeEvents,
  episodes,
  handovers,
  informationSharing,
  meetings,
  partnerNotes,
  partners,
  people,
  planGoals,
  referrals,
  releasePlans,
} from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export type CaseStudyRow = typeof caseStudies.$inferSelect;

export interface CaseEpisode {
  id: string;
  referralId: string;
  personId: string;
  siteCode: string;
  openedOn: string;
  restricted: boolean;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  receivedAt: Date;
  sourceType: string;
  details: unknown;
  person: {
    givenName: string;
    familyName: string;
    nhsNumber: string | null;
    prisonNumber: string | null;
    crn: string | null;
    pncId: string | null;
  };
}

export async function visibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<CaseEpisode | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      id: episodes.id,
      referralId: episodes.referralId,
      personId: episodes.personId,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      restricted: referrals.restricted,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      receivedAt: referrals.receivedAt,
      sourceType: referrals.sourceType,
      details: referrals.details,
      person: {
        givenName: people.givenName,
        familyName: people.familyName,
        nhsNumber: people.nhsNumber,
        prisonNumber: people.prisonNumber,
        crn: people.crn,
        pncId: people.pncId,
      },
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .innerJoin(people, eq(people.id, episodes.personId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row;
}

/** A case study, only when the viewer may see its episode. */
export async function visibleCaseStudy(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<{ row: CaseStudyRow; episodeId: string } | undefined> {
  if (!isUuid(id)) return undefined;
  const [found] = await db
    .select({ row: caseStudies, episodeId: episodes.id })
    .from(caseStudies)
    .innerJoin(episodes, eq(episodes.id, caseStudies.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(caseStudies.id, id), referralScope(viewer)));
  return found;
}

export function caseStudiesOf(db: Queryable, episodeId: string): Promise<CaseStudyRow[]> {
  return db.select().from(caseStudies).where(eq(caseStudies.episodeId, episodeId)).orderBy(desc(caseStudies.createdAt));
}

export async function insertCaseStudy(db: Queryable, values: typeof caseStudies.$inferInsert): Promise<CaseStudyRow> {
  const [row] = await db.insert(caseStudies).values(values).returning();
  if (!row) throw new Error('The case study was not stored');
  return row;
}

/** Changes a draft if its version is still the one read; undefined when someone else changed it (or it is approved). */
export function updateDraftIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<typeof caseStudies.$inferInsert>,
): Promise<CaseStudyRow | undefined> {
  return updateIfVersion(db, caseStudies, id, expectedVersion, changes, eq(caseStudies.status, 'draft'));
}

/** The structured facts of an episode, each with the day it happened (England's date). */
export async function factsOf(db: Queryable, episodeId: string) {
  const day = (column: string) => sql<string>`to_char(${sql.raw(column)} at time zone 'Europe/London', 'YYYY-MM-DD')`;
  const [
    events,
    contactRows,
    handoverRows,
    meetingRows,
    noteRows,
    sharingRows,
    assessed,
    planned,
    plan,
    firstAssessment,
  ] = await Promise.all([
    db
      .select({ kind: episodeEvents.kind, on: episodeEvents.on, data: episodeEvents.data })
      .from(episodeEvents)
      .where(eq(episodeEvents.episodeId, episodeId))
      .orderBy(asc(episodeEvents.id)),
    db
      .select({ at: contacts.at, on: day('contacts.at'), type: contacts.type, outcome: contacts.outcome })
      .from(contacts)
      .where(eq(contacts.episodeId, episodeId))
      .orderBy(asc(contacts.at)),
    db
      .select({ on: day('handovers.requested_at'), kind: handovers.kind, status: handovers.status })
      .from(handovers)
      .where(eq(handovers.episodeId, episodeId)),
    db.select({ on: meetings.heldOn, kind: meetings.kind }).from(meetings).where(eq(meetings.episodeId, episodeId)),
    db
      .select({ on: day('partner_notes.occurred_at'), partnerKind: partners.kind, partnerName: partners.name })
      .from(partnerNotes)
      .innerJoin(partners, eq(partners.id, partnerNotes.partnerId))
      .where(eq(partnerNotes.episodeId, episodeId)),
    db
      .select({
        on: informationSharing.sharedOn,
        direction: informationSharing.direction,
        partnerKind: partners.kind,
        partnerName: partners.name,
      })
      .from(informationSharing)
      .innerJoin(partners, eq(partners.id, informationSharing.partnerId))
      .where(eq(informationSharing.episodeId, episodeId)),
    db
      .select({ domains: assessments.domains })
      .from(assessments)
      .where(and(eq(assessments.episodeId, episodeId), isNotNull(assessments.completedAt)))
      .orderBy(desc(assessments.number))
      .limit(1),
    db
      .select({
        on: sql<string | null>`to_char(min(${planGoals.createdAt}) at time zone 'Europe/London', 'YYYY-MM-DD')`,
      })
      .from(planGoals)
      .where(eq(planGoals.episodeId, episodeId)),
    db.select({ plan: releasePlans.plan }).from(releasePlans).where(eq(releasePlans.episodeId, episodeId)),
    db
      .select({
        on: sql<string | null>`to_char(min(${assessments.completedAt}) at time zone 'Europe/London', 'YYYY-MM-DD')`,
      })
      .from(assessments)
      .where(and(eq(assessments.episodeId, episodeId), isNotNull(assessments.completedAt))),
  ]);
  return {
    events,
    contacts: contactRows,
    handovers: handoverRows,
    meetings: meetingRows,
    partnerNotes: noteRows,
    sharing: sharingRows,
    assessmentDomains: (assessed[0]?.domains ?? null) as Record<string, unknown> | null,
    planStartedOn: planned[0]?.on ?? null,
    releasePlan: (plan[0]?.plan ?? null) as Record<string, unknown> | null,
    assessedOn: firstAssessment[0]?.on ?? null,
  };
}
export type EpisodeFactRows = Awaited<ReturnType<typeof factsOf>>;
