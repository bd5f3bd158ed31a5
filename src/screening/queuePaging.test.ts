import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { QUEUE_PAGE_SIZE } from './pages.ts';
import { SITES } from '../../test/support/factories.ts';

let t: TestApp;
let page: PageSession;
const SITE = SITES.eastOfEngland;

beforeAll(async () => {
  t = await createTestApp();
  const referrer = await t.user('referrer');
  const practitioner = await t.user('practitioner', { sites: [SITE] });
  for (let i = 0; i < QUEUE_PAGE_SIZE + 5; i++) {
    await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: fictionalReferral(SITE, 3000 + i, t.clock.now),
    });
  }
  t.clock.now = new Date(t.clock.now.getTime() + 73 * 3_600_000);
  page = new PageSession(t.app);
  await page.signIn(practitioner.email, practitioner.password);
});
afterAll(() => t.close());

describe('the screening queue in pages', () => {
  it('shows the first page with the total and a link to the next, and counts every overdue referral', async () => {
    const first = await page.get(`/screening?site=${SITE}`);
    expect(first.body.match(/data-qa="queue-row"/g)).toHaveLength(QUEUE_PAGE_SIZE);
    expect(first.body).toContain(`${QUEUE_PAGE_SIZE + 5} referrals, ${QUEUE_PAGE_SIZE} on this page`);
    expect(first.body).toContain(`${QUEUE_PAGE_SIZE + 5} referrals are overdue for screening`);
    expect(first.body).toContain('page=2');
    const second = await page.get(`/screening?site=${SITE}&status=open&sort=due&page=2`);
    expect(second.body.match(/data-qa="queue-row"/g)).toHaveLength(5);
  });

  it('treats a nonsense page number as the first page', async () => {
    const res = await page.get(`/screening?site=${SITE}&page=-3`);
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/data-qa="queue-row"/g)).toHaveLength(QUEUE_PAGE_SIZE);
  });
});
