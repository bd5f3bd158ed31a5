import { describe, it, expect } from 'vitest';
import { BUILT_IN_SITES, builtInSite } from './builtInSites.ts';
import { policyInForce, sourcesInForce } from './policy.ts';

const NOW = new Date('2026-11-10T12:00:00Z');

describe('BUILT_IN_SITES', () => {
  // Source: PRODUCT.md "Sites and their rules (the built-in configuration)" table.
  it.each([
    {
      code: 'er-birmingham-solihull',
      model: 'ENHANCED_RECONNECT',
      pre: 6,
      post: 12,
      hours: 48,
      catchment: ['Birmingham', 'Solihull'],
    },
    {
      code: 'er-lancashire-cumbria',
      model: 'ENHANCED_RECONNECT',
      pre: 6,
      post: 12,
      hours: 48,
      catchment: [
        'Lancashire',
        'Blackburn with Darwen',
        'Blackpool',
        'Cumbria',
        'Cumberland',
        'Westmorland and Furness',
      ],
    },
    {
      code: 'reconnect-hampshire',
      model: 'RECONNECT',
      pre: 3,
      post: 6,
      hours: 72,
      catchment: [
        'Hampshire',
        'Southampton',
        'Portsmouth',
        'Isle of Wight',
        'Berkshire',
        'Oxfordshire',
        'Buckinghamshire',
        'Milton Keynes',
      ],
    },
    {
      code: 'reconnect-east-of-england',
      model: 'RECONNECT',
      pre: 3,
      post: 6,
      hours: 72,
      catchment: [
        'Norfolk',
        'Suffolk',
        'Cambridgeshire',
        'Peterborough',
        'Essex',
        'Southend-on-Sea',
        'Thurrock',
        'Hertfordshire',
        'Bedford',
        'Central Bedfordshire',
        'Luton',
      ],
    },
  ])('$code: $model, $pre/$post months, screened within $hours h', ({ code, model, pre, post, hours, catchment }) => {
    const site = builtInSite(code);
    expect(site?.model).toBe(model);
    const policy = site ? policyInForce(site, NOW) : undefined;
    expect(policy?.preReleaseMonths).toBe(pre);
    expect(policy?.postReleaseMonths).toBe(post);
    expect(policy?.screeningHours).toBe(hours);
    expect(policy?.catchment).toEqual(catchment);
  });

  it('ships exactly the four sites of PRODUCT.md', () => {
    expect(BUILT_IN_SITES.map((s) => s.code)).toEqual([
      'er-birmingham-solihull',
      'er-lancashire-cumbria',
      'reconnect-hampshire',
      'reconnect-east-of-england',
    ]);
  });

  it.each(BUILT_IN_SITES.flatMap((site) => site.policies.map((policy) => ({ site, policy }))))(
    '$policy.version: versioned "<code>/<effectiveFrom>", rules match the model',
    ({ site, policy }) => {
      expect(policy.version).toBe(`${site.code}/${policy.effectiveFrom}`);
      expect(policy.eligibility.kind).toBe(site.model === 'ENHANCED_RECONNECT' ? 'enhanced_reconnect' : 'reconnect');
    },
  );

  it('has unique policy versions', () => {
    const versions = BUILT_IN_SITES.flatMap((s) => s.policies.map((p) => p.version));
    expect(new Set(versions).size).toBe(versions.length);
  });

  // Source: seed 001: "ER will only accept referrals from HMPPS probation service, national security
  // and counter terrorism, RECONNECT, OPD and Channel. Self-referrals are NOT accepted."
  it('Lancashire & Cumbria accepts only probation, NSD, counter terrorism, RECONNECT, OPD and Channel', () => {
    const site = builtInSite('er-lancashire-cumbria');
    const policy = site ? policyInForce(site, NOW) : undefined;
    expect(policy && sourcesInForce(policy, NOW)).toEqual([
      'probation',
      'nsd',
      'counter_terrorism',
      'reconnect',
      'opd',
      'channel',
    ]);
  });

  it('no Enhanced RECONNECT site accepts self-referrals or friends and family', () => {
    for (const site of BUILT_IN_SITES.filter((s) => s.model === 'ENHANCED_RECONNECT')) {
      const policy = policyInForce(site, NOW);
      expect(policy && sourcesInForce(policy, NOW)).not.toContain('self');
      expect(policy && sourcesInForce(policy, NOW)).not.toContain('family_friend');
    }
  });
});
