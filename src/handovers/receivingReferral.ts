// The receiving team's own referral, made when it accepts a handover (issue 4: "the receiving site accepts,
// and sees the history the person consented to share"). It is accepted from the start (the receiving team's
// decision is its screening), its source is a RECONNECT service (seed 001 lists RECONNECT among ER's
// referrers), and its details are what the handover carried: the person, the custody dates, and the summary
// the person agreed to share as its health needs, marked `arrivedBy` the handover. Nothing else of the
// sending referral is copied, except its need-to-know: a restricted person stays restricted.
//
// Decision: the referral is recorded as submitted by the receiving team member who accepted it, not by the
// sender, so the sending team does not see the receiving team's record through "referrers see what they
// submitted" (access/referralScope.ts).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import { referrals } from '../db/schema.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SiteDefinition } from '../sites/policy.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import { type ReferralRow } from '../referrals/repository.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { type PersonRow } from '../people/repository.ts';
import { referralPerson } from '../referrals/presenter.ts';
import type { EpisodePhase } from '../episodes/phases.ts';
import { custodyFrom } from './episodeFacts.ts';
import { KIND_TEXT, type HandoverKind } from './rules.ts';
import type { HandoverRow } from './repository.ts';

export interface ReceivingReferralInput {
  handover: HandoverRow;
  sendingReferral: ReferralRow;
  person: PersonRow;
  sendingPhase: EpisodePhase;
  from: SiteDefinition;
  to: SiteDefinition;
  requesterName: string;
  note: string | undefined;
}

export async function createReceivingReferral(
  db: Queryable,
  decider: Viewer,
  input: ReceivingReferralInput,
  now: Date,
): Promise<ReferralRow> {
  const { handover, sendingReferral, person, from, to } = input;
  const kind = handover.kind as HandoverKind;
  const today = londonDate(now);
  const [{ n }] = rowsOf<{ n: string }>(await db.execute(sql`select nextval('referral_reference_seq')::text as n`)) as [
    { n: string },
  ];
  const policy = policyInForce(to, now) ?? to.policies.at(-1);
  const arrived = `Arrived by ${KIND_TEXT[kind].toLowerCase()} from ${from.name}, accepted by ${decider.name} on ${formatIsoDateLong(today)}.`;
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
  const id = randomUUID();
  const [row] = await db
    .insert(referrals)
    .values({
      id,
      reference: `RC-${n}`,
      siteCode: to.code,
      personId: person.id,
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
    })
    .returning();
  await addTimelineEvent(db, {
    at: now,
    personId: person.id,
    referralId: id,
    actorId: decider.id,
    kind: 'referral.received',
    summary: `${arrived} Reason for the handover: ${handover.reason} What the person agreed to share: ${handover.summary}`,
  });
  await recordAudit(
    db,
    {
      actor: actorOf(decider),
      action: 'referral.received_by_handover',
      recordType: 'referral',
      recordId: id,
      details: {
        handoverId: handover.id,
        kind,
        from: from.code,
        to: to.code,
        personId: person.id,
        restricted: sendingReferral.restricted,
      },
    },
    now,
  );
  return row!;
}
