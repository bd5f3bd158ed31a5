// Rows to the view model the API returns and the pages render (views never see raw rows).
import type { SiteDefinition } from '../sites/policy.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import type { DuplicateView } from '../people/personMatcher.ts';
import type { PersonRow, ReferralListRow, ReferralRow } from './referralRepository.ts';
import type { ReferralBody } from './schema.ts';

interface InformationRequestRow {
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export interface ReferralExtras {
  person: PersonRow;
  duplicates: DuplicateView;
  earlierReferrals: ReferralRow[];
  informationRequests: InformationRequestRow[];
  episodes: { id: string; siteCode: string; openedOn: string; closedReason: string | null }[];
  site: SiteDefinition | undefined;
}

export function presentReferral(row: ReferralRow, extras: ReferralExtras) {
  const { person } = extras;
  return {
    id: row.id,
    reference: row.reference,
    site: row.siteCode,
    siteName: extras.site?.name ?? row.siteCode,
    siteModel: extras.site?.model ?? null,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    screeningDueAt: row.screeningDueAt.toISOString(),
    screeningPaused: row.screeningPausedAt !== null,
    eligibility: row.eligibility as EligibilityResult,
    personId: row.personId,
    person: {
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      nhsNumber: person.nhsNumber,
      prisonNumber: person.prisonNumber,
      crn: person.crn,
      pncId: person.pncId,
    },
    possibleDuplicates: extras.duplicates.possibleDuplicates,
    otherRecordMayMatch: extras.duplicates.hiddenMatch,
    earlierReferrals: extras.earlierReferrals.map((r) => ({
      id: r.id,
      reference: r.reference,
      site: r.siteCode,
      status: r.status,
      receivedAt: r.receivedAt.toISOString(),
    })),
    /** The person's episodes of care the viewer may see (PRODUCT.md journey, step 1: earlier referrals and episodes). */
    episodes: extras.episodes.map((e) => ({
      id: e.id,
      site: e.siteCode,
      openedOn: e.openedOn,
      closed: e.closedReason !== null,
    })),
    restricted: row.restricted,
    priorityGroup: row.priorityGroup,
    submittedBy: row.submittedBy,
    referral: row.details as ReferralBody,
    decision: row.decision
      ? {
          decision: row.decision,
          reason: row.decisionReason,
          signposting: row.signposting,
          decidedAt: row.decidedAt?.toISOString() ?? null,
        }
      : null,
    informationRequests: extras.informationRequests.map((r) => ({
      question: r.question,
      askedAt: r.askedAt.toISOString(),
      answer: r.answer,
      answeredAt: r.answeredAt?.toISOString() ?? null,
    })),
    version: row.version,
  };
}

export type ReferralView = ReturnType<typeof presentReferral>;

/** The short form used in lists (API list and the pages' tables). */
export function presentReferralSummary(row: ReferralListRow) {
  return {
    id: row.id,
    reference: row.reference,
    site: row.siteCode,
    status: row.status,
    person: { givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth },
    receivedAt: row.receivedAt.toISOString(),
    screeningDueAt: row.screeningDueAt.toISOString(),
    screeningPaused: row.screeningPausedAt !== null,
    outcome: row.outcome,
    priorityGroup: row.priorityGroup,
    restricted: row.restricted,
    decision: row.decision,
    version: row.version,
  };
}
