import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { SITES, aReferral, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the retention report (Records Management Code of Practice: 20 years after care ends)', () => {
  it('lists declined referrals once 20 years have passed, shows legal holds, and never deletes anything', async () => {
    const referrer = await t.user('referrer');
    const manager = await staffAt(t, SITES.hampshire, 'manager');
    const admin = await t.user('admin');
    const r = await aReferral(t, referrer, SITES.hampshire, { kind: 'ineligible', seed: 3 });
    await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/screening`,
      payload: { decision: 'decline', reason: 'No consent', signposting: 'GP' },
      headers: { 'if-match': '"1"' },
    });

    const early = await t.api(admin.token, { method: 'GET', url: '/api/v1/retention/due?asOf=2046-11-09' });
    expect(early.json().items).toEqual([]);
    const due = (await t.api(admin.token, { method: 'GET', url: '/api/v1/retention/due?asOf=2046-11-10' })).json()
      .items;
    expect(due).toEqual([
      expect.objectContaining({ reference: r.reference, reviewDueOn: '2046-11-10', legalHold: false }),
    ]);
    expect(JSON.stringify(due)).not.toContain(r.body.person.familyName);

    expect(
      (
        await t.api(manager.token, {
          method: 'POST',
          url: `/api/v1/referrals/${r.id}/legal-hold`,
          payload: { legalHold: true, reason: 'Inquiry' },
        })
      ).statusCode,
    ).toBe(200);
    const held = (await t.api(admin.token, { method: 'GET', url: '/api/v1/retention/due?asOf=2046-11-10' })).json()
      .items;
    expect(held[0]).toMatchObject({ legalHold: true, due: false });
    expect((await t.api(referrer.token, { method: 'GET', url: `/api/v1/referrals/${r.id}` })).statusCode).toBe(200);
  });

  it('is for admins only, and checks its date', async () => {
    const practitioner = await staffAt(t, SITES.hampshire);
    const admin = await t.user('admin');
    expect((await t.api(practitioner.token, { method: 'GET', url: '/api/v1/retention/due' })).statusCode).toBe(403);
    const bad = await t.api(admin.token, { method: 'GET', url: '/api/v1/retention/due?asOf=2046-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('asOf');
  });
});
