// Issue 10, "Hard requirements are advisory": a self-referral to Lancashire and South Cumbria (a hard
// requirement not met) is accepted only with a manager's override and its reason, shown on the record and
// audited; a practitioner cannot; a referral the person has not consented to is never accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField as hidden } from '../../test/support/browserSession.ts';
import { aConsultation, aReferral, aReferralBody, SITES } from '../../test/support/factories.ts';
import { auditEvents } from '../db/schema.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let manager: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  practitioner = await t.user('practitioner', { sites: [SITES.lancashire] });
  manager = await t.user('manager', { sites: [SITES.lancashire] });
});
afterAll(() => t.close());

function selfReferral() {
  const body = aReferralBody(t, SITES.lancashire);
  return aReferral(t, referrer, SITES.lancashire, { body: { ...body, source: { ...body.source, type: 'self' } } });
}

const decide = (user: TestUser, id: string, payload: object, version: number) =>
  t.api(user.token, {
    method: 'POST',
    url: `/api/v1/referrals/${id}/screening`,
    payload,
    headers: { 'if-match': `"${version}"` },
  });

describe('accepting a referral that does not meet a hard requirement (API)', () => {
  it('a self-referral to Lancashire and South Cumbria is ineligible', async () => {
    const r = await selfReferral();
    const view = (await t.api(manager.token, { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(view.eligibility.outcome).toBe('ineligible');
  });

  it('a practitioner cannot accept it (403), and nothing changes', async () => {
    const r = await selfReferral();
    const res = await decide(practitioner, r.id, { decision: 'accept', overrideReason: 'Known to us' }, r.version);
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0].message).toMatch(/only a manager/i);
    const view = (await t.api(manager.token, { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(view.status).toBe('awaiting_screening');
  });

  it('a manager without a reason gets 400 on overrideReason', async () => {
    const r = await selfReferral();
    const res = await decide(manager, r.id, { decision: 'accept' }, r.version);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'overrideReason' })]);
  });

  it('a manager with a reason accepts it: the override is on the record, in the audit trail, and an episode opens', async () => {
    const r = await selfReferral();
    const reason = 'Self-referral from HMP Preston healthcare; probation agree and will support.';
    const res = await decide(manager, r.id, { decision: 'accept', overrideReason: reason }, r.version);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'accepted',
      eligibilityOverride: { reason, by: manager.viewer.name, rules: expect.arrayContaining(['referral_source']) },
    });
    const [audit] = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, r.id), eq(auditEvents.action, 'referral.screening.accept')));
    expect(JSON.stringify(audit?.details)).toContain(reason);
    // The referrer sees the decision, not the team's reasoning about the override.
    const asReferrer = (await t.api(referrer.token, { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(asReferrer.eligibilityOverride).toBeNull();
    const opened = await t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/episodes',
      payload: { referralId: r.id, consultation: aConsultation(t) },
    });
    expect(opened.statusCode, opened.body).toBe(201);
  });

  it('an eligible referral needs no override', async () => {
    const r = await aReferral(t, referrer, SITES.lancashire);
    const res = await decide(practitioner, r.id, { decision: 'accept' }, r.version);
    expect(res.statusCode).toBe(200);
    expect(res.json().eligibilityOverride).toBeNull();
  });

  it('no consent: refused even with an override (409), so no episode can ever open from it', async () => {
    const r = await aReferral(t, referrer, SITES.lancashire, { kind: 'ineligible' });
    const res = await decide(manager, r.id, { decision: 'accept', overrideReason: 'We will ask again' }, r.version);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].message).toMatch(/not consented/i);
  });
});

describe('the screening form', () => {
  async function signedIn(user: TestUser) {
    const page = new PageSession(t.app);
    expect((await page.signIn(user.email, user.password)).statusCode).toBe(303);
    return page;
  }
  const post = (page: PageSession, shown: { body: string }, id: string, form: Record<string, string>) =>
    page.post(
      `/referrals/${id}/screening`,
      { _csrf: hidden(shown.body, '_csrf'), version: hidden(shown.body, 'version'), ...form },
      undefined,
      { withCsrf: false },
    );

  it('a manager sees the override box, is asked for the reason, and the record shows the override', async () => {
    const r = await selfReferral();
    const page = await signedIn(manager);
    const shown = await page.get(`/referrals/${r.id}`);
    expect(shown.body).toContain('This referral does not meet a hard requirement');
    expect(shown.body).toContain('name="overrideReason"');
    const missing = await post(page, shown, r.id, { decision: 'accept' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#overrideReason"');
    const saved = await post(page, shown, r.id, { decision: 'accept', overrideReason: 'Agreed with probation' });
    expect(saved.statusCode).toBe(303);
    const after = await page.get(`/referrals/${r.id}`);
    expect(after.body).toContain('Accepted with a manager’s override');
    expect(after.body).toContain('Agreed with probation');
  });

  it('a practitioner is told only a manager can accept it', async () => {
    const r = await selfReferral();
    const page = await signedIn(practitioner);
    const shown = await page.get(`/referrals/${r.id}`);
    expect(shown.body).not.toContain('name="overrideReason"');
    const res = await post(page, shown, r.id, { decision: 'accept' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Only a manager of the team can accept it');
  });
});
