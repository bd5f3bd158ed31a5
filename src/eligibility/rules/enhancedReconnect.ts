/**
 * Enhanced RECONNECT rules (PRODUCT.md "Enhanced RECONNECT eligibility"; seeds 000 and 001).
 */
import type { EnhancedReconnectEligibility } from '../../sites/policy.ts';
import { BSOL_CRITERIA, BSOL_CRITERIA_LABELS } from '../facts.ts';
import type { EligibilityFacts, PriorityGroup } from '../facts.ts';
import { check } from './check.ts';
import type { RuleCheck, RuleContext } from './check.ts';
import { catchmentRule, releaseTimingRule, roshRule } from './common.ts';
import { IIRMS, signpostNotInPriorityGroup, signpostReconnect } from './signposting.ts';

const GROUP_NAMES: Record<PriorityGroup, string> = {
  1: 'priority group 1 (National Security Division)',
  2: 'priority group 2 (at risk of extremism, not NSD)',
  3: 'priority group 3 (complex high / very high risk)',
};

/** Counts the 8 criteria of seed 000 answered true, and those not answered. */
export function countCriteria(facts: EligibilityFacts): { met: number; unanswered: number } {
  let met = 0;
  let unanswered = 0;
  for (const key of BSOL_CRITERIA) {
    const value = facts.criteria?.[key];
    if (value === true) met += 1;
    else if (value !== false) unanswered += 1;
  }
  return { met, unanswered };
}

/** Seed 000: "Referrals must fall into one of the groups described below." */
function priorityGroupRule(ctx: RuleContext, config: EnhancedReconnectEligibility): RuleCheck {
  const group = ctx.facts.priorityGroup;
  if (group === undefined) {
    return check(
      'priority_group',
      'unknown',
      'hard',
      'The priority group is not given. Enhanced RECONNECT referrals must fall into priority group 1, 2 or 3.',
    );
  }
  if (group === null) {
    return check(
      'priority_group',
      'fail',
      'hard',
      'The person is in none of the three priority groups, so is not eligible for Enhanced RECONNECT.',
      signpostNotInPriorityGroup(ctx),
    );
  }
  if (group !== 3 && config.automaticGroups.includes(group)) {
    return check('priority_group', 'pass', 'hard', `In ${GROUP_NAMES[group]}: automatically accepted for assessment.`);
  }
  return check('priority_group', 'pass', 'hard', `In ${GROUP_NAMES[group]}: the group 3 test for this site applies.`);
}

/** Birmingham & Solihull (seed 000): "Meet at least 6 of the 8 key criteria ... but are not eligible for IIRMS". */
function criteriaTest(ctx: RuleContext, minimum: number, excludeIirmsEligible: boolean): RuleCheck[] {
  const { met, unanswered } = countCriteria(ctx.facts);
  const metList = BSOL_CRITERIA.filter((k) => ctx.facts.criteria?.[k] === true).map((k) => BSOL_CRITERIA_LABELS[k]);
  const metText = `Meets ${met} of the 8 priority group 3 criteria${metList.length > 0 ? ` (${metList.join('; ')})` : ''}; at least ${minimum} are needed.`;
  let criteria: RuleCheck;
  if (met >= minimum) criteria = check('group3_criteria', 'pass', 'hard', metText);
  else if (met + unanswered < minimum) {
    criteria = check(
      'group3_criteria',
      'fail',
      'hard',
      `${metText} Not in priority group 3.`,
      signpostNotInPriorityGroup(ctx),
    );
  } else {
    criteria = check(
      'group3_criteria',
      'unknown',
      'hard',
      `${metText} ${unanswered} ${unanswered === 1 ? 'criterion is' : 'criteria are'} not answered.`,
    );
  }
  if (!excludeIirmsEligible) return [criteria];
  const iirms = ctx.facts.iirmsEligible;
  const iirmsCheck =
    iirms === false
      ? check('iirms_eligibility', 'pass', 'hard', 'Not eligible for IIRMS.')
      : iirms === true
        ? check(
            'iirms_eligibility',
            'fail',
            'hard',
            'Eligible for IIRMS: priority group 3 is only for people who are not eligible for IIRMS.',
            [IIRMS],
          )
        : check(
            'iirms_eligibility',
            'unknown',
            'hard',
            'Whether the person is eligible for IIRMS is not given. Priority group 3 is only for people who are not.',
          );
  return [criteria, iirmsCheck];
}

