/**
 * Invariants of engine.ts's outcome principle, checked over generated referrals at every built-in site.
 * Source: PRODUCT.md "Unknowns never silently pass"; API.md "Missing optional facts make the
 * matching rules `unknown`, not `pass`".
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BUILT_IN_SITES } from '../sites/builtInSites.ts';
import { ROSH_LEVELS, SOURCE_TYPES, policyInForce } from '../sites/policy.ts';
import { addDaysIso } from '../identifiers/dates.ts';
import { evaluateEligibility } from './engine.ts';
import { BSOL_CRITERIA, CUSTODY_STATUSES } from './facts.ts';
import type { EligibilityFacts } from './facts.ts';
import { eligibleReferral, merge } from './testFactories.ts';
import type { Patch, SiteCode } from './testFactories.ts';

const AREAS = [
  'Lancashire',
  'Cumberland',
  'Birmingham',
  'Solihull',
  'Southampton',
  'Norfolk',
  'Southend-on-Sea',
  'Cornwall',
  '',
];

const nowArb = fc.integer({ min: 0, max: 3 * 365 }).map((d) => new Date(Date.UTC(2024, 6, 1, 12) + d * 86_400_000));
/** Dates from 1950 to 2030, always real. */
const dateArb = fc.integer({ min: 0, max: 80 * 365 }).map((d) => addDaysIso('1950-01-01', d));

const anyFactsArb: fc.Arbitrary<EligibilityFacts> = fc.record(
  {
    source: fc.record({ type: fc.option(fc.constantFrom(...SOURCE_TYPES)) }, { requiredKeys: [] }),
    person: fc.record({ dateOfBirth: fc.option(dateArb) }, { requiredKeys: [] }),
    consent: fc.option(fc.record({ given: fc.option(fc.boolean()) }, { requiredKeys: [] })),
    custody: fc.record(
      {
        status: fc.option(fc.constantFrom(...CUSTODY_STATUSES)),
        expectedReleaseDate: fc.option(dateArb),
        releaseDate: fc.option(dateArb),
        resettlementArea: fc.option(fc.constantFrom(...AREAS)),
      },
      { requiredKeys: [] },
    ),
    openToProbation: fc.option(fc.boolean()),
    roshLevel: fc.option(fc.constantFrom(...ROSH_LEVELS)),
    priorityGroup: fc.constantFrom(1 as const, 2 as const, 3 as const, null),
    criteria: fc.record(
      Object.fromEntries(BSOL_CRITERIA.map((k) => [k, fc.option(fc.boolean())])) as Record<
        (typeof BSOL_CRITERIA)[number],
        fc.Arbitrary<boolean | null>
      >,
      { requiredKeys: [] },
    ),
    iirmsEligible: fc.option(fc.boolean()),
    healthNeeds: fc.option(fc.constantFrom('Autism', '', 'Alcohol use')),
    complexHealthNeeds: fc.option(fc.boolean()),
    unlikelyToEngage: fc.option(fc.boolean()),
  },
  { requiredKeys: [] },
);

const siteArb = fc.constantFrom(...BUILT_IN_SITES);

/**
 * A site, a day, and facts: half the time entirely random (mostly ineligible or discretionary),
 * half the time a referral that meets every rule (in a random priority group) with up to three
 * facts changed, so that eligible and automatic outcomes are well represented too.
 */
const TOP_LEVEL_KEYS = [
  'source',
  'person',
  'consent',
  'custody',
  'openToProbation',
  'roshLevel',
  'priorityGroup',
  'criteria',
  'iirmsEligible',
  'healthNeeds',
  'complexHealthNeeds',
  'unlikelyToEngage',
] as const;

const groupArb = fc.constantFrom(1 as const, 2 as const, 3 as const);

const scenarioArb = fc
  .tuple(
    siteArb,
    nowArb,
    anyFactsArb,
    fc.boolean(),
    fc.shuffledSubarray([...TOP_LEVEL_KEYS], { maxLength: 3 }),
    groupArb,
  )
  .map(([site, now, random, nearBaseline, keys, group]) => {
    if (!nearBaseline) return { site, now, facts: random };
    const changes = Object.fromEntries(
      keys.filter((k) => k in random).map((k) => [k, random[k]]),
    ) as Patch<EligibilityFacts>;
    const baseline = merge(eligibleReferral(site.code as SiteCode, now), { priorityGroup: group });
    return { site, now, facts: merge(baseline, changes) };
  });

