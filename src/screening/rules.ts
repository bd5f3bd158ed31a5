// The pure rules of the screening queue (PRODUCT.md journey, step 2: "Screening within the site's deadline").

export const QUEUE_STATUSES = ['open', 'awaiting_screening', 'information_requested', 'accepted', 'declined'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** "Waiting for a decision": awaiting screening, or waiting for the referrer's answer. */
export function statusesOf(status: QueueStatus): { statuses: string[] } | { status: string } {
  return status === 'open' ? { statuses: ['awaiting_screening', 'information_requested'] } : { status };
}

/** Overdue: still awaiting screening, the clock running (not paused for the referrer), and past due. */
export function isOverdue(
  r: { status: string; screeningPausedAt: Date | null; screeningDueAt: Date },
  now: Date,
): boolean {
  return r.status === 'awaiting_screening' && !r.screeningPausedAt && r.screeningDueAt < now;
}

/** What an acceptance needs, from the referral's eligibility and what the person said about consent. */
export interface AcceptanceFacts {
  outcome: string;
  /** `consent.given` as the referral says it: false when the person has not consented or has withdrawn it. */
  consentGiven: boolean | null | undefined;
}

export type AcceptanceCheck =
  | { ok: true; override: boolean }
  | { ok: false; refusal: 'no_consent' | 'manager_only' | 'reason_needed'; message: string };

/**
 * Issue 10, "Hard requirements are advisory": "Accepting an ineligible referral needs a manager's explicit
 * override with a reason, shown on the record and audited; consent withdrawn stops new episodes." Consent is
 * the one hard requirement no override reaches (PRODUCT.md: "Consent to the referral is required").
 */
export function acceptanceCheck(
  facts: AcceptanceFacts,
  decider: { managesSite: boolean },
  overrideReason: string | undefined,
): AcceptanceCheck {
  if (facts.consentGiven === false)
    return {
      ok: false,
      refusal: 'no_consent',
      message:
        'The person has not consented to the referral, or has withdrawn consent. It cannot be accepted, even with an override, until they consent.',
    };
  if (facts.outcome !== 'ineligible') return { ok: true, override: false };
  if (!decider.managesSite)
    return {
      ok: false,
      refusal: 'manager_only',
      message:
        'This referral does not meet a hard requirement. Only a manager of the team can accept it, with a reason for the override.',
    };
  if (!overrideReason?.trim())
    return {
      ok: false,
      refusal: 'reason_needed',
      message: 'This referral does not meet a hard requirement: enter why you are accepting it anyway',
    };
  return { ok: true, override: true };
}
