import { describe, it, expect } from 'vitest';
import { SITES } from '../../test/support/factories.ts';
import { evaluateEligibility } from './engine.ts';
import type { EligibilityFacts } from './facts.ts';
import type { EligibilityOutcome, RuleResult } from './types.ts';
import { eligibleReferral, merge, NOW, site } from './testFactories.ts';
import type { Patch, SiteCode } from './testFactories.ts';

interface Row {
  source: string;
  code: SiteCode;
  patch: Patch<EligibilityFacts>;
  outcome: EligibilityOutcome;
  rule?: string;
  result?: RuleResult;
  message?: RegExp;
  signposting?: string;
  now?: Date;
}

function run(rows: Row[]) {
  it.each(rows)(
    '$code $patch → $outcome ($source)',
    ({ code, patch, outcome, rule, result, message, signposting, now }) => {
      const at = now ?? NOW;
      const evaluated = evaluateEligibility(merge(eligibleReferral(code, at), patch), site(code), at);
      expect(evaluated.outcome).toBe(outcome);
      if (rule) {
        const reason = evaluated.reasons.find((r) => r.rule === rule);
        expect(reason?.result).toBe(result);
        if (message) expect(reason?.message).toMatch(message);
      }
      if (signposting) expect(evaluated.signposting).toContain(signposting);
    },
  );
}

const BSOL = SITES.birmingham;
const LSC = SITES.lancashire;
const S000_GROUPS = 'seed 000: Referrals from priority groups one and two are automatically accepted for assessment';
const S000_6_OF_8 = 'seed 000: Meet at least 6 of the 8 key criteria outlined below but are not eligible for IIRMS';
const S000_SOME =
  'seed 000: If an individual meets some of the criteria but not all, they may be assessed dependent on their needs and suitability';
const S000_COMMUNITY =
  'seed 000: Referrals may be accepted for individuals already in the community but will be considered on a case-by-case basis';
const S001_SOURCES =
  'seed 001: ER will only accept referrals from HMPPS probation service, national security and counter terrorism, RECONNECT, OPD and Channel. Self-referrals are NOT accepted';
const S001_ROSH = 'seed 001: ER only works with service users who are high or very high risk of serious harm to others';
const S001_AREA =
  'seed 001: The individual must be resettling in Lancashire and Cumbria (immediately on release after time in an Approved Premise)';
const S001_TIMING =
  'seed 001: We accept referrals for high-risk individuals from six months prior to their release from prison';
const P_NO_GROUP =
  'PRODUCT.md: a person in no group is not eligible for ER (signpost: IIRMS where IIRMS-eligible, otherwise RECONNECT)';

/** Exactly `n` of the 8 criteria true, the rest false. */
function criteria(n: number, unknown = 0): Patch<EligibilityFacts>['criteria'] {
  const keys = [
    'highRoshToOthers',
    'mentalHealth',
    'selfHarmOrSuicideRisk',
    'learningDifficulties',
    'mappaLevel2or3',
    'substanceMisuse',
    'ippSentence',
    'opdPathway',
  ] as const;
  return Object.fromEntries(keys.map((k, i) => [k, i < n ? true : i < n + unknown ? null : false]));
}

