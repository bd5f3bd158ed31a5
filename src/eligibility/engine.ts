/**
 * The eligibility engine: a pure function of the referral's facts, the site and `now` (no I/O, no
 * clock). It returns every rule it applied with `pass`, `fail` or `unknown`, a plain-English message
 * and the policy version (PRODUCT.md "Eligibility outcomes").
 *
 * How the outcome follows from the rules (one principle, applied in this order):
 *
 * 1. Any HARD rule fails → `ineligible`. Hard rules are service boundaries: consent (all sites),
 *    the referral source in force on the day, the ER priority group and its group 3 test, the RoSH
 *    band, the catchment where the site makes it hard (Lancashire & Cumbria, RECONNECT), age and
 *    recent release (RECONNECT), and Lancashire & Cumbria's "from six months prior to release".
 * 2. Otherwise, any rule that is not `pass` (a SOFT fail, or an `unknown` of either kind) →
 *    `discretionary`. "Unknowns never silently pass" (PRODUCT.md): a missing fact never yields
 *    `eligible` or `automatic`; it goes to a person, with the unknown reasons listed so they know
 *    what to ask for. Soft rules are the ones the seeds leave to judgement: Birmingham & Solihull's
 *    "meets some of the criteria but not all" (seed 000), people already in the community
 *    ("considered on a case-by-case basis", seed 000), RECONNECT's "unlikely to engage".
 * 3. Otherwise (every rule passes): ER priority group 1 or 2 → `automatic` (seed 000: "Referrals
 *    from priority groups one and two are automatically accepted for assessment"); else `eligible`.
 *
 * So `eligible` and `automatic` hold exactly when every reason is `pass`; `ineligible` only when a
 * reason is `fail`; and removing facts can turn `ineligible` into `discretionary` but never into
 * `eligible` or `automatic`. For groups 1 and 2 the site's soft suitability criteria are not
 * applied ("without further test"); consent, source, RoSH, catchment and timing still are, and
 * RoSH below high is soft for them (a manager decides) rather than a refusal.
 *
 * Other choices:
 * - `criteriaMet` counts Birmingham & Solihull's 8 criteria answered true, at every site (it is
 *   informative elsewhere and costs nothing); unanswered criteria are not counted.
 * - `priorityGroup` is the referral's group at ER sites, and null at RECONNECT sites (no groups).
 * - The `site` argument decides which policy applies; `facts.site` is not consulted.
 * - `signposting` gathers the signposting of every failing rule, without repeats.
 */
import { londonDate } from '../identifiers/dates.ts';
import { BUILT_IN_SITES } from '../sites/builtInSites.ts';
import { policyInForce } from '../sites/policy.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { EligibilityFacts } from './facts.ts';
import type { EligibilityOutcome, EligibilityResult, RuleOutcome } from './types.ts';
import type { RuleCheck, RuleContext } from './rules/check.ts';
import { consentRule, referralSourceRule } from './rules/common.ts';
import { countCriteria, enhancedReconnectRules } from './rules/enhancedReconnect.ts';
import { reconnectRules } from './rules/reconnect.ts';

export type { EligibilityFacts, EligibilityOutcome, EligibilityResult, RuleOutcome, RuleResult } from './types.ts';
export { RULE_CODES } from './rules/check.ts';
export type { RuleCode } from './rules/check.ts';

function decide(checks: RuleCheck[], automaticGroup: boolean): EligibilityOutcome {
  if (checks.some((c) => c.strength === 'hard' && c.result === 'fail')) return 'ineligible';
  if (checks.some((c) => c.result !== 'pass')) return 'discretionary';
  return automaticGroup ? 'automatic' : 'eligible';
}

/**
 * Evaluates a referral (or a partly filled draft) against the site's policy in force at `now`.
 * `allSites` is where signposting looks for the site covering an area (default: the built-in sites).
 * Throws if the site has no policy in force at `now`: deciding without a policy would be a guess.
 */
export function evaluateEligibility(
  facts: EligibilityFacts,
  site: SiteDefinition,
  now: Date,
  allSites: readonly SiteDefinition[] = BUILT_IN_SITES,
): EligibilityResult {
  const today = londonDate(now);
  const policy = policyInForce(site, now);
  if (!policy) {
    throw new Error(
      `Site ${site.code} has no eligibility policy in force on ${today}: add a policy effective on or before that date.`,
    );
  }
  const config = policy.eligibility;
  const expectedKind = site.model === 'ENHANCED_RECONNECT' ? 'enhanced_reconnect' : 'reconnect';
  if (config.kind !== expectedKind) {
    throw new Error(`Policy ${policy.version} has ${config.kind} rules but site ${site.code} is ${site.model}.`);
  }
  const ctx: RuleContext = { facts, site, policy, now, today, allSites };
  const common = [consentRule(ctx), referralSourceRule(ctx)];
  const checks =
    config.kind === 'enhanced_reconnect'
      ? [...common, ...enhancedReconnectRules(ctx, config)]
      : [...common, ...reconnectRules(ctx, config)];

  const group = config.kind === 'enhanced_reconnect' ? (facts.priorityGroup ?? null) : null;
  const automaticGroup =
    config.kind === 'enhanced_reconnect' && (group === 1 || group === 2) && config.automaticGroups.includes(group);
  const reasons: RuleOutcome[] = checks.map(({ rule, result, message }) => ({ rule, result, message }));
  const signposting = [...new Set(checks.filter((c) => c.result === 'fail').flatMap((c) => c.signposting))];

  return {
    outcome: decide(checks, automaticGroup),
    priorityGroup: group,
    criteriaMet: countCriteria(facts).met,
    policyVersion: policy.version,
    reasons,
    signposting,
  };
}