/** Every leaf path a test may forget, as "a.b" or "a". */
const LEAVES = [
  'source.type',
  'person.dateOfBirth',
  'consent.given',
  'custody.status',
  'custody.expectedReleaseDate',
  'custody.releaseDate',
  'custody.resettlementArea',
  'openToProbation',
  'roshLevel',
  'priorityGroup',
  'iirmsEligible',
  'healthNeeds',
  'complexHealthNeeds',
  'unlikelyToEngage',
  'criteria',
  ...BSOL_CRITERIA.map((k) => `criteria.${k}`),
];

/** A copy of the facts with the given leaves made unknown (removed). */
function forget(facts: EligibilityFacts, paths: string[]): EligibilityFacts {
  const copy = structuredClone(facts) as Record<string, unknown>;
  for (const path of paths) {
    const [head = '', tail] = path.split('.');
    if (tail === undefined) Reflect.deleteProperty(copy, head);
    else {
      const inner = copy[head];
      if (typeof inner === 'object' && inner !== null) Reflect.deleteProperty(inner, tail);
    }
  }
  return copy;
}

const RUNS = { numRuns: 2000 };

describe('eligibility invariants', () => {
  it('eligible or automatic only when every reason passes; ineligible only with a failing reason', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts, site, now }) => {
        const result = evaluateEligibility(facts, site, now);
        if (result.outcome === 'eligible' || result.outcome === 'automatic') {
          expect(result.reasons.every((r) => r.result === 'pass')).toBe(true);
        }
        if (result.outcome === 'ineligible') expect(result.reasons.some((r) => r.result === 'fail')).toBe(true);
        if (result.outcome === 'discretionary') expect(result.reasons.some((r) => r.result !== 'pass')).toBe(true);
        if (result.outcome === 'automatic') expect([1, 2]).toContain(result.priorityGroup);
        expect(result.policyVersion).toBe(policyInForce(site, now)?.version);
        expect(result.criteriaMet).toBeGreaterThanOrEqual(0);
        expect(result.criteriaMet).toBeLessThanOrEqual(8);
      }),
      RUNS,
    );
  });

  it('forgetting facts never turns ineligible or discretionary into eligible or automatic', () => {
    fc.assert(
      fc.property(scenarioArb, fc.subarray(LEAVES), ({ facts, site, now }, paths) => {
        const before = evaluateEligibility(facts, site, now).outcome;
        const after = evaluateEligibility(forget(facts, paths), site, now).outcome;
        if (before === 'ineligible' || before === 'discretionary')
          expect(['ineligible', 'discretionary']).toContain(after);
      }),
      RUNS,
    );
  });

  it('a referral eligible on fewer facts keeps its outcome when more facts are known', () => {
    fc.assert(
      fc.property(scenarioArb, fc.subarray(LEAVES), ({ facts, site, now }, paths) => {
        const fewer = evaluateEligibility(forget(facts, paths), site, now).outcome;
        if (fewer === 'eligible' || fewer === 'automatic')
          expect(evaluateEligibility(facts, site, now).outcome).toBe(fewer);
      }),
      RUNS,
    );
  });

  it('consent refused is always ineligible; consent unknown is never eligible or automatic', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), ({ facts, site, now }, refused) => {
        const outcome = evaluateEligibility(
          { ...facts, consent: refused ? { given: false } : null },
          site,
          now,
        ).outcome;
        if (refused) expect(outcome).toBe('ineligible');
        else expect(['ineligible', 'discretionary']).toContain(outcome);
      }),
      RUNS,
    );
  });

  it('is pure: the same input gives the same result and the input is not changed', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts, site, now }) => {
        const snapshot = structuredClone(facts);
        const first = evaluateEligibility(facts, site, now);
        expect(evaluateEligibility(facts, site, now)).toEqual(first);
        expect(facts).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });
});
