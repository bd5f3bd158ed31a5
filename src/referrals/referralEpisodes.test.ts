// PRODUCT.md journey, step 1: a referral shows the person's earlier referrals and episodes, as far as
// the viewer may see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a person’s episodes on their referrals', () => {
  it('lists the episode on a later referral of the same person, for those who may see it', async () => {
    const SITE = 'reconnect-hampshire';
    const referrer = await t.user('referrer');
    const practitioner = await t.user('practitioner', { sites: [SITE] });
    const outsider = await t.user('referrer');
    const body = fictionalReferral(SITE, 4100, t.clock.now);
    const first = (await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json();
    await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/referrals/${first.id}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': '"1"' },
    });
    const episode = (
      await t.api(practitioner.token, { method: 'POST', url: '/api/v1/episodes', payload: { referralId: first.id } })
    ).json();
    const second = (await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json();
    const seen = (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/referrals/${second.id}` })).json();
    expect(seen.episodes).toEqual([expect.objectContaining({ id: episode.id, site: SITE, closed: false })]);
    const theirs = (await t.api(outsider.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json();
    expect(theirs.episodes).toEqual([]);
  });
});
