/**
 * The building blocks every rule module shares: what a rule returns inside the engine (a public
 * RuleOutcome plus how much it weighs and where to signpost), and the context it reads.
 */
import type { RuleStrength, SiteDefinition, SitePolicy } from '../../sites/policy.ts';
import type { EligibilityFacts } from '../facts.ts';
import type { RuleOutcome, RuleResult } from '../types.ts';

/**
 * Stable rule codes (they appear in API responses and stored decisions: never rename one).
 */
export const RULE_CODES = [
  'consent',
  'referral_source',
  'priority_group',
  'group3_criteria',
  'iirms_eligibility',
  'group3_risk_of_harm',
  'rosh_level',
  'catchment',
  'complex_health_needs',
  'open_to_probation',
  'custody_status',
  'release_timing',
  'age',
  'health_need',
  'unlikely_to_engage',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleCheck extends RuleOutcome {
  rule: RuleCode;
  /** hard: a fail makes the referral ineligible; soft: a fail makes it discretionary. */
  strength: RuleStrength;
  signposting: string[];
}

export interface RuleContext {
  facts: EligibilityFacts;
  site: SiteDefinition;
  policy: SitePolicy;
  now: Date;
  /** England's calendar date at `now`, ISO. */
  today: string;
  allSites: readonly SiteDefinition[];
}

export function check(
  rule: RuleCode,
  result: RuleResult,
  strength: RuleStrength,
  message: string,
  signposting: string[] = [],
): RuleCheck {
  return { rule, result, strength, message, signposting };
}

/** A trimmed non-empty string, or undefined: blank form fields count as missing. */
export function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
