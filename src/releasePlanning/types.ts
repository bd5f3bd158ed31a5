// The release plan of an episode (API.md `PUT /api/v1/episodes/{id}/release-plan`; issue "Release planning"),
// as stored in release_plans.plan. Every field is optional: a plan is filled in over weeks. The expected
// release date is not here: it is an episode event, so every change is kept with who and why.

/** Release types (issue "Release planning"). */
export const RELEASE_TYPES = [
  'conditional_release',
  'parole',
  'home_detention_curfew',
  'end_of_sentence',
  'release_from_court',
  'recall_release',
  'ipp_licence',
  'deportation_or_irc',
] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export const ACCOMMODATION_STATUSES = ['settled', 'unsettled', 'none'] as const;
export type AccommodationStatus = (typeof ACCOMMODATION_STATUSES)[number];

export interface ReleasePlan {
  releaseType?: ReleaseType;
  /** Remand, court or parole pending: the date may move, or release come without warning. */
  releaseUncertain?: boolean;
  destination?: { address?: string; postcode?: string; localAuthority?: string };
  /** The approved premises the person goes to, by name; absent when not going to one. */
  approvedPremises?: string;
  gp?: { registered: boolean; practice?: string };
  medicationOnRelease?: boolean;
  /** The national measure: engagement with community treatment within 21 days of release. */
  substanceMisuse?: { needed: boolean; appointmentDate?: string; service?: string };
  mentalHealthHandover?: { needed: boolean; done: boolean; service?: string };
  /** Duty to Refer (Homelessness Reduction Act 2017) for those at risk of homelessness. */
  accommodation?: { status: AccommodationStatus; dutyToReferDate?: string; dutyToReferLocalAuthority?: string };
  idAndMoney?: boolean;
  localProbationInformed?: boolean;
  communityServicesInformed?: boolean;
  needsFlaggedToCourt?: boolean;
  meetAtTheGate?: { planned: boolean; by?: string };
  /** What happens if release comes unplanned (from court, earlier than expected). */
  contingencyPlan?: string;
}
