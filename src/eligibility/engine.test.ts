import { describe, it, expect } from 'vitest';
import { SITES } from '../../test/support/factories.ts';
import { BUILT_IN_SITES } from '../sites/builtInSites.ts';
import { evaluateEligibility, RULE_CODES } from './engine.ts';
import type { EligibilityFacts } from './facts.ts';
import { eligibleReferral, merge, NOW, site } from './testFactories.ts';
import type { Patch, SiteCode } from './testFactories.ts';

const ALL: SiteCode[] = Object.values(SITES);

function evaluate(code: SiteCode, patch: Patch<EligibilityFacts> = {}, now: Date = NOW) {
  return evaluateEligibility(merge(eligibleReferral(code, now), patch), site(code), now);
}

describe('every site: the baseline referral', () => {
  it.each(ALL)('%s: eligible, every reason passes, policy version recorded', (code) => {
    const result = evaluate(code);
    expect(result.reasons.filter((r) => r.result !== 'pass')).toEqual([]);
    expect(result.outcome).toBe('eligible');
    expect(result.policyVersion).toMatch(new RegExp(`^${code}/\\d{4}-\\d{2}-\\d{2}$`));
    expect(result.signposting).toEqual([]);
    for (const reason of result.reasons) {
      expect(RULE_CODES).toContain(reason.rule);
      expect(reason.message.length).toBeGreaterThan(5);
    }
  });
});

describe('consent: a hard requirement at every site', () => {
  const rows = ALL.flatMap(
    (code) =>
      [
        {
          code,
          consent: { given: false },
          outcome: 'ineligible',
          result: 'fail',
          source: 'PRODUCT.md: Consent to the referral is required (hard requirement, all sites)',
        },
        {
          code,
          consent: { given: null },
          outcome: 'discretionary',
          result: 'unknown',
          source: 'PRODUCT.md: Unknowns never silently pass',
        },
        {
          code,
          consent: null,
          outcome: 'discretionary',
          result: 'unknown',
          source: 'API.md: Missing optional facts make the matching rules `unknown`',
        },
      ] as const,
  );
  it.each(rows)('$code, consent $consent → $outcome ($source)', ({ code, consent, outcome, result }) => {
    const evaluated = evaluate(code, { consent });
    expect(evaluated.outcome).toBe(outcome);
    expect(evaluated.reasons.find((r) => r.rule === 'consent')?.result).toBe(result);
  });
});

describe('referral source: a hard requirement at every site', () => {
  it.each(ALL)('%s: a missing source type is unknown, so discretionary', (code) => {
    const result = evaluate(code, { source: { type: undefined } });
    expect(result.outcome).toBe('discretionary');
    expect(result.reasons.find((r) => r.rule === 'referral_source')?.result).toBe('unknown');
  });
});

describe('policy in force', () => {
  it('records the version of the policy in force on the day', () => {
    expect(evaluate('reconnect-hampshire').policyVersion).toBe('reconnect-hampshire/2023-10-01');
    expect(evaluate('er-lancashire-cumbria').policyVersion).toBe('er-lancashire-cumbria/2024-04-01');
  });

  it('throws a clear error when the site has no policy in force', () => {
    const early = new Date('2023-09-30T12:00:00Z');
    expect(() =>
      evaluateEligibility(eligibleReferral('reconnect-hampshire', early), site('reconnect-hampshire'), early),
    ).toThrow(/reconnect-hampshire has no eligibility policy in force on 2023-09-30/);
  });

  it("throws when a policy's rules do not match the site's model", () => {
    const er = site('er-lancashire-cumbria');
    const broken = {
      ...site('reconnect-hampshire'),
      model: 'ENHANCED_RECONNECT' as const,
      policies: site('reconnect-hampshire').policies,
    };
    expect(() => evaluateEligibility({}, broken, NOW)).toThrow(
      /has reconnect rules but site reconnect-hampshire is ENHANCED_RECONNECT/,
    );
    expect(() => evaluateEligibility({}, er, NOW)).not.toThrow();
  });
});

describe('an empty draft', () => {
  it.each(ALL)('%s: everything unknown → discretionary, never eligible', (code) => {
    const result = evaluateEligibility({}, site(code), NOW);
    expect(result.outcome).toBe('discretionary');
    expect(result.reasons.every((r) => r.result === 'unknown')).toBe(true);
    expect(result.criteriaMet).toBe(0);
    expect(result.priorityGroup).toBeNull();
  });
});

describe('result fields', () => {
  it('criteriaMet counts the 8 criteria answered true, at every site (documented)', () => {
    expect(evaluate('er-birmingham-solihull').criteriaMet).toBe(6);
    expect(
      evaluate('reconnect-hampshire', { criteria: { mentalHealth: true, substanceMisuse: true, ippSentence: null } })
        .criteriaMet,
    ).toBe(2);
  });

  it("priorityGroup is the referral's group at ER sites and null at RECONNECT sites", () => {
    expect(evaluate('er-lancashire-cumbria', { priorityGroup: 2 }).priorityGroup).toBe(2);
    expect(evaluate('reconnect-hampshire', { priorityGroup: 1 }).priorityGroup).toBeNull();
  });

  it('signposting has no repeats', () => {
    const result = evaluate('er-birmingham-solihull', {
      priorityGroup: null,
      roshLevel: 'medium',
      custody: { resettlementArea: 'Southampton' },
    });
    expect(result.signposting).toEqual(['Refer to RECONNECT Hampshire, which covers Southampton.']);
  });

  it('uses the sites it is given for signposting', () => {
    const facts = merge(eligibleReferral('er-birmingham-solihull'), {
      priorityGroup: null,
      custody: { resettlementArea: 'Southampton' },
    });
    const onlyBsol = evaluateEligibility(facts, site('er-birmingham-solihull'), NOW, [site('er-birmingham-solihull')]);
    expect(onlyBsol.signposting).toEqual([
      'Refer to the local RECONNECT service for the area.',
      expect.stringMatching(/No site in this system covers Southampton/),
    ]);
    expect(evaluateEligibility(facts, site('er-birmingham-solihull'), NOW, BUILT_IN_SITES).signposting).toEqual([
      'Refer to RECONNECT Hampshire, which covers Southampton.',
    ]);
  });
});
