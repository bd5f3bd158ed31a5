// Issue 10, "The referrer sees the clinical record": "A referrer sees status, decisions, questions to answer
// and what they are told; the clinical record is the team's." A probation referrer opens their referral after
// the team has worked the case and closed it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { anOpenEpisode, SITES, type OpenEpisode } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let episode: OpenEpisode;

async function pageAs(user: TestUser, url: string) {
  const page = new PageSession(t.app);
  expect((await page.signIn(user.email, user.password)).statusCode).toBe(303);
  const res = await page.get(url);
  expect(res.statusCode).toBe(200);
  return /data-qa="timeline">([\s\S]*?)<\/ol>/.exec(res.body)?.[1] ?? '';
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  manager = await t.user('manager', { sites: [SITES.lancashire] });
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire);
  const api = (url: string, payload: object) =>
    t.api(manager.token, { method: 'POST', url: `/api/v1/episodes/${episode.id}${url}`, payload });
  expect((await api('/assessments', {})).statusCode).toBe(201);
  const formulation = await api('/formulations', {
    presenting: 'Low mood',
    predisposing: 'Care experienced',
    precipitating: 'Bereavement',
    perpetuating: 'Alcohol',
    protective: 'His daughter',
    writtenWithPerson: true,
  });
  expect(formulation.statusCode, formulation.body).toBe(201);
  const missed = await api('/contacts', {
    at: t.clock.now.toISOString(),
    type: 'in_prison',
    outcome: 'did_not_attend',
  });
  expect(missed.statusCode, missed.body).toBe(201);
  const closed = await api('/close', { reason: 'disengaged', summary: 'Stopped coming after two weeks.' });
  expect(closed.statusCode, closed.body).toBe(200);
});
afterAll(() => t.close());

describe("the referrer's referral page", () => {
  it('shows the decision and that support started, and none of the clinical timeline', async () => {
    const timeline = await pageAs(referrer, `/referrals/${episode.referralId}`);
    expect(timeline).toContain('Referral accepted at screening');
    expect(timeline).toContain('Episode of care opened');
    for (const clinical of [/assessment/i, /formulation/i, /did not attend/i, /closed/i, /stopped engaging/i])
      expect(timeline).not.toMatch(clinical);
  });

  it("the team's page keeps the whole timeline", async () => {
    const timeline = await pageAs(manager, `/referrals/${episode.referralId}`);
    expect(timeline).toMatch(/did not attend/i);
    expect(timeline).toMatch(/closed/i);
  });
});