describe('priority groups (both ER sites)', () => {
  run(
    ([BSOL, LSC] as const).flatMap((code): Row[] => [
      {
        source: S000_GROUPS,
        code,
        patch: { priorityGroup: 1 },
        outcome: 'automatic',
        rule: 'priority_group',
        result: 'pass',
      },
      {
        source: S000_GROUPS,
        code,
        patch: { priorityGroup: 2 },
        outcome: 'automatic',
        rule: 'priority_group',
        result: 'pass',
      },
      {
        source: 'brief: groups 1/2 remain automatic only if consent passes',
        code,
        patch: { priorityGroup: 1, consent: { given: null } },
        outcome: 'discretionary',
        rule: 'consent',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: Consent ... hard requirement, all sites',
        code,
        patch: { priorityGroup: 2, consent: { given: false } },
        outcome: 'ineligible',
        rule: 'consent',
        result: 'fail',
      },
      {
        source: P_NO_GROUP,
        code,
        patch: { priorityGroup: null },
        outcome: 'ineligible',
        rule: 'priority_group',
        result: 'fail',
        signposting: 'Refer to the local RECONNECT service for the area.',
      },
      {
        source: P_NO_GROUP,
        code,
        patch: { priorityGroup: null, iirmsEligible: true },
        outcome: 'ineligible',
        rule: 'priority_group',
        result: 'fail',
        signposting: 'Refer to IIRMS (the Intensive Intervention and Risk Management Service) for the area.',
      },
      {
        source: 'API.md: Missing optional facts make the matching rules `unknown`',
        code,
        patch: { priorityGroup: undefined },
        outcome: 'discretionary',
        rule: 'priority_group',
        result: 'unknown',
      },
      {
        source: S001_ROSH,
        code,
        patch: { roshLevel: 'medium' },
        outcome: 'ineligible',
        rule: 'rosh_level',
        result: 'fail',
      },
      {
        source: S001_ROSH,
        code,
        patch: { roshLevel: 'very_high' },
        outcome: 'eligible',
        rule: 'rosh_level',
        result: 'pass',
      },
      {
        source: `${S001_ROSH}; ${S000_GROUPS}: a manager decides`,
        code,
        patch: { priorityGroup: 1, roshLevel: 'medium' },
        outcome: 'discretionary',
        rule: 'rosh_level',
        result: 'fail',
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass',
        code,
        patch: { priorityGroup: 2, roshLevel: null },
        outcome: 'discretionary',
        rule: 'rosh_level',
        result: 'unknown',
      },
      {
        source: S000_COMMUNITY,
        code,
        patch: { custody: { status: 'in_community', releaseDate: '2026-10-01' } },
        outcome: 'discretionary',
        rule: 'custody_status',
        result: 'fail',
      },
      {
        source: `${S000_COMMUNITY} (also for groups 1 and 2)`,
        code,
        patch: { priorityGroup: 1, custody: { status: 'in_community' } },
        outcome: 'discretionary',
        rule: 'custody_status',
        result: 'fail',
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass',
        code,
        patch: { custody: { status: null } },
        outcome: 'discretionary',
        rule: 'custody_status',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: Timing: referrals are made from 6 months before release',
        code,
        patch: { custody: { expectedReleaseDate: null } },
        outcome: 'discretionary',
        rule: 'release_timing',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass (a release date in the past while in custody)',
        code,
        patch: { custody: { expectedReleaseDate: '2026-11-09' } },
        outcome: 'discretionary',
        rule: 'release_timing',
        result: 'unknown',
        message: /has passed/,
      },
      {
        source: 'seed 001: Engage those accepted during the last six months of their sentence',
        code,
        patch: { custody: { expectedReleaseDate: '2027-05-10' } },
        outcome: 'eligible',
        rule: 'release_timing',
        result: 'pass',
      },
    ]),
  );
});

describe('Birmingham & Solihull: priority group 3 (6 of 8, not IIRMS-eligible)', () => {
  run([
    {
      source: S000_6_OF_8,
      code: BSOL,
      patch: { criteria: criteria(6) },
      outcome: 'eligible',
      rule: 'group3_criteria',
      result: 'pass',
    },
    {
      source: S000_6_OF_8,
      code: BSOL,
      patch: { criteria: criteria(8) },
      outcome: 'eligible',
      rule: 'group3_criteria',
      result: 'pass',
      message: /Meets 8 of the 8/,
    },
    {
      source: `${S000_6_OF_8} (boundary: 5 is not enough)`,
      code: BSOL,
      patch: { criteria: criteria(5) },
      outcome: 'ineligible',
      rule: 'group3_criteria',
      result: 'fail',
      message: /Meets 5 of the 8/,
    },
    {
      source: `${S000_6_OF_8}; ${P_NO_GROUP}`,
      code: BSOL,
      patch: { criteria: criteria(5), iirmsEligible: true },
      outcome: 'ineligible',
      rule: 'group3_criteria',
      result: 'fail',
      signposting: 'Refer to IIRMS (the Intensive Intervention and Risk Management Service) for the area.',
    },
    {
      source: `${S000_6_OF_8} (5 met, 1 unanswered: could reach 6)`,
      code: BSOL,
      patch: { criteria: criteria(5, 1) },
      outcome: 'discretionary',
      rule: 'group3_criteria',
      result: 'unknown',
      message: /1 criterion is not answered/,
    },
    {
      source: `${S000_6_OF_8} (4 met, 1 unanswered: cannot reach 6)`,
      code: BSOL,
      patch: { criteria: criteria(4, 1) },
      outcome: 'ineligible',
      rule: 'group3_criteria',
      result: 'fail',
    },
    {
      source: `${S000_6_OF_8} (no criteria answered)`,
      code: BSOL,
      patch: { criteria: null },
      outcome: 'discretionary',
      rule: 'group3_criteria',
      result: 'unknown',
    },
    {
      source: S000_6_OF_8,
      code: BSOL,
      patch: { iirmsEligible: true },
      outcome: 'ineligible',
      rule: 'iirms_eligibility',
      result: 'fail',
      signposting: 'Refer to IIRMS (the Intensive Intervention and Risk Management Service) for the area.',
    },
    {
      source: S000_6_OF_8,
      code: BSOL,
      patch: { iirmsEligible: null },
      outcome: 'discretionary',
      rule: 'iirms_eligibility',
      result: 'unknown',
    },
    {
      source: `${S000_GROUPS}: the 6 of 8 test is for group 3 only`,
      code: BSOL,
      patch: { priorityGroup: 1, criteria: criteria(0), iirmsEligible: true },
      outcome: 'automatic',
    },
  ]);

  it.each([
    { met: 5, criteriaMet: 5 },
    { met: 6, criteriaMet: 6 },
  ])('criteriaMet reports $met (boundary 5 vs 6 of 8)', ({ met, criteriaMet }) => {
    const facts = merge(eligibleReferral(BSOL), { criteria: criteria(met) });
    expect(evaluateEligibility(facts, site(BSOL), NOW).criteriaMet).toBe(criteriaMet);
  });
});

