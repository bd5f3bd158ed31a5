// Issue 14: "no `Cache-Control: no-store` on pages and the API; the API accepts form-encoded and text bodies
// where `docs/security.md` promises 415".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { aReferral, aReferralBody, SITES } from '../../test/support/factories.ts';
import { referrals } from '../db/schema.ts';
import { mediaTypeOf } from './transport.ts';

const SITE = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;

const storedReferrals = async () => (await t.services.db.select({ n: count() }).from(referrals))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
});
afterAll(() => t.close());

describe('the API reads JSON only (415 otherwise)', () => {
  it.each([
    ['application/x-www-form-urlencoded', 'site=er-lancashire-cumbria&person.givenName=Ada'],
    ['text/plain', JSON.stringify({ site: SITE })],
    ['text/plain; charset=utf-8', 'hello'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="site"\r\n\r\nx\r\n--x--'],
    ['application/xml', '<referral/>'],
  ])('POST /api/v1/referrals as %s is 415 and stores nothing', async (type, payload) => {
    const before = await storedReferrals();
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload,
      headers: { 'content-type': type },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({
      errors: [{ field: 'body', message: 'Send JSON with Content-Type: application/json' }],
    });
    expect(await storedReferrals()).toBe(before);
  });

  it('a form-encoded body to a referral’s answer is 415 too', async () => {
    const made = await aReferral(t, referrer, SITE);
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: `/api/v1/referrals/${made.id}/information`,
      payload: 'answer=Yes',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
  });

  it('JSON with a charset is read', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: JSON.stringify(aReferralBody(t, SITE)),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('without a token it is still 401 first', async () => {
    const res = await t.api(undefined, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('pages still take their forms', async () => {
    const page = new PageSession(t.app);
    const res = await page.signIn(referrer.email, referrer.password);
    expect(res.statusCode).toBe(303);
  });

  it.each([
    ['application/json', 'application/json'],
    ['Application/JSON; charset=utf-8', 'application/json'],
    [undefined, ''],
  ])('the media type of %j is %j', (header, type) => {
    expect(mediaTypeOf(header)).toBe(type);
  });
});

describe('Cache-Control: no-store on pages and the API, not on static assets', () => {
  it('on the API: reads, writes, refusals', async () => {
    const made = await aReferral(t, referrer, SITE);
    for (const res of [
      await t.api(referrer.token, { method: 'GET', url: '/api/v1/referrals' }),
      await t.api(referrer.token, { method: 'GET', url: `/api/v1/referrals/${made.id}` }),
      await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: aReferralBody(t, SITE) }),
      await t.api(referrer.token, { method: 'GET', url: '/api/v1/referrals/not-a-uuid' }),
      await t.api(undefined, { method: 'GET', url: '/api/v1/referrals' }),
    ]) {
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 60)}`).toBe('no-store');
    }
  });

  it('on pages, signed in or not, and on the error pages', async () => {
    const made = await aReferral(t, referrer, SITE);
    const anonymous = new PageSession(t.app);
    const page = await PageSession.signedIn(t.app, referrer);
    for (const res of [
      await anonymous.get('/sign-in'),
      await anonymous.get('/referrals'),
      await page.get('/referrals'),
      await page.get(`/referrals/${made.id}`),
      await page.get('/no-such-page'),
      await page.get('/referrals/not-a-uuid'),
    ]) {
      expect(res.headers['cache-control'], `${res.statusCode}`).toBe('no-store');
    }
  });

  it('not on the static assets, which keep their own caching', async () => {
    for (const url of ['/static/reconnect.css', '/nhsuk/nhsuk-frontend.min.css']) {
      const res = await t.app.inject({ method: 'GET', url });
      if (res.statusCode !== 200) continue;
      expect(res.headers['cache-control']).not.toBe('no-store');
    }
    const css = await t.app.inject({ method: 'GET', url: '/static/reconnect.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toMatch(/max-age/);
  });
});
