// The load shown beside each worker, and when an allocation warns (issue "Allocation and caseload").
import { describe, expect, it } from 'vitest';
import { caseloadLoad, caseloadWarning, maxCaseloadFor } from './caseloadLimits.ts';
import { builtInSite } from '../sites/builtInSites.ts';

const now = new Date('2026-11-10T09:00:00Z');

describe('caseloadLoad', () => {
  it.each([
    // Issue: "the team view shows each worker's load against it" ("6 of 10").
    { count: 6, max: 10, over: false, text: '6 of 10' },
    // At the maximum the caseload is full, not over: the warning is for going beyond it.
    { count: 10, max: 10, over: false, text: '10 of 10' },
    // Issue: "a warning, not a block, when over".
    { count: 11, max: 10, over: true, text: '11 of 10' },
    // A site whose policy sets no maximum never warns.
    { count: 40, max: null, over: false, text: '40' },
    { count: 0, max: 25, over: false, text: '0 of 25' },
  ])('$count against $max', ({ count, max, over, text }) => {
    expect(caseloadLoad(count, max)).toEqual({ count, max, over, text });
  });
});

describe('caseloadWarning', () => {
  it('warns only when over', () => {
    expect(caseloadWarning('Sam', caseloadLoad(10, 10))).toBeNull();
    expect(caseloadWarning('Sam', caseloadLoad(11, 10))).toBe(
      "Sam now leads 11 open episodes of care, more than this site's maximum of 10 per worker.",
    );
  });
});

describe('maxCaseloadFor', () => {
  it.each([
    // Seed 001: ER teams "Hold a small caseload of complex individuals".
    { site: 'er-lancashire-cumbria', max: 10 },
    { site: 'er-birmingham-solihull', max: 10 },
    // RECONNECT is liaison and signposting (seed 002), so larger caseloads.
    { site: 'reconnect-hampshire', max: 25 },
    { site: 'reconnect-east-of-england', max: 25 },
  ])('$site: $max', ({ site, max }) => {
    expect(maxCaseloadFor(builtInSite(site), now)).toBe(max);
  });

  it('is null without a site or without a maximum in the policy', () => {
    expect(maxCaseloadFor(undefined, now)).toBeNull();
    const site = builtInSite('reconnect-hampshire')!;
    expect(
      maxCaseloadFor({ ...site, policies: site.policies.map((p) => ({ ...p, maxCaseloadPerWorker: undefined })) }, now),
    ).toBeNull();
  });
});