describe('Birmingham & Solihull: soft criteria and timing', () => {
  run([
    {
      source: S000_SOME,
      code: BSOL,
      patch: { complexHealthNeeds: false },
      outcome: 'discretionary',
      rule: 'complex_health_needs',
      result: 'fail',
    },
    {
      source: 'brief: keep complexHealthNeeds explicit so unknown stays unknown',
      code: BSOL,
      patch: { complexHealthNeeds: null, healthNeeds: 'Psychosis' },
      outcome: 'discretionary',
      rule: 'complex_health_needs',
      result: 'unknown',
    },
    {
      source: S000_SOME,
      code: BSOL,
      patch: { openToProbation: false },
      outcome: 'discretionary',
      rule: 'open_to_probation',
      result: 'fail',
    },
    {
      source: 'seed 000: be open to probation or National Security Division for the duration',
      code: BSOL,
      patch: { openToProbation: null, source: { type: 'nsd' } },
      outcome: 'eligible',
      rule: 'open_to_probation',
      result: 'pass',
    },
    {
      source: 'seed 000: be living in, or resettling to the Birmingham and Solihull area',
      code: BSOL,
      patch: { custody: { resettlementArea: 'Solihull' } },
      outcome: 'eligible',
      rule: 'catchment',
      result: 'pass',
    },
    {
      source: S000_SOME,
      code: BSOL,
      patch: { custody: { resettlementArea: 'Coventry' } },
      outcome: 'discretionary',
      rule: 'catchment',
      result: 'fail',
      message: /outside the area/,
    },
    {
      source: `${S000_SOME}: all three soft criteria failing is still not ineligible`,
      code: BSOL,
      patch: { complexHealthNeeds: false, openToProbation: false, custody: { resettlementArea: 'Southampton' } },
      outcome: 'discretionary',
      signposting: 'Refer to RECONNECT Hampshire, which covers Southampton.',
    },
    {
      source: `${S000_GROUPS}: soft criteria are not applied to groups 1 and 2`,
      code: BSOL,
      patch: { priorityGroup: 1, complexHealthNeeds: false, openToProbation: null },
      outcome: 'automatic',
    },
    {
      source: 'PRODUCT.md: catchment applies to every group (a service boundary)',
      code: BSOL,
      patch: { priorityGroup: 2, custody: { resettlementArea: 'Preston' } },
      outcome: 'discretionary',
      rule: 'catchment',
      result: 'fail',
      signposting: 'Refer to Enhanced RECONNECT Lancashire and Cumbria, which covers Preston.',
    },
    {
      source: 'seed 000: Referrals should be made six months prior to release (guidance: early → discretionary)',
      code: BSOL,
      patch: { custody: { expectedReleaseDate: '2027-05-11' } },
      outcome: 'discretionary',
      rule: 'release_timing',
      result: 'fail',
      message: /from 11 November 2026/,
    },
    {
      source: 'seed 000: professional referrers only (local choice, documented in builtInSites.ts)',
      code: BSOL,
      patch: { source: { type: 'self' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
    },
    {
      source: 'seed 000: professional referrers only (local choice, documented in builtInSites.ts)',
      code: BSOL,
      patch: { source: { type: 'family_friend' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
    },
    {
      source: 'seed 000: professional referrers only (local choice, documented in builtInSites.ts)',
      code: BSOL,
      patch: { source: { type: 'prison_healthcare' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: `${S001_ROSH} (BSOL: no RECONNECT site covers Birmingham)`,
      code: BSOL,
      patch: { roshLevel: 'low' },
      outcome: 'ineligible',
      rule: 'rosh_level',
      result: 'fail',
      signposting: 'Refer to the local RECONNECT service for the area.',
    },
  ]);
});

describe('Lancashire & Cumbria', () => {
  const sources = ['probation', 'nsd', 'counter_terrorism', 'reconnect', 'opd', 'channel'] as const;
  const refused = ['self', 'family_friend', 'prison_healthcare', 'prison_staff', 'liaison_diversion', 'other'] as const;
  run([
    ...sources.map((type): Row => ({
      source: S001_SOURCES,
      code: LSC,
      patch: { source: { type } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    })),
    ...refused.map((type): Row => ({
      source: S001_SOURCES,
      code: LSC,
      patch: { source: { type } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
    })),
    {
      source: S001_SOURCES,
      code: LSC,
      patch: { priorityGroup: 1, source: { type: 'self' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
      message: /does not accept referrals from the person themselves/,
    },
    ...[
      'Blackburn with Darwen',
      'Blackpool',
      'Cumberland',
      'Westmorland & Furness',
      'Preston, Lancashire',
      'cumbria',
    ].map((area): Row => ({
      source: S001_AREA,
      code: LSC,
      patch: { custody: { resettlementArea: area } },
      outcome: 'eligible',
      rule: 'catchment',
      result: 'pass',
    })),
    {
      source: S001_AREA,
      code: LSC,
      patch: { custody: { resettlementArea: 'Birmingham' } },
      outcome: 'ineligible',
      rule: 'catchment',
      result: 'fail',
      message: /Approved Premises/,
      signposting: 'Refer to Enhanced RECONNECT Birmingham and Solihull, which covers Birmingham.',
    },
    {
      source: `${S001_AREA} (hard for groups 1 and 2 too)`,
      code: LSC,
      patch: { priorityGroup: 1, custody: { resettlementArea: 'Cornwall' } },
      outcome: 'ineligible',
      rule: 'catchment',
      result: 'fail',
      message: /outside the area/,
    },
    {
      source: S001_AREA,
      code: LSC,
      patch: { custody: { resettlementArea: '  ' } },
      outcome: 'discretionary',
      rule: 'catchment',
      result: 'unknown',
      message: /Approved Premises/,
    },
    {
      source: `${S001_TIMING} (boundary: window opens today)`,
      code: LSC,
      patch: { custody: { expectedReleaseDate: '2027-05-10' } },
      outcome: 'eligible',
      rule: 'release_timing',
      result: 'pass',
    },
    {
      source: `${S001_TIMING} (one day early: refer again)`,
      code: LSC,
      patch: { custody: { expectedReleaseDate: '2027-05-11' } },
      outcome: 'ineligible',
      rule: 'release_timing',
      result: 'fail',
      message: /refer again from 11 November 2026/,
      signposting: 'Refer again from 11 November 2026.',
    },
    {
      source: `${S001_TIMING} (applies to groups 1 and 2)`,
      code: LSC,
      patch: { priorityGroup: 1, custody: { expectedReleaseDate: '2028-01-01' } },
      outcome: 'ineligible',
      rule: 'release_timing',
      result: 'fail',
    },
    {
      source: 'seed 001: Priority Group 3: Other High/Very High of Violent or Sexual Harm cohort',
      code: LSC,
      patch: { roshLevel: 'very_high' },
      outcome: 'eligible',
      rule: 'group3_risk_of_harm',
      result: 'pass',
    },
    {
      source: 'seed 001: Priority Group 3: Other High/Very High of Violent or Sexual Harm cohort',
      code: LSC,
      patch: { roshLevel: 'medium' },
      outcome: 'ineligible',
      rule: 'group3_risk_of_harm',
      result: 'fail',
      signposting: 'Refer to the local RECONNECT service for the area.',
    },
    {
      source: 'PRODUCT.md: Unknowns never silently pass',
      code: LSC,
      patch: { roshLevel: undefined },
      outcome: 'discretionary',
      rule: 'group3_risk_of_harm',
      result: 'unknown',
    },
    {
      source: 'seed 001 has no 6-of-8 test: BSOL criteria do not apply',
      code: LSC,
      patch: { criteria: criteria(0), iirmsEligible: true, complexHealthNeeds: false, openToProbation: false },
      outcome: 'eligible',
    },
  ]);

  it('lists no BSOL-only rules', () => {
    const rules = evaluateEligibility(eligibleReferral(LSC), site(LSC), NOW).reasons.map((r) => r.rule);
    expect(rules).toEqual([
      'consent',
      'referral_source',
      'priority_group',
      'group3_risk_of_harm',
      'rosh_level',
      'catchment',
      'custody_status',
      'release_timing',
    ]);
  });
});
