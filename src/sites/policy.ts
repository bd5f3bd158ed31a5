/**
 * Sites and their policies. PRODUCT.md "Sites and their rules": "Each team is a site with a service
 * model and a policy. Policies are data, versioned with an effective date, and every eligibility
 * decision records the policy version it used." The rules themselves live in src/eligibility/; this
 * file holds only the shape of the data they read and a few lookups over it. Pure: `now` is passed in.
 */
import { londonDate } from '../identifiers/dates.ts';

export type ServiceModel = 'RECONNECT' | 'ENHANCED_RECONNECT';

/** API.md "The referral body": the values of `source.type`. */
export const SOURCE_TYPES = [
  'probation',
  'nsd',
  'counter_terrorism',
  'reconnect',
  'opd',
  'channel',
  'prison_healthcare',
  'liaison_diversion',
  'prison_staff',
  'self',
  'family_friend',
  'other',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** API.md: `roshLevel` (risk of serious harm) is `low`, `medium`, `high` or `very_high`. */
export const ROSH_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;
export type RoshLevel = (typeof ROSH_LEVELS)[number];

/** Plain-English names for messages and pages. */
export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  probation: 'HMPPS probation',
  nsd: 'National Security Division (NSD)',
  counter_terrorism: 'counter terrorism',
  reconnect: 'a RECONNECT service',
  opd: 'the Offender Personality Disorder (OPD) pathway',
  channel: 'Channel',
  prison_healthcare: 'prison healthcare',
  liaison_diversion: 'liaison and diversion',
  prison_staff: 'prison staff',
  self: 'the person themselves (self-referral)',
  family_friend: 'friends and family',
  other: 'another referrer',
};

/** Dated permission to refer: `from` and `until` are ISO dates, both inclusive; no `until` = open-ended. */
export interface ReferralSourceRule {
  type: SourceType;
  from: string;
  until?: string;
}

/** How a rule the site treats as negotiable affects the outcome: `hard` fail → ineligible, `soft` fail → discretionary. */
export type RuleStrength = 'hard' | 'soft';

/**
 * What to do with a referral made before the pre-release window opens (policy.preReleaseMonths
 * before the expected release date):
 * - `accept`: accept now; the episode waits for the window (API.md episode status `awaiting_window`).
 * - `discretionary`: a manager decides.
 * - `refer_again`: ineligible for now, with the date from which to refer again.
 */
export type EarlyReferralHandling = 'accept' | 'discretionary' | 'refer_again';

/** The test for Enhanced RECONNECT priority group 3, which differs by site (PRODUCT.md). */
export type Group3Test =
  /** Birmingham & Solihull: at least `minimumCriteria` of the 8 criteria and not eligible for IIRMS. */
  | { test: 'criteria'; minimumCriteria: number; excludeIirmsEligible: boolean }
  /** Lancashire & Cumbria: other high / very high risk of violent or sexual harm. */
  | { test: 'high_risk_of_harm'; roshLevels: RoshLevel[] };

export interface EnhancedReconnectEligibility {
  kind: 'enhanced_reconnect';
  /** RoSH levels the service works with (seed 001: "ER only works with ... high or very high risk"). */
  roshLevels: RoshLevel[];
  /** Groups accepted for assessment without further test (seed 000: groups one and two). */
  automaticGroups: (1 | 2)[];
  group3: Group3Test;
  /** Whether living in / resettling to the catchment is a hard or soft requirement. */
  catchment: RuleStrength;
  /** Birmingham & Solihull's soft criteria (seed 000); both false at sites without them. */
  softCriteria: { complexHealthNeeds: boolean; openToProbationOrNsd: boolean };
  earlyReferral: EarlyReferralHandling;
}

export interface ReconnectEligibility {
  kind: 'reconnect';
  minimumAge: number;
  /** RoSH levels the service works with: low to moderate (PRODUCT.md). */
  roshLevels: RoshLevel[];
  /** People released within this many days may still be accepted (PRODUCT.md: "the last 28 days"). */
  recentLeaverDays: number;
  earlyReferral: EarlyReferralHandling;
}

/** The site-specific settings the eligibility engine reads. */
export type EligibilityConfig = EnhancedReconnectEligibility | ReconnectEligibility;

export interface SitePolicy {
  version: string;
  effectiveFrom: string;
  screeningHours: number;
  preReleaseMonths: number;
  postReleaseMonths: number;
  /** Local authority / area names as in PRODUCT.md. */
  catchment: string[];
  /** Places within the catchment (districts, cities) also recognised as in it; matching only. */
  catchmentPlaces?: string[];
  referralSources: ReferralSourceRule[];
  eligibility: EligibilityConfig;
  /** The most cases one worker should lead (Enhanced RECONNECT caseloads are small): a warning when over, not a block. */
  maxCaseloadPerWorker?: number;
  /** Weeks between reviews of a support plan. */
  planReviewWeeks?: number;
  /** The pre-release checklist items this site asks for (releasePlanning/checklist.ts); all of them when absent. */
  releaseChecklist?: ReleaseChecklistItem[];
  /** The safety-net worklist's thresholds (worklist/thresholds.ts holds the defaults). */
  worklist?: Partial<WorklistThresholds>;
}

