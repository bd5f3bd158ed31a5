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
  now?: string;
}

function run(rows: Row[]) {
  it.each(rows)(
    '$code $patch $now → $outcome ($source)',
    ({ code, patch, outcome, rule, result, message, signposting, now }) => {
      const at = now ? new Date(now) : NOW;
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

const HANTS = SITES.hampshire;
const EAST = SITES.eastOfEngland;
const P_ADULTS = 'PRODUCT.md: Adults (18+) leaving prison or an IRC';
const P_28 = 'PRODUCT.md: Leavers within the last 28 days may be accepted';
const P_ROSH =
  'PRODUCT.md: low or medium RoSH (high / very high → signpost to Enhanced RECONNECT where a site covers the area)';
const S002_ENGAGE = 'seed 002: Supports prison leavers with healthcare needs who are unlikely to engage on their own';
const S002_3M = 'seed 002: Support may start 3-months before release';
const S004 =
  'seed 004: Referrals from prisoners and prison staff will be begin in January, with plans for friends and family ... later in the year';

describe('RECONNECT rules at both sites', () => {
  run(
    ([HANTS, EAST] as const).flatMap((code): Row[] => [
      {
        source: `${P_ADULTS} (18th birthday today)`,
        code,
        patch: { person: { dateOfBirth: '2008-11-10' } },
        outcome: 'eligible',
        rule: 'age',
        result: 'pass',
        message: /Aged 18/,
      },
      {
        source: `${P_ADULTS} (18 tomorrow)`,
        code,
        patch: { person: { dateOfBirth: '2008-11-11' } },
        outcome: 'ineligible',
        rule: 'age',
        result: 'fail',
        message: /Aged 17/,
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass',
        code,
        patch: { person: { dateOfBirth: null } },
        outcome: 'discretionary',
        rule: 'age',
        result: 'unknown',
      },
      {
        source: `${P_28} (28 days ago)`,
        code,
        patch: { custody: { status: 'in_community', releaseDate: '2026-10-13' } },
        outcome: 'eligible',
        rule: 'custody_status',
        result: 'pass',
      },
      {
        source: `${P_28} (29 days ago: documented as ineligible)`,
        code,
        patch: { custody: { status: 'in_community', releaseDate: '2026-10-12' } },
        outcome: 'ineligible',
        rule: 'custody_status',
        result: 'fail',
        message: /29 days ago/,
      },
      {
        source: `${P_28} (release date missing)`,
        code,
        patch: { custody: { status: 'in_community', releaseDate: null } },
        outcome: 'discretionary',
        rule: 'custody_status',
        result: 'unknown',
      },
      {
        source: `${P_28} (released today)`,
        code,
        patch: { custody: { status: 'in_community', releaseDate: '2026-11-10' } },
        outcome: 'eligible',
        rule: 'custody_status',
        result: 'pass',
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass (release date in the future)',
        code,
        patch: { custody: { status: 'in_community', releaseDate: '2026-11-20' } },
        outcome: 'discretionary',
        rule: 'custody_status',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass',
        code,
        patch: { custody: { status: undefined } },
        outcome: 'discretionary',
        rule: 'custody_status',
        result: 'unknown',
      },
      {
        source: `${S002_3M} (inside the window)`,
        code,
        patch: { custody: { expectedReleaseDate: '2027-02-10' } },
        outcome: 'eligible',
        rule: 'release_timing',
        result: 'pass',
        message: /within the 3-month pre-release window/,
      },
      {
        source: `${S002_3M}; seed 002: Referrals and assessments should be completed early`,
        code,
        patch: { custody: { expectedReleaseDate: '2027-02-11' } },
        outcome: 'eligible',
        rule: 'release_timing',
        result: 'pass',
        message: /support can start from 11 November 2026/,
      },
      {
        source: 'seed 002: Issues with releases from court and time served prisoners (unknown release date)',
        code,
        patch: { custody: { expectedReleaseDate: null } },
        outcome: 'discretionary',
        rule: 'release_timing',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: an identified health need or vulnerability',
        code,
        patch: { healthNeeds: '   ' },
        outcome: 'discretionary',
        rule: 'health_need',
        result: 'unknown',
      },
      {
        source: S002_ENGAGE,
        code,
        patch: { unlikelyToEngage: false },
        outcome: 'discretionary',
        rule: 'unlikely_to_engage',
        result: 'fail',
      },
      {
        source: S002_ENGAGE,
        code,
        patch: { unlikelyToEngage: null },
        outcome: 'discretionary',
        rule: 'unlikely_to_engage',
        result: 'unknown',
      },
      { source: P_ROSH, code, patch: { roshLevel: 'low' }, outcome: 'eligible', rule: 'rosh_level', result: 'pass' },
      {
        source: P_ROSH,
        code,
        patch: { roshLevel: 'high' },
        outcome: 'ineligible',
        rule: 'rosh_level',
        result: 'fail',
        signposting: 'Discuss with the local Enhanced RECONNECT service or IIRMS.',
      },
      {
        source: P_ROSH,
        code,
        patch: { roshLevel: 'very_high', custody: { resettlementArea: 'Preston' } },
        outcome: 'ineligible',
        rule: 'rosh_level',
        result: 'fail',
        signposting: 'Refer to Enhanced RECONNECT Lancashire and Cumbria, which covers Preston.',
      },
      {
        source: 'PRODUCT.md: Unknowns never silently pass',
        code,
        patch: { roshLevel: undefined },
        outcome: 'discretionary',
        rule: 'rosh_level',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: resettling in the catchment',
        code,
        patch: { custody: { resettlementArea: null } },
        outcome: 'discretionary',
        rule: 'catchment',
        result: 'unknown',
      },
      {
        source: 'PRODUCT.md: RECONNECT has no priority groups',
        code,
        patch: { priorityGroup: null, criteria: null },
        outcome: 'eligible',
      },
    ]),
  );
});

describe('RECONNECT catchments', () => {
  run([
    ...[
      'Southampton',
      'Portsmouth',
      'Isle of Wight',
      'Milton Keynes',
      'Reading',
      'Oxfordshire',
      'Buckinghamshire',
      'winchester',
    ].map((area): Row => ({
      source: 'PRODUCT.md: Hampshire catchment',
      code: HANTS,
      patch: { custody: { resettlementArea: area } },
      outcome: 'eligible',
      rule: 'catchment',
      result: 'pass',
    })),
    ...['Southend-on-Sea', 'Southend on Sea', 'Thurrock', 'Peterborough', 'Luton', "King's Lynn and West Norfolk"].map(
      (area): Row => ({
        source: 'PRODUCT.md: East of England catchment',
        code: EAST,
        patch: { custody: { resettlementArea: area } },
        outcome: 'eligible',
        rule: 'catchment',
        result: 'pass',
      }),
    ),
    {
      source: 'PRODUCT.md: Out-of-area releases hand over to the team covering that area',
      code: HANTS,
      patch: { custody: { resettlementArea: 'Norfolk' } },
      outcome: 'ineligible',
      rule: 'catchment',
      result: 'fail',
      signposting: 'Refer to RECONNECT East of England, which covers Norfolk.',
    },
    {
      source: 'seed 002: He was released to the same out of area location',
      code: EAST,
      patch: { custody: { resettlementArea: 'Southampton' } },
      outcome: 'ineligible',
      rule: 'catchment',
      result: 'fail',
      signposting: 'Refer to RECONNECT Hampshire, which covers Southampton.',
    },
    {
      source: 'PRODUCT.md: Out-of-area releases hand over to the team covering that area',
      code: EAST,
      patch: { custody: { resettlementArea: 'Cornwall' } },
      outcome: 'ineligible',
      rule: 'catchment',
      result: 'fail',
      signposting:
        'No site in this system covers Cornwall: contact the RECONNECT or Enhanced RECONNECT team for the area the person is resettling to.',
    },
  ]);
});

describe('Hampshire referral sources by effective date', () => {
  run([
    {
      source: S004,
      code: HANTS,
      now: '2023-10-01T09:00:00+01:00',
      patch: { source: { type: 'prison_healthcare' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: S004,
      code: HANTS,
      now: '2023-10-01T09:00:00+01:00',
      patch: { source: { type: 'liaison_diversion' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: S004,
      code: HANTS,
      now: '2023-10-01T09:00:00+01:00',
      patch: { source: { type: 'probation' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: S004,
      code: HANTS,
      now: '2023-12-31T23:30:00Z',
      patch: { source: { type: 'self' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
      message: /until 1 January 2024/,
    },
    {
      source: S004,
      code: HANTS,
      now: '2023-12-31T23:30:00Z',
      patch: { source: { type: 'prison_staff' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
    },
    {
      source: S004,
      code: HANTS,
      now: '2024-01-01T00:00:00Z',
      patch: { source: { type: 'self' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: S004,
      code: HANTS,
      now: '2024-01-01T00:00:00Z',
      patch: { source: { type: 'prison_staff' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: S004,
      code: HANTS,
      now: '2024-06-30T22:30:00Z',
      patch: { source: { type: 'family_friend' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
      message: /until 1 July 2024/,
    },
    {
      source: `${S004} (00:30 BST on 1 July is still 30 June in UTC)`,
      code: HANTS,
      now: '2024-06-30T23:30:00Z',
      patch: { source: { type: 'family_friend' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: S004,
      code: HANTS,
      patch: { source: { type: 'other' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
    },
    {
      source: 'builtInSites.ts: East of England sources (local choice)',
      code: EAST,
      patch: { source: { type: 'self' } },
      outcome: 'eligible',
      rule: 'referral_source',
      result: 'pass',
    },
    {
      source: 'builtInSites.ts: East of England sources (local choice)',
      code: EAST,
      patch: { source: { type: 'family_friend' } },
      outcome: 'ineligible',
      rule: 'referral_source',
      result: 'fail',
    },
  ]);
});

describe('RECONNECT reasons', () => {
  it('lists the RECONNECT rules in a stable order', () => {
    const rules = evaluateEligibility(eligibleReferral(HANTS), site(HANTS), NOW).reasons.map((r) => r.rule);
    expect(rules).toEqual([
      'consent',
      'referral_source',
      'age',
      'custody_status',
      'release_timing',
      'health_need',
      'unlikely_to_engage',
      'catchment',
      'rosh_level',
    ]);
  });
});
