// What the receiving team's own referral holds, made when it accepts a handover (issue 4: "the receiving
// site accepts, and sees the history the person consented to share"). Pure: the sending referral, the
// handover and `now` are passed in; decisionService.ts stores it.
//
// - It is accepted from the start (the receiving team's decision is its screening); its source is a
//   RECONNECT service (seed 001 lists RECONNECT among ER's referrers).
// - Its details are what the handover carried: the person as the sending referral names them, the custody
//   dates, and the summary the person agreed to share as its health needs, marked `arrivedBy` the handover.
//   Nothing else of the sending referral is copied, except its need-to-know: a restricted person stays
//   restricted.
// - Decision: it is recorded as submitted by the receiving team member who accepted it, not by the sender,
//   so the sending team does not see the receiving team's record through "referrers see what they
//   submitted" (access/scopes.ts referralScope).
import type { Viewer } from '../access/viewer.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { referralPerson } from '../referrals/presenter.ts';
import { policyInForce, type SiteDefinition } from '../sites/policy.ts';
import type { HandoverRow, NewReferral, ReferralRow } from './repository.ts';
import { KIND_TEXT, type HandoverKind } from './rules.ts';

/** The sending episode's phase, as far as the receiving episode carries it over. */
export interface SendingPhase {
  status: 'awaiting_window' | 'pre_release' | 'post_release' | 'paused' | 'closed';
  expectedReleaseDate: string | null;
  lastReleasedOn: string | null;
}

/**
 * The custody facts the receiving episode starts from (issue 4: "carry over the expected release date or
 * release date"), in the referral body's shape so the receiving episode seeds its events as any other.
 * Back in custody after a recall: the expected date is not known until the team sets it again.
 */
export function custodyFrom(phase: SendingPhase): {
  status: 'in_custody' | 'in_community';
  expectedReleaseDate: string | null;
  releaseDate: string | null;
} {
  if (phase.status === 'post_release' && phase.lastReleasedOn)
    return { status: 'in_community', expectedReleaseDate: null, releaseDate: phase.lastReleasedOn };
  if (phase.status === 'paused') return { status: 'in_custody', expectedReleaseDate: null, releaseDate: null };
  return { status: 'in_custody', expectedReleaseDate: phase.expectedReleaseDate, releaseDate: null };
}

export interface ReceivingReferralInput {
  id: string;
  reference: string;
  handover: HandoverRow;
  sendingReferral: ReferralRow;
  /** The person the sending episode is of: the receiving episode is of the same person. */
  personId: string;
  sendingPhase: SendingPhase;
  from: SiteDefinition;
  to: SiteDefinition;
  requesterName: string;
  decider: Viewer;
  note: string | undefined;
}

/** How it arrived, in the words of its eligibility reason and its timeline entry. */
export function arrivedText(kind: HandoverKind, from: SiteDefinition, decider: Viewer, now: Date): string {
  return `Arrived by ${KIND_TEXT[kind].toLowerCase()} from ${from.name}, accepted by ${decider.name} on ${formatIsoDateLong(londonDate(now))}.`;
}

export function receivingReferral(input: ReceivingReferralInput, now: Date): NewReferral {
  const { handover, sendingReferral, from, to, decider } = input;
  const kind = handover.kind as HandoverKind;
  const policy = policyInForce(to, now) ?? to.policies.at(-1);
  const arrived = arrivedText(kind, from, decider, now);
  const eligibility: EligibilityResult = {
    outcome: 'eligible',
    priorityGroup:
      to.model === 'ENHANCED_RECONNECT' ? (sendingReferral.priorityGroup as EligibilityResult['priorityGroup']) : null,
    criteriaMet: 0,
    policyVersion: policy?.version ?? '',
    signposting: [],
    reasons: [
      {
        rule: 'arrived_by_handover',
        result: 'pass',
        message: `${arrived} The receiving team’s acceptance stands for screening.`,
      },
    ],
  };
  const details = {
    site: to.code,
    source: { type: 'reconnect', organisation: from.name, name: input.requesterName },
    // The person as the sending team's referral knows them, never the shared person record.
    person: referralPerson(sendingReferral),
    consent: { given: true, date: londonDate(handover.requestedAt) },
    custody: custodyFrom(input.sendingPhase),
    healthNeeds: handover.summary,
    arrivedBy: {
      handoverId: handover.id,
      kind,
      fromSite: from.code,
      fromSiteName: from.name,
      reason: handover.reason,
      summary: handover.summary,
      requestedAt: handover.requestedAt.toISOString(),
    },
  };
  return {
    id: input.id,
    reference: input.reference,
    siteCode: to.code,
    personId: input.personId,
    givenName: sendingReferral.givenName,
    familyName: sendingReferral.familyName,
    dateOfBirth: sendingReferral.dateOfBirth,
    submittedBy: decider.id,
    status: 'accepted',
    sourceType: 'reconnect',
    receivedAt: now,
    screeningDueAt: now,
    details,
    eligibility,
    outcome: eligibility.outcome,
    priorityGroup: eligibility.priorityGroup,
    restricted: sendingReferral.restricted,
    restrictedReason: sendingReferral.restrictedReason,
    restrictionSource: sendingReferral.restrictionSource,
    retentionClass: sendingReferral.retentionClass,
    decision: 'accept',
    decisionReason: input.note || 'Accepted at handover',
    decidedBy: decider.id,
    decidedAt: now,
    version: 1,
    updatedAt: now,
  };
}
