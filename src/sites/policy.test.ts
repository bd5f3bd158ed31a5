import { describe, it, expect } from 'vitest';
import { BUILT_IN_SITES, builtInSite } from './builtInSites.ts';
import {
  inCatchment,
  normaliseAreaName,
  policyInForce,
  sitesCovering,
  sourceAcceptedFrom,
  sourcesInForce,
} from './policy.ts';
import type { SiteDefinition, SitePolicy } from './policy.ts';

function mustGet(code: string): SiteDefinition {
  const site = builtInSite(code);
  if (!site) throw new Error(code);
  return site;
}
function policyOf(code: string, now = new Date('2026-11-10T12:00:00Z')): SitePolicy {
  const policy = policyInForce(mustGet(code), now);
  if (!policy) throw new Error(code);
  return policy;
}

describe('policyInForce', () => {
  const base = policyOf('er-lancashire-cumbria');
  const site: SiteDefinition = {
    ...mustGet('er-lancashire-cumbria'),
    // Deliberately out of order: the latest effective date that has arrived wins, not the last listed.
    policies: [
      { ...base, version: 'v3', effectiveFrom: '2027-01-01' },
      { ...base, version: 'v1', effectiveFrom: '2024-04-01' },
      { ...base, version: 'v2', effectiveFrom: '2026-06-01' },
    ],
  };
  // Source: PRODUCT.md "Policies are data, versioned with an effective date".
  it.each([
    { instant: '2024-03-31T12:00:00Z', expected: undefined, why: 'before the first policy' },
    { instant: '2024-04-01T00:00:00+01:00', expected: 'v1', why: 'first day, start of the day in BST' },
    { instant: '2026-05-31T23:30:00Z', expected: 'v2', why: 'already 1 June in England (BST)' },
    { instant: '2026-05-31T22:30:00Z', expected: 'v1', why: 'still 31 May in England' },
    { instant: '2026-12-31T23:59:00Z', expected: 'v2', why: 'v3 not yet effective' },
    { instant: '2027-01-01T00:00:00Z', expected: 'v3', why: 'v3 effective' },
  ])('$instant → $expected ($why)', ({ instant, expected }) => {
    expect(policyInForce(site, new Date(instant))?.version).toBe(expected);
  });
});

describe('sourcesInForce', () => {
  // Source: seed 004: "Referrals can currently be made by prison healthcare staff, probation and the
  // NHS liaison and diversion service. Referrals from prisoners and prison staff will be begin in
  // January, with plans for friends and family ... later in the year."
  const hampshire = mustGet('reconnect-hampshire');
  it.each([
    { date: '2023-10-01', expected: ['probation', 'prison_healthcare', 'liaison_diversion'] },
    { date: '2023-12-31', expected: ['probation', 'prison_healthcare', 'liaison_diversion'] },
    { date: '2024-01-01', expected: ['probation', 'prison_healthcare', 'liaison_diversion', 'prison_staff', 'self'] },
    { date: '2024-06-30', expected: ['probation', 'prison_healthcare', 'liaison_diversion', 'prison_staff', 'self'] },
    {
      date: '2024-07-01',
      expected: ['probation', 'prison_healthcare', 'liaison_diversion', 'prison_staff', 'self', 'family_friend'],
    },
  ])('Hampshire on $date', ({ date, expected }) => {
    const now = new Date(`${date}T12:00:00Z`);
    const policy = policyInForce(hampshire, now);
    if (!policy) throw new Error('no policy');
    expect(sourcesInForce(policy, now)).toEqual(expected);
  });

  it('treats `until` as inclusive and ignores a source after it', () => {
    const policy: SitePolicy = {
      ...policyOf('reconnect-hampshire'),
      referralSources: [{ type: 'other', from: '2025-01-01', until: '2025-06-30' }],
    };
    expect(sourcesInForce(policy, new Date('2025-06-30T12:00:00Z'))).toEqual(['other']);
    expect(sourcesInForce(policy, new Date('2025-07-01T12:00:00Z'))).toEqual([]);
  });

  it('says from when a not-yet-accepted source will be accepted', () => {
    const now = new Date('2024-03-01T12:00:00Z');
    const policy = policyInForce(hampshire, now);
    if (!policy) throw new Error('no policy');
    expect(sourceAcceptedFrom(policy, 'family_friend', now)).toBe('2024-07-01');
    expect(sourceAcceptedFrom(policy, 'self', now)).toBeUndefined();
  });
});

