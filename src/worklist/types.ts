// The safety-net worklist's input (the state of every open referral and episode a viewer may see) and its
// output (items). API.md "The safety-net worklist".
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import type { SiteDefinition, WorklistThresholds } from '../sites/policy.ts';
import type { EpisodeEvent } from '../episodes/phases.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';

export const WORKLIST_RULES = [
  'screening_due_soon',
  'screening_overdue',
  'release_plan_incomplete',
  'no_contingency_plan',
  'release_date_changed',
  'no_contact_after_release',
  'gp_not_registered',
  'substance_misuse_link_missing',
  'accommodation_unsettled',
  'out_of_area_no_handover',
  'no_recent_contact',
  'support_ending',
  'consent_review_due',
  'action_overdue',
  'break_glass_unreviewed',
] as const;
export type WorklistRule = (typeof WORKLIST_RULES)[number];

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_TITLES: Record<WorklistRule, string> = {
  screening_due_soon: 'Screening due soon',
  screening_overdue: 'Screening overdue',
  release_plan_incomplete: 'Release soon, plan incomplete',
  no_contingency_plan: 'No contingency plan',
  release_date_changed: 'Release date changed',
  no_contact_after_release: 'No contact since release',
  gp_not_registered: 'GP not registered',
  substance_misuse_link_missing: 'Substance misuse link not made',
  accommodation_unsettled: 'Accommodation not settled',
  out_of_area_no_handover: 'Out of area, no handover',
  no_recent_contact: 'No recent contact',
  support_ending: 'Support ending',
  consent_review_due: 'Consent to review',
  action_overdue: 'Action overdue',
  break_glass_unreviewed: 'Emergency access to review',
};

/** A referral waiting for screening. */
export interface ScreeningCase {
  referralId: string;
  reference: string;
  personName: string;
  siteCode: string;
  screeningDueAt: Date;
  /** The clock is paused while the referrer is asked for more information. */
  paused: boolean;
}

/** An episode event as stored, with when it was recorded and (for a release) where to. */
export type RecordedEpisodeEvent = EpisodeEvent & {
  recordedAt: Date;
  destination?: { postcode: string; localAuthority: string } | null;
};

export interface PlanAction {
  id: string;
  description: string;
  dueOn: string | null;
  /** `not_started`, `in_progress`, `done` or `cancelled`. */
  status: string;
  ownerUserId: string | null;
}

/** An open episode of care with everything the rules read. */
export interface EpisodeCase {
  episodeId: string;
  referralId: string;
  reference: string;
  personName: string;
  siteCode: string;
  leadWorkerId: string | null;
  coWorkerIds: string[];
  openedOn: string;
  events: RecordedEpisodeEvent[];
  releasePlan: { plan: ReleasePlan; updatedAt: Date } | null;
  /** The latest contact the person attended (a did-not-attend is not contact). */
  lastAttendedContactAt: Date | null;
  handovers: { kind: string; status: string; toSiteCode: string }[];
  actions: PlanAction[];
  /** The latest review of the support plan. */
  lastPlanReviewOn: string | null;
  /** The referral's consent (API.md referral body `consent`). */
  consent: { given: boolean; date: string } | null;
  /** The referral's `criteria.substanceMisuse`, used until the release plan says whether treatment is needed. */
  substanceMisuseNeed: boolean | null;
  /**
   * The links actually made after release (outcomes, `PUT /api/v1/episodes/{id}/outcomes`): the worklist and the
   * outcomes read the same facts, so a GP registration or a treatment start recorded there clears the item.
   */
  linksMade?: { gpRegisteredOn: string | null; substanceMisuseEngagedOn: string | null } | null;
}

/** A break-glass use not yet reviewed: loaded only for the managers of the referral's site. */
export interface BreakGlassCase {
  grantId: string;
  referralId: string;
  reference: string;
  personName: string;
  siteCode: string;
  usedByName: string;
  usedAt: Date;
}

export interface WorklistState {
  /** Every site: out-of-area releases are matched against the teams covering the destination. */
  sites: readonly SiteDefinition[];
  screening: ScreeningCase[];
  episodes: EpisodeCase[];
  /** Unreviewed break-glass uses at the sites the viewer manages (none for anyone else). */
  breakGlass?: BreakGlassCase[];
}

export interface WorklistItem {
  rule: WorklistRule;
  severity: Severity;
  /** Why, and what to do, in plain words. */
  message: string;
  /** The page where it is fixed. */
  link: string;
  /** When it fell due (for `screening_due_soon`, when it will). */
  dueAt: Date;
  siteCode: string;
  referralId: string;
  episodeId?: string;
  reference: string;
  personName: string;
  leadWorkerId?: string;
  coWorkerIds?: string[];
  /** The team member who owns an overdue action. */
  ownerUserId?: string;
  /** A meeting's overdue action (API.md: `action_overdue` "with the action's `actionId`"). */
  actionId?: string;
}

/**
 * The overdue actions of the meetings around the people on the worklist: open actions past their `dueOn`, for
 * a viewer (narrowed to what they may see) or for the system's digest. The meetings' action service answers it.
 */
export type MeetingActionsOverdue = (
  db: Queryable,
  reader: Viewer | 'system',
  siteCodes: readonly string[],
  asOf: Date,
) => Promise<WorklistItem[]>;

/** The first `first` of a viewer's MeetingActionsOverdue in the worklist's order and how many there are (`mineOf`: theirs only). */
export type FirstMeetingActionsOverdue = (
  db: Queryable,
  viewer: Viewer,
  siteCodes: readonly string[],
  asOf: Date,
  page: { first: number; mineOf?: string | undefined },
) => Promise<{ items: WorklistItem[]; total: number }>;

export type ThresholdsFor = (siteCode: string) => WorklistThresholds;
