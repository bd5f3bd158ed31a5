// Rows to the view model the API returns and the pages render (views never see raw rows).
import type { SiteDefinition } from '../sites/policy.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import type { DuplicateView } from '../people/service.ts';
import type { Viewer } from '../access/viewer.ts';
import { can, type ReferralFacts } from '../access/policy.ts';
import type { AccessService } from '../access/service.ts';
import type { TimelineEntry } from '../timeline/service.ts';
import { formatDate } from '../web/format.ts';
import { stepsFor } from './form/steps.ts';
import { displayAnswer, type Data } from './form/fieldCodec.ts';
import type { ReferralListRow, ReferralRow } from './repository.ts';
import type { ReferralBody } from './schema.ts';

type SentPerson = Partial<Record<'nhsNumber' | 'prisonNumber' | 'crn' | 'pncId', string | null>>;

/**
 * The person as this referral names them: what its referrer sent, never the shared person record, which
 * may hold what another referrer or team was told (issue: trust, second pass, "duplicate matching").
 */
export function referralPerson(row: Pick<ReferralRow, 'givenName' | 'familyName' | 'dateOfBirth' | 'details'>) {
  const sent = (row.details as { person?: SentPerson } | null)?.person ?? {};
  return {
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    nhsNumber: sent.nhsNumber ?? null,
    prisonNumber: sent.prisonNumber ?? null,
    crn: sent.crn ?? null,
    pncId: sent.pncId ?? null,
  };
}

/** The person as one referral names them, versioned by that referral (the FHIR facade's Patient). */
export function presentNamedPerson(
  row: Pick<ReferralRow, 'id' | 'personId' | 'givenName' | 'familyName' | 'dateOfBirth' | 'details' | 'version'> & {
    updatedAt: Date;
  },
) {
  return {
    referralId: row.id,
    personId: row.personId,
    person: referralPerson(row),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type NamedPersonView = ReturnType<typeof presentNamedPerson>;

/**
 * Whether to say the record is restricted. Its submitter, seeing it only as the one who sent it, is told
 * of a restriction they asked for (priority groups 1 and 2), not of one that came from the person's other
 * records or a manager's decision: that would tell them something about the person they may not know.
 */
export function restrictionShown(
  row: Pick<ReferralRow, 'restricted' | 'restrictionSource' | 'submittedBy' | 'siteCode'>,
  viewer: Viewer,
): boolean {
  if (!row.restricted) return false;
  const onlyAsSubmitter =
    row.submittedBy === viewer.id && !(viewer.role === 'manager' && viewer.siteCodes.includes(row.siteCode));
  return !onlyAsSubmitter || row.restrictionSource === 'priority_group';
}

interface InformationRequestRow {
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export interface ReferralExtras {
  viewer: Viewer;
  duplicates: DuplicateView;
  earlierReferrals: Pick<ReferralRow, 'id' | 'reference' | 'siteCode' | 'status' | 'receivedAt'>[];
  informationRequests: InformationRequestRow[];
  episodes: { id: string; siteCode: string; openedOn: string; closedReason: string | null }[];
  site: SiteDefinition | undefined;
}

export function presentReferral(row: ReferralRow, extras: ReferralExtras) {
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
    person: referralPerson(row),
    possibleDuplicates: extras.duplicates.possibleDuplicates,
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
    restricted: restrictionShown(row, extras.viewer),
    /** Why, for the site's managers only (they keep who may see it). */
    restrictionReason:
      row.restricted && extras.viewer.role === 'manager' && extras.viewer.siteCodes.includes(row.siteCode)
        ? row.restrictedReason
        : null,
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
    /** A manager's override of a hard requirement at acceptance (issue 10): the team's record, not the referrer's. */
    eligibilityOverride: can(extras.viewer, 'readAsTeam', row) ? overrideOf(row.eligibilityOverride) : null,
    informationRequests: extras.informationRequests.map((r) => ({
      question: r.question,
      askedAt: r.askedAt.toISOString(),
      answer: r.answer,
      answeredAt: r.answeredAt?.toISOString() ?? null,
    })),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ReferralView = ReturnType<typeof presentReferral>;

interface StoredOverride {
  reason: string;
  byName?: string;
  at: string;
  rules?: string[];
}

function overrideOf(stored: unknown): { reason: string; by: string | null; at: string; rules: string[] } | null {
  if (!stored || typeof stored !== 'object') return null;
  const o = stored as StoredOverride;
  return { reason: o.reason, by: o.byName ?? null, at: o.at, rules: o.rules ?? [] };
}

/** The short form used in lists (API list and the pages' tables). */
export function presentReferralSummary(row: ReferralListRow, viewer: Viewer) {
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
    restricted: restrictionShown(row, viewer),
    decision: row.decision,
    version: row.version,
  };
}

/** What the referrer said, grouped as the form asked it (the referral page's "What the referrer told us"). */
export function detailSections(view: ReferralView, model: string | undefined) {
  const data = view.referral as unknown as Data;
  return stepsFor(model)
    .filter((s) => s.slug !== 'site')
    .map((step) => ({
      title: step.title,
      rows: step.fields.map((f) => ({
        key: { text: f.summaryLabel ?? f.label },
        value: { text: displayAnswer(f, data, formatDate) },
      })),
    }));
}

export interface ReferralPageParts {
  view: ReferralView;
  /** The stored facts (not the view, which may say less) that abilities are judged on. */
  facts: ReferralFacts;
  viewer: Viewer;
  timeline: TimelineEntry[];
  grants: Awaited<ReturnType<AccessService['grantsFor']>>;
  model: string | undefined;
}

/** The referral page: the referral, its timeline, who may see it, and what this viewer may do with it. */
export function presentReferralPage({ view, facts, viewer, timeline, grants, model }: ReferralPageParts) {
  const team = can(viewer, 'viewScreeningQueue');
  return {
    pageTitle: `Referral ${view.reference}`,
    section: team ? 'screening' : 'referrals',
    backHref: team ? `/screening?site=${view.site}` : '/referrals',
    referral: view,
    timeline,
    detailSections: detailSections(view, model),
    canScreen: can(viewer, 'screen', facts),
    canOverride: can(viewer, 'screen', facts) && can(viewer, 'manageNeedToKnow', facts),
    grants,
    showNeedToKnow: can(viewer, 'manageNeedToKnow', facts),
    canOpenEpisode: can(viewer, 'readAsTeam', facts),
    canAnswer: can(viewer, 'answerInformationRequest', facts),
    openQuestion: view.informationRequests.find((r) => !r.answeredAt),
  };
}
