/**
 * The public types of eligibility: what callers pass in (EligibilityFacts, from facts.ts) and what
 * they get back, in the shape of API.md `POST /api/v1/eligibility`.
 */
import type { PriorityGroup } from './facts.ts';

export type { BsolCriterion, CustodyStatus, EligibilityFacts, PriorityGroup } from './facts.ts';

export type RuleResult = 'pass' | 'fail' | 'unknown';

/** `rule` is a stable snake_case code; `message` is plain English for the referrer and the team. */
export interface RuleOutcome {
  rule: string;
  result: RuleResult;
  message: string;
}

export type EligibilityOutcome = 'automatic' | 'eligible' | 'discretionary' | 'ineligible';

export interface EligibilityResult {
  outcome: EligibilityOutcome;
  priorityGroup: PriorityGroup | null;
  criteriaMet: number;
  policyVersion: string;
  reasons: RuleOutcome[];
  signposting: string[];
}
