/**
 * The safety net's default thresholds; a site's policy may override any of them (`policy.worklist`,
 * sites/policy.ts WorklistThresholds). Where each number comes from:
 */
import { policyInForce, type SiteDefinition, type WorklistThresholds } from '../sites/policy.ts';

export const DEFAULT_THRESHOLDS: WorklistThresholds = {
  /** Warn while there is still a working half-day to screen in (ER screens within 48 hours: seed 001). */
  screeningDueSoonHours: 12,
  /** Issue "safety-net worklist": release in ≤ 14 days with the plan incomplete. */
  releasePlanDays: 14,
  /** Issue: no contact within 2 working days of release. */
  contactAfterReleaseWorkingDays: 2,
  /** Issue and PRODUCT.md step 8: GP not registered by day 7. */
  gpRegisteredByDay: 7,
  /** The national measure: engagement with community substance misuse treatment within 21 days of release. */
  substanceMisuseDays: 21,
  /** Issue: no contact for 14 days. */
  noContactDays: 14,
  /** Issue: support ending within 28 days with no closure plan. */
  supportEndingDays: 28,
  /** PRODUCT.md step 8 "consent to review": every six months, about twice in an ER episode (seed 000: 6 + 12 months). */
  consentReviewDays: 182,
};

/** The thresholds of the site's policy in force at `asOf`, over the defaults. */
export function thresholdsOf(site: SiteDefinition | undefined, asOf: Date): WorklistThresholds {
  const policy = site ? policyInForce(site, asOf) : undefined;
  return { ...DEFAULT_THRESHOLDS, ...(policy?.worklist ?? {}) };
}
