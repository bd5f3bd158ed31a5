// PRODUCT.md journey, step 1: a referral shows the person's earlier referrals and episodes, as far as
// the viewer may see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { aReferralBody, anOpenEpisode, SITES, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a person’s episodes on their referrals', () => {
  it('lists the episode on a later referral of the same person, for those who may see it', async () => {
    const SITE = SITES.hampshire;
    const referrer = await t.user('referrer');
    const manager = await staffAt(t, SITE, 'manager');
    const practitioner = await staffAt(t, SITE);
    const outsider = await t.user('referrer');
    const body = aReferralBody(t, SITE, { seed: 4100 });
    const episode = await anOpenEpisode(t, { referrer, manager }, SITE, { body });
    const second = (await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json();
    const seen = (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/referrals/${second.id}` })).json();
    expect(seen.episodes).toEqual([expect.objectContaining({ id: episode.id, site: SITE, closed: false })]);
    const theirs = (await t.api(outsider.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json();
    expect(theirs.episodes).toEqual([]);
  });
});
