/**
 * RECONNECT rules (PRODUCT.md "RECONNECT eligibility"; seeds 002 and 004): "Adults (18+) leaving
 * prison or an IRC with an identified health need or vulnerability ... who are unlikely to engage
 * with community services on their own; resettling in the catchment; consent; low or medium RoSH".
 */
import { ageOnIso, daysBetweenIso, formatIsoDateLong } from '../../identifiers/dates.ts';
import type { ReconnectEligibility } from '../../sites/policy.ts';
import { check, present } from './check.ts';
import type { RuleCheck, RuleContext } from './check.ts';
import { catchmentRule, releaseTimingRule, roshRule } from './common.ts';
import { signpostEnhancedReconnect } from './signposting.ts';

const COMMUNITY_SERVICES =
  'Signpost to community health and support services directly (GP, community mental health, substance misuse, housing).';

function ageRule(ctx: RuleContext, minimumAge: number): RuleCheck {
  const dateOfBirth = present(ctx.facts.person?.dateOfBirth);
  if (!dateOfBirth)
    return check(
      'age',
      'unknown',
      'hard',
      `The date of birth is not given. RECONNECT is for adults aged ${minimumAge} and over.`,
    );
  if (dateOfBirth > ctx.today) return check('age', 'unknown', 'hard', 'The date of birth is in the future. Check it.');
  const age = ageOnIso(dateOfBirth, ctx.today);
  if (age >= minimumAge) return check('age', 'pass', 'hard', `Aged ${age}.`);
  return check('age', 'fail', 'hard', `Aged ${age}. RECONNECT is for adults aged ${minimumAge} and over.`, [
    "Contact the local youth justice service or children and young people's health services.",
  ]);
}

/**
 * "Leaving prison or an IRC"; PRODUCT.md: "Leavers within the last 28 days may be accepted." Beyond
 * that the person is no longer leaving custody, so it is a hard fail (ineligible) with signposting
 * to community services, rather than discretionary: the service is "through the gate" support (seed 001).
 */
function custodyStatusRule(ctx: RuleContext, recentLeaverDays: number): RuleCheck {
  const status = ctx.facts.custody?.status;
  if (status === 'in_custody')
    return check('custody_status', 'pass', 'hard', 'In custody (leaving prison or an immigration removal centre).');
  if (status !== 'in_community') {
    return check(
      'custody_status',
      'unknown',
      'hard',
      'Whether the person is in custody or already released is not given.',
    );
  }
  const releaseDate = present(ctx.facts.custody?.releaseDate);
  if (!releaseDate) {
    return check(
      'custody_status',
      'unknown',
      'hard',
      `Already released, but the release date is not given. People who left custody within the last ${recentLeaverDays} days may be accepted.`,
    );
  }
  const days = daysBetweenIso(releaseDate, ctx.today);
  const released = `Left custody on ${formatIsoDateLong(releaseDate)}`;
  if (days < 0) {
    return check(
      'custody_status',
      'unknown',
      'hard',
      `Recorded as released, but the release date (${formatIsoDateLong(releaseDate)}) is in the future. Check it.`,
    );
  }
  if (days <= recentLeaverDays) {
    return check(
      'custody_status',
      'pass',
      'hard',
      `${released}, ${days} ${days === 1 ? 'day' : 'days'} ago: within ${recentLeaverDays} days, so may be accepted.`,
    );
  }
  return check(
    'custody_status',
    'fail',
    'hard',
    `${released}, ${days} days ago. RECONNECT accepts people within ${recentLeaverDays} days of leaving custody.`,
    [COMMUNITY_SERVICES],
  );
}

/** A recorded health need passes; nothing recorded is unknown (free text cannot say "no need", so never fail). */
function healthNeedRule(ctx: RuleContext): RuleCheck {
  if (present(ctx.facts.healthNeeds))
    return check('health_need', 'pass', 'hard', 'A health need or vulnerability is recorded.');
  return check(
    'health_need',
    'unknown',
    'hard',
    'No health need or vulnerability is recorded (for example mental health, learning disability, autism, ADHD, communication difficulty, substance use, physical health or frailty).',
  );
}

/**
 * Seed 002: "Supports prison leavers with healthcare needs who are unlikely to engage on their own."
 * A referrer's judgement, so soft: "likely to engage" sends the referral to a manager.
 */
function unlikelyToEngageRule(ctx: RuleContext): RuleCheck {
  const value = ctx.facts.unlikelyToEngage;
  if (value === true)
    return check('unlikely_to_engage', 'pass', 'soft', 'Unlikely to engage with community services on their own.');
  if (value === false) {
    return check(
      'unlikely_to_engage',
      'fail',
      'soft',
      'Likely to engage with community services on their own; RECONNECT is for people who are not. A manager decides.',
      [COMMUNITY_SERVICES],
    );
  }
  return check(
    'unlikely_to_engage',
    'unknown',
    'soft',
    'Not stated whether the person is unlikely to engage with community services on their own.',
  );
}

export function reconnectRules(ctx: RuleContext, config: ReconnectEligibility): RuleCheck[] {
  const checks: RuleCheck[] = [ageRule(ctx, config.minimumAge), custodyStatusRule(ctx, config.recentLeaverDays)];
  // Seed 002: "Support may start 3-months before release".
  if (ctx.facts.custody?.status === 'in_custody') checks.push(releaseTimingRule(ctx, config.earlyReferral));
  checks.push(healthNeedRule(ctx), unlikelyToEngageRule(ctx));
  checks.push(catchmentRule(ctx, 'hard', false));
  // PRODUCT.md: "low or medium RoSH (high / very high → signpost to Enhanced RECONNECT where a site covers the area)".
  checks.push(roshRule(ctx, config.roshLevels, 'hard', signpostEnhancedReconnect(ctx)));
  return checks;
}