describe('normaliseAreaName', () => {
  it.each([
    ['Southend-on-Sea', 'southend on sea'],
    ['Westmorland & Furness', 'westmorland and furness'],
    ['Blackburn with Darwen Borough Council', 'blackburn with darwen'],
    ['Birmingham City Council', 'birmingham'],
    ['City of Peterborough', 'peterborough'],
    ['Royal Borough of Windsor and Maidenhead', 'windsor and maidenhead'],
    ["King's Lynn and West Norfolk", 'kings lynn and west norfolk'],
    ['  St. Albans ', 'st albans'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseAreaName(input)).toBe(expected);
  });
});

describe('inCatchment', () => {
  // Source: PRODUCT.md "Sites and their rules" catchment column; seed 000 "Birmingham and Solihull
  // area"; seed 001 "resettling in Lancashire and Cumbria".
  it.each([
    { code: 'er-lancashire-cumbria', area: 'Lancashire', expected: true },
    { code: 'er-lancashire-cumbria', area: 'Blackburn with Darwen', expected: true },
    { code: 'er-lancashire-cumbria', area: 'blackpool', expected: true },
    { code: 'er-lancashire-cumbria', area: 'Cumberland', expected: true },
    { code: 'er-lancashire-cumbria', area: 'Westmorland and Furness', expected: true },
    { code: 'er-lancashire-cumbria', area: 'WESTMORLAND & FURNESS', expected: true },
    { code: 'er-lancashire-cumbria', area: 'Preston, Lancashire', expected: true },
    { code: 'er-lancashire-cumbria', area: 'Barrow-in-Furness', expected: true },
    { code: 'er-lancashire-cumbria', area: 'Manchester', expected: false },
    { code: 'er-birmingham-solihull', area: 'Solihull Metropolitan Borough Council', expected: true },
    { code: 'er-birmingham-solihull', area: 'Sutton Coldfield', expected: true },
    { code: 'er-birmingham-solihull', area: 'Coventry', expected: false },
    { code: 'reconnect-hampshire', area: 'Isle of Wight', expected: true },
    { code: 'reconnect-hampshire', area: 'Milton Keynes', expected: true },
    { code: 'reconnect-hampshire', area: 'Reading', expected: true },
    { code: 'reconnect-hampshire', area: 'Surrey', expected: false },
    { code: 'reconnect-east-of-england', area: 'Southend-on-Sea', expected: true },
    { code: 'reconnect-east-of-england', area: 'southend on sea', expected: true },
    { code: 'reconnect-east-of-england', area: 'Central Bedfordshire', expected: true },
    { code: 'reconnect-east-of-england', area: 'Bedfordshire', expected: true },
    { code: 'reconnect-east-of-england', area: 'Hampshire', expected: false },
    { code: 'reconnect-east-of-england', area: '', expected: false },
  ])('$code covers "$area": $expected', ({ code, area, expected }) => {
    expect(inCatchment(policyOf(code), area)).toBe(expected);
  });
});

describe('sitesCovering', () => {
  const now = new Date('2026-11-10T12:00:00Z');
  // Source: PRODUCT.md "Out-of-area releases hand over to the team covering that area".
  it.each([
    { area: 'Southampton', expected: ['reconnect-hampshire'] },
    { area: 'Cumberland', expected: ['er-lancashire-cumbria'] },
    { area: 'Solihull', expected: ['er-birmingham-solihull'] },
    { area: 'Thurrock', expected: ['reconnect-east-of-england'] },
    { area: 'Cornwall', expected: [] },
  ])('$area → $expected', ({ area, expected }) => {
    expect(sitesCovering(area, BUILT_IN_SITES, now).map((s) => s.code)).toEqual(expected);
  });

  it('ignores a site with no policy in force yet', () => {
    expect(sitesCovering('Southampton', BUILT_IN_SITES, new Date('2023-09-30T12:00:00Z'))).toEqual([]);
  });
});