/** The pre-release checklist (issue "Release planning"): what must be in place before the person leaves custody. */
export const RELEASE_CHECKLIST_ITEMS = [
  'gp_registration',
  'medication_on_release',
  'substance_misuse_appointment',
  'mental_health_handover',
  'accommodation',
  'id_and_money',
  'local_probation_informed',
  'community_services_informed',
  'needs_flagged_to_court',
  'meet_at_the_gate',
  'contingency_plan',
] as const;
export type ReleaseChecklistItem = (typeof RELEASE_CHECKLIST_ITEMS)[number];

/** Days (working days where named so) after which the safety net raises an item; see worklist/rules.ts. */
export interface WorklistThresholds {
  /** Screening due within this many hours → `screening_due_soon`. */
  screeningDueSoonHours: number;
  /** Release within this many days with the plan incomplete → `release_plan_incomplete`. */
  releasePlanDays: number;
  /** No contact within this many working days of release → `no_contact_after_release`. */
  contactAfterReleaseWorkingDays: number;
  /** GP not registered by this day after release → `gp_not_registered`. */
  gpRegisteredByDay: number;
  /** Community substance misuse appointment within this many days of release (the national measure: 21). */
  substanceMisuseDays: number;
  /** No contact for this many days → `no_recent_contact`. */
  noContactDays: number;
  /** Support ending within this many days with no closure plan → `support_ending`. */
  supportEndingDays: number;
  /** Consent reviewed at least this often → `consent_review_due`. */
  consentReviewDays: number;
}

export interface SiteDefinition {
  code: string;
  name: string;
  model: ServiceModel;
  provider: string;
  policies: SitePolicy[];
}

/** The latest policy whose effective date has arrived (England's calendar date at `now`). */
export function policyInForce(site: SiteDefinition, now: Date): SitePolicy | undefined {
  const today = londonDate(now);
  let best: SitePolicy | undefined;
  for (const policy of site.policies) {
    if (policy.effectiveFrom <= today && (!best || policy.effectiveFrom > best.effectiveFrom)) best = policy;
  }
  return best;
}

function sourceRuleInForce(rule: ReferralSourceRule, today: string): boolean {
  return rule.from <= today && (rule.until === undefined || today <= rule.until);
}

/** The referral sources the policy accepts today, in SOURCE_TYPES order, without repeats. */
export function sourcesInForce(policy: SitePolicy, now: Date): SourceType[] {
  const today = londonDate(now);
  const types = new Set(policy.referralSources.filter((rule) => sourceRuleInForce(rule, today)).map((r) => r.type));
  return SOURCE_TYPES.filter((type) => types.has(type));
}

/** The first date on or after `now` from which the policy accepts this source, if any (for messages). */
export function sourceAcceptedFrom(policy: SitePolicy, type: SourceType, now: Date): string | undefined {
  const today = londonDate(now);
  const future = policy.referralSources
    .filter((rule) => rule.type === type && rule.from > today)
    .map((rule) => rule.from)
    .sort();
  return future[0];
}

const AREA_PREFIXES = /^(?:the )?(?:city and county of |city of |county of |royal borough of |borough of )/;
const AREA_SUFFIXES = / (?:metropolitan borough|borough|city|county|district|unitary)? ?council$/;

/**
 * Reduces an area name to a comparable key, so that "Southend-on-Sea", "southend on sea",
 * "Blackburn with Darwen Borough Council", "Westmorland & Furness" and "St. Albans" all match the
 * names in the catchment.
 */
export function normaliseAreaName(area: string): string {
  return area
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(AREA_PREFIXES, '')
    .replace(AREA_SUFFIXES, '')
    .trim();
}

/** The policy's catchment names, normalised once per policy (the worklist asks for every open case). */
const CATCHMENT_NAMES = new WeakMap<SitePolicy, Set<string>>();
function catchmentNames(policy: SitePolicy): Set<string> {
  let names = CATCHMENT_NAMES.get(policy);
  if (!names) {
    names = new Set([...policy.catchment, ...(policy.catchmentPlaces ?? [])].map(normaliseAreaName));
    CATCHMENT_NAMES.set(policy, names);
  }
  return names;
}

/**
 * Whether an area lies in the policy's catchment. Accepts a local authority or a place within it,
 * and tolerates "Preston, Lancashire" (any comma- or slash-separated part may match).
 */
export function inCatchment(policy: SitePolicy, area: string): boolean {
  const names = catchmentNames(policy);
  const candidates = [area, ...area.split(/[,/]/)].map(normaliseAreaName).filter((name) => name !== '');
  return candidates.some((candidate) => names.has(candidate));
}

/**
 * The sites whose policy in force covers an area: used to signpost an out-of-area referral to the
 * team that covers it (PRODUCT.md: "Out-of-area releases hand over to the team covering that area").
 */
export function sitesCovering(area: string, sites: readonly SiteDefinition[], now: Date): SiteDefinition[] {
  return sites.filter((site) => {
    const policy = policyInForce(site, now);
    return policy !== undefined && inCatchment(policy, area);
  });
}
