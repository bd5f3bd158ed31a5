/**
 * Rules every site applies, each parameterised by the site's policy.
 */
import { addMonthsIso, formatIsoDateLong } from '../../identifiers/dates.ts';
import { inCatchment, SOURCE_TYPE_LABELS, sourceAcceptedFrom, sourcesInForce } from '../../sites/policy.ts';
import type { EarlyReferralHandling, RoshLevel, RuleStrength } from '../../sites/policy.ts';
import { check, present } from './check.ts';
import type { RuleCheck, RuleContext } from './check.ts';
import { signpostOutOfArea } from './signposting.ts';

const ROSH_LABELS: Record<RoshLevel, string> = { low: 'low', medium: 'medium', high: 'high', very_high: 'very high' };

function listInEnglish(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** PRODUCT.md: "Consent to the referral is required (hard requirement, all sites)". */
export function consentRule(ctx: RuleContext): RuleCheck {
  const given = ctx.facts.consent?.given;
  if (given === true) return check('consent', 'pass', 'hard', 'The person has consented to the referral.');
  if (given === false) {
    return check(
      'consent',
      'fail',
      'hard',
      'The person has not consented to the referral. Consent is required before any referral can be accepted.',
    );
  }
  return check('consent', 'unknown', 'hard', 'Consent to the referral is not recorded. Consent is required.');
}

/**
 * Only the sources the site accepts on the day (PRODUCT.md: "Referral sources are configurable per
 * site, with effective dates"; seed 001: "Self-referrals are NOT accepted").
 */
export function referralSourceRule(ctx: RuleContext): RuleCheck {
  const type = ctx.facts.source?.type;
  const accepted = sourcesInForce(ctx.policy, ctx.now);
  const acceptedText = listInEnglish(accepted.map((t) => SOURCE_TYPE_LABELS[t]));
  if (!type) {
    return check(
      'referral_source',
      'unknown',
      'hard',
      `The referrer type is not given. ${ctx.site.name} accepts referrals from ${acceptedText}.`,
    );
  }
  const label = SOURCE_TYPE_LABELS[type];
  if (accepted.includes(type)) {
    return check('referral_source', 'pass', 'hard', `${ctx.site.name} accepts referrals from ${label}.`);
  }
  const later = sourceAcceptedFrom(ctx.policy, type, ctx.now);
  const when = later ? ` until ${formatIsoDateLong(later)}` : '';
  return check(
    'referral_source',
    'fail',
    'hard',
    `${ctx.site.name} does not accept referrals from ${label}${when}. It accepts referrals from ${acceptedText}.`,
    [`Ask one of these to make the referral: ${acceptedText}.`],
  );
}

/**
 * Living in or resettling to the catchment. Lancashire & Cumbria (seed 001): "resettling in
 * Lancashire and Cumbria (immediately on release after time in an Approved Premise)", so the area
 * is where the person will live after any Approved Premises.
 */
export function catchmentRule(ctx: RuleContext, strength: RuleStrength, approvedPremisesNote: boolean): RuleCheck {
  const area = present(ctx.facts.custody?.resettlementArea);
  const catchment = listInEnglish(ctx.policy.catchment);
  const note = approvedPremisesNote
    ? ' If the person goes first to Approved Premises, give the area they will resettle in afterwards.'
    : '';
  if (!area) {
    return check(
      'catchment',
      'unknown',
      strength,
      `The resettlement area is not given. ${ctx.site.name} covers ${catchment}.${note}`,
    );
  }
  if (inCatchment(ctx.policy, area)) {
    return check('catchment', 'pass', strength, `Resettling in ${area}, which ${ctx.site.name} covers.`);
  }
  return check(
    'catchment',
    'fail',
    strength,
    `Resettling in ${area}, which is outside the area ${ctx.site.name} covers (${catchment}).${note}`,
    signpostOutOfArea(ctx),
  );
}

/** The risk of serious harm band the service works with (seed 001: ER high / very high; RECONNECT low to moderate). */
export function roshRule(
  ctx: RuleContext,
  accepted: readonly RoshLevel[],
  strength: RuleStrength,
  signpostOnFail: string[],
): RuleCheck {
  const level = ctx.facts.roshLevel;
  const acceptedText = listInEnglish(accepted.map((l) => ROSH_LABELS[l]));
  if (!level) {
    return check(
      'rosh_level',
      'unknown',
      strength,
      `The risk of serious harm (RoSH) level is not given. ${ctx.site.name} works with ${acceptedText} RoSH.`,
    );
  }
  if (accepted.includes(level)) {
    return check(
      'rosh_level',
      'pass',
      strength,
      `RoSH is ${ROSH_LABELS[level]}: within the ${acceptedText} range this service works with.`,
    );
  }
  return check(
    'rosh_level',
    'fail',
    strength,
    `RoSH is ${ROSH_LABELS[level]}. ${ctx.site.name} works only with ${acceptedText} RoSH.`,
    signpostOnFail,
  );
}

/**
 * When in custody: is the expected release date within the pre-release window (policy.preReleaseMonths
 * before release)? What happens to an earlier referral is the site's `earlyReferral` setting.
 */
export function releaseTimingRule(ctx: RuleContext, handling: EarlyReferralHandling): RuleCheck {
  const months = ctx.policy.preReleaseMonths;
  const expected = present(ctx.facts.custody?.expectedReleaseDate);
  if (!expected) {
    return check(
      'release_timing',
      'unknown',
      'hard',
      `The expected release date is not given. ${ctx.site.name} works with people from ${months} months before release.`,
    );
  }
  if (expected < ctx.today) {
    return check(
      'release_timing',
      'unknown',
      'hard',
      `The expected release date (${formatIsoDateLong(expected)}) has passed but the person is recorded as in custody. Check the release date and custody status.`,
    );
  }
  const opens = addMonthsIso(expected, -months);
  const releaseText = `Release is expected on ${formatIsoDateLong(expected)}`;
  if (ctx.today >= opens) {
    return check('release_timing', 'pass', 'hard', `${releaseText}: within the ${months}-month pre-release window.`);
  }
  const opensText = formatIsoDateLong(opens);
  switch (handling) {
    case 'accept':
      return check(
        'release_timing',
        'pass',
        'hard',
        `${releaseText}. Early referral is welcome; support can start from ${opensText}, ${months} months before release.`,
      );
    case 'discretionary':
      return check(
        'release_timing',
        'fail',
        'soft',
        `${releaseText}. Referrals should be made ${months} months before release (from ${opensText}); a manager decides whether to accept this one now.`,
      );
    case 'refer_again':
      return check(
        'release_timing',
        'fail',
        'hard',
        `${releaseText}. ${ctx.site.name} accepts referrals from ${months} months before release: refer again from ${opensText}.`,
        [`Refer again from ${opensText}.`],
      );
  }
}
