// Consent to share and the lawful basis of each disclosure (issue 11: "Consent and the information-sharing
// log"). Pure: the consent records and the date are passed in.
//
// Sources:
// - UK GDPR art. 6(1): the lawful bases of processing: (a) consent, (c) legal obligation, (d) vital
//   interests, (e) public task. Art. 7(3): consent may be withdrawn at any time, and "the withdrawal of
//   consent shall not affect the lawfulness of processing based on consent before its withdrawal".
// - UK GDPR art. 9(2): health data also needs a condition, such as 9(2)(h) health or social care, or
//   9(2)(g) substantial public interest; Data Protection Act 2018 sch. 1 para. 18 ("safeguarding of children
//   and of individuals at risk") is the one safeguarding rests on.
// - The Caldicott principles (National Data Guardian, 2020): justify the purpose (1), use the minimum
//   necessary (3), and principle 7, "the duty to share information for individual care is as important as
//   the duty to protect patient confidentiality".
// - HM Government, "Information sharing: advice for practitioners" (2018): record the decision and the
//   reasons for it, whether or not you share.

export const LAWFUL_BASES = ['consent', 'safeguarding', 'public_task', 'vital_interests', 'legal_obligation'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const LAWFUL_BASIS_TEXT: Record<LawfulBasis, string> = {
  consent: 'Consent (UK GDPR article 6(1)(a))',
  safeguarding: 'Safeguarding an individual at risk (DPA 2018 schedule 1 paragraph 18; article 9(2)(g))',
  public_task: 'Public task (UK GDPR article 6(1)(e))',
  vital_interests: 'Vital interests: to protect someone’s life (UK GDPR article 6(1)(d))',
  legal_obligation: 'Legal obligation (UK GDPR article 6(1)(c))',
};

export const SHARING_DIRECTIONS = ['sent', 'received', 'declined'] as const;
export type SharingDirection = (typeof SHARING_DIRECTIONS)[number];

export const DIRECTION_TEXT: Record<SharingDirection, string> = {
  sent: 'Shared with',
  received: 'Received from',
  declined: 'Request declined from',
};

export const CONSENT_STATUSES = ['given', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_STATUS_TEXT: Record<ConsentStatus, string> = {
  given: 'Consent given',
  refused: 'Consent refused',
  withdrawn: 'Consent withdrawn',
};

export interface ConsentRecord {
  id: string;
  partnerId: string;
  status: ConsentStatus;
  recordedOn: string;
  scope: string | null;
  /** Ties between records of one day are broken by when they were entered. */
  recordedAt: Date;
}

/** The latest decision about this partner on or before `on`: what was in force that day. */
export function consentInForce(
  records: readonly ConsentRecord[],
  partnerId: string,
  on: string,
): ConsentRecord | undefined {
  let found: ConsentRecord | undefined;
  for (const r of records) {
    if (r.partnerId !== partnerId || r.recordedOn > on) continue;
    if (
      !found ||
      r.recordedOn > found.recordedOn ||
      (r.recordedOn === found.recordedOn && r.recordedAt > found.recordedAt)
    )
      found = r;
  }
  return found;
}

/** The status a `given: false` answer stands for: withdrawn when consent had been given, else refused. */
export function statusOfAnswer(given: boolean, before: ConsentRecord | undefined): ConsentStatus {
  if (given) return 'given';
  return before?.status === 'given' ? 'withdrawn' : 'refused';
}

export type ConsentCheck = { allowed: true; consent: ConsentRecord } | { allowed: false; reason: string };

/**
 * May this be shared with (or received from) the partner on the basis of the person's consent, on `on`?
 * Only if consent given on or before that day is still in force then (art. 7(3)).
 */
export function consentCheck(
  records: readonly ConsentRecord[],
  partner: { id: string; name: string },
  on: string,
  formatDate: (iso: string) => string,
): ConsentCheck {
  const inForce = consentInForce(records, partner.id, on);
  if (inForce?.status === 'given') return { allowed: true, consent: inForce };
  const other = ' Record their consent first, or choose another lawful basis and say why.';
  if (!inForce) {
    const later = records.find((r) => r.partnerId === partner.id && r.recordedOn > on && r.status === 'given');
    return {
      allowed: false,
      reason: later
        ? `Consent to share with ${partner.name} was given on ${formatDate(later.recordedOn)}, after ${formatDate(on)}.${other}`
        : `The person’s consent to share with ${partner.name} is not recorded.${other}`,
    };
  }
  return {
    allowed: false,
    reason: `The person ${inForce.status === 'withdrawn' ? 'withdrew' : 'refused'} consent to share with ${partner.name} on ${formatDate(inForce.recordedOn)}.${other}`,
  };
}

/** Every basis but consent must say why (Caldicott principle 1: justify the purpose). */
export const needsJustification = (basis: LawfulBasis | undefined, direction: SharingDirection): boolean =>
  direction === 'declined' || (basis !== undefined && basis !== 'consent');
