// The URIs the facade names things by. The NHS number's system is UK Core's (UKCore-Patient, identifier
// slice nhsNumber: https://fhir.nhs.uk/Id/nhs-number); everything this service defines itself (prison
// number, CRN, PNC ID, referral reference, site code, its code systems and extensions) is named under this
// service's own base URL, so a receiver can tell them apart from national systems.
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

export function systemsOf(publicUrl: string) {
  const base = `${publicUrl}/fhir`;
  return {
    prisonNumber: `${base}/Id/prison-number`,
    crn: `${base}/Id/crn`,
    pncId: `${base}/Id/pnc-id`,
    referralReference: `${base}/Id/referral-reference`,
    siteCode: `${base}/Id/site-code`,
    referralSource: `${base}/CodeSystem/referral-source`,
    eligibilityOutcome: `${base}/CodeSystem/eligibility-outcome`,
    episodePhase: `${base}/CodeSystem/episode-phase`,
    partnerKind: `${base}/CodeSystem/partner-kind`,
    contactType: `${base}/CodeSystem/contact-type`,
    contactOutcome: `${base}/CodeSystem/contact-outcome`,
    carePlanCategory: `${base}/CodeSystem/care-plan-category`,
    needDomain: `${base}/CodeSystem/need-domain`,
    taskSource: `${base}/CodeSystem/task-source`,
    actionStatus: `${base}/CodeSystem/action-status`,
    instrument: `${base}/CodeSystem/wellbeing-measure`,
    measureComponent: `${base}/CodeSystem/wellbeing-measure-component`,
    core10Band: `${base}/CodeSystem/core10-band`,
    /** The Questionnaire a QuestionnaireResponse answers, by canonical URL (items by number only: no wording). */
    questionnaire: (instrument: string) => `${base}/Questionnaire/${instrument}`,
    extension: (name: ExtensionName) => `${base}/StructureDefinition/${name}`,
  };
}

export type Systems = ReturnType<typeof systemsOf>;

/** What a referral needs that ServiceRequest has no element for, each an extension of this service's own. */
export const EXTENSIONS = [
  'consent-given',
  'consent-date',
  'custody-status',
  'custody-establishment',
  'expected-release-date',
  'rosh-level',
  'priority-group',
  'open-to-probation',
] as const;
export type ExtensionName = (typeof EXTENSIONS)[number];