/** Lancashire & Cumbria (seed 001): "Priority Group 3: Other High/Very High of Violent or Sexual Harm cohort." */
function highRiskOfHarmTest(ctx: RuleContext, levels: readonly string[]): RuleCheck {
  const level = ctx.facts.roshLevel;
  if (!level) {
    return check(
      'group3_risk_of_harm',
      'unknown',
      'hard',
      'The RoSH level is not given. Priority group 3 here is for high or very high risk of violent or sexual harm.',
    );
  }
  if (levels.includes(level)) {
    return check(
      'group3_risk_of_harm',
      'pass',
      'hard',
      'High or very high risk of serious harm: in the priority group 3 cohort (other high / very high risk of violent or sexual harm). Confirm the nature of the harm at the consultation meeting.',
    );
  }
  return check(
    'group3_risk_of_harm',
    'fail',
    'hard',
    'Not high or very high risk of violent or sexual harm, so not in priority group 3.',
    signpostNotInPriorityGroup(ctx),
  );
}

/** Birmingham & Solihull's further criteria (seed 000), each soft: "may be assessed dependent on their needs and suitability". */
function softCriteriaRules(ctx: RuleContext, config: EnhancedReconnectEligibility): RuleCheck[] {
  const checks: RuleCheck[] = [];
  if (config.softCriteria.complexHealthNeeds) {
    const value = ctx.facts.complexHealthNeeds;
    checks.push(
      value === true
        ? check('complex_health_needs', 'pass', 'soft', 'Has complex unmet health needs linked with their offending.')
        : value === false
          ? check(
              'complex_health_needs',
              'fail',
              'soft',
              'Complex unmet health needs linked with offending are not identified; a manager decides on needs and suitability.',
            )
          : check(
              'complex_health_needs',
              'unknown',
              'soft',
              'Not stated whether the person has complex unmet health needs linked with their offending.',
            ),
    );
  }
  if (config.softCriteria.openToProbationOrNsd) {
    const open = ctx.facts.openToProbation;
    const fromNsd = ctx.facts.source?.type === 'nsd';
    checks.push(
      open === true || fromNsd
        ? check(
            'open_to_probation',
            'pass',
            'soft',
            fromNsd && open !== true
              ? 'Referred by the National Security Division, so open to NSD.'
              : 'Open to probation.',
          )
        : open === false
          ? check(
              'open_to_probation',
              'fail',
              'soft',
              'Not open to probation or the National Security Division for the duration of support; a manager decides on needs and suitability.',
            )
          : check(
              'open_to_probation',
              'unknown',
              'soft',
              'Not stated whether the person is open to probation or the National Security Division for the duration of support.',
            ),
    );
  }
  return checks;
}

/** Seed 000: "Referrals may be accepted for individuals already in the community but will be considered on a case-by-case basis." */
function custodyStatusRule(ctx: RuleContext): RuleCheck {
  const status = ctx.facts.custody?.status;
  if (status === 'in_custody') return check('custody_status', 'pass', 'soft', 'In custody.');
  if (status === 'in_community') {
    return check(
      'custody_status',
      'fail',
      'soft',
      'Already released: people in the community are considered case by case.',
    );
  }
  return check(
    'custody_status',
    'unknown',
    'soft',
    'Whether the person is in custody or already released is not given.',
  );
}

export function enhancedReconnectRules(ctx: RuleContext, config: EnhancedReconnectEligibility): RuleCheck[] {
  const group = ctx.facts.priorityGroup;
  const automatic = group === 1 || group === 2 ? config.automaticGroups.includes(group) : false;
  const checks: RuleCheck[] = [priorityGroupRule(ctx, config)];
  if (group === 3) {
    if (config.group3.test === 'criteria') {
      checks.push(...criteriaTest(ctx, config.group3.minimumCriteria, config.group3.excludeIirmsEligible));
    } else {
      checks.push(highRiskOfHarmTest(ctx, config.group3.roshLevels));
    }
  }
  // Seed 001: "ER only works with service users who are high or very high risk of serious harm to
  // others". Hard, except for groups 1 and 2, which seed 000 accepts "automatically ... for
  // assessment": for them a lower RoSH goes to a manager instead of being turned away.
  checks.push(roshRule(ctx, config.roshLevels, automatic ? 'soft' : 'hard', signpostReconnect(ctx)));
  checks.push(catchmentRule(ctx, config.catchment, config.catchment === 'hard'));
  // Groups 1 and 2 are accepted "without further test" (PRODUCT.md), so the site's soft
  // suitability criteria are for the consultation meeting, not for the eligibility outcome.
  if (!automatic) checks.push(...softCriteriaRules(ctx, config));
  checks.push(custodyStatusRule(ctx));
  if (ctx.facts.custody?.status === 'in_custody') checks.push(releaseTimingRule(ctx, config.earlyReferral));
  return checks;
}
