// Issue 14, "Bad ids are 500s": "`POST /api/v1/episodes/not-a-uuid/expected-release-date` (for any token,
// including a referrer: data is loaded before access is checked), `DELETE /api/v1/referrals/{id}/access-grants/
// not-a-uuid`, and their page equivalents. Validate every path id at the route, check access before loading."
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { anOpenEpisode, type OpenEpisode, SITES } from '../../test/support/factories.ts';
import { pathParams, registerPathParamValidation } from './ids.ts';

const SITE = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let episode: OpenEpisode;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  manager = await t.user('manager', { sites: [SITE] });
  episode = await anOpenEpisode(t, { referrer, manager }, SITE);
});
afterAll(() => t.close());

describe('the path parameter schema', () => {
  it.each([
    ['id', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f', true],
    ['id', '6F1C2B9E-3D4A-4C5B-8E7F-9A0B1C2D3E4F', true],
    ['id', 'not-a-uuid', false],
    ['id', '', false],
    ['id', ' 6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f', false],
    ['id', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f\u0000', false],
    ['grantId', 'é', false],
    ['number', '1', true],
    ['number', '0', false],
    ['number', '-1', false],
    ['number', '1e3', false],
    ['domain', 'mental_health', true],
    ['item', 'gp-registration', true],
    ['slug', '../check', false],
  ] as const)('%s = %j is valid: %s', (name, value, valid) => {
    expect(pathParams.pick({ [name]: true } as Record<typeof name, true>).safeParse({ [name]: value }).success).toBe(
      valid,
    );
  });

  it('refuses to start with a route whose path parameter it does not name', async () => {
    const app = Fastify();
    registerPathParamValidation(app);
    expect(() => app.get('/things/:thingId', async () => ({}))).toThrow(/thingId/);
    await app.close();
  });
});

describe('a malformed id is a 404, for every kind of caller, never a 500', () => {
  it.each(['referrer', 'manager'] as const)(
    'POST /api/v1/episodes/not-a-uuid/expected-release-date as a %s',
    async (who) => {
      const res = await t.api((who === 'referrer' ? referrer : manager).token, {
        method: 'POST',
        url: '/api/v1/episodes/not-a-uuid/expected-release-date',
        payload: { expectedReleaseDate: '2027-03-01', reason: 'Checked with the prison' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ errors: [{ field: '', message: 'Not found' }] });
    },
  );

  it('DELETE /api/v1/referrals/{id}/access-grants/not-a-uuid', async () => {
    const res = await t.api(manager.token, {
      method: 'DELETE',
      url: `/api/v1/referrals/${episode.referralId}/access-grants/not-a-uuid`,
    });
    expect(res.statusCode).toBe(404);
  });

  it('a referrer is refused a real episode before anything of it is read (403, nothing changed)', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/expected-release-date`,
      payload: { expectedReleaseDate: '2027-03-01', reason: 'Checked with the prison' },
    });
    expect([403, 404]).toContain(res.statusCode);
    const after = await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}` });
    expect(after.json().version).toBe(episode.version);
  });

  it.each([
    ['/episodes/not-a-uuid/expected-release-date'],
    ['/episodes/%00/release'],
    ['/referrals/{referral}/access-grants/not-a-uuid/revoke'],
  ])('the page POST %s shows the NHS page not found', async (path) => {
    const page = await PageSession.signedIn(t.app, manager);
    const csrf = await page.csrfToken('/break-glass');
    const res = await page.post(
      path.replace('{referral}', episode.referralId),
      {
        _csrf: csrf,
        'expectedReleaseDate-day': '1',
        'expectedReleaseDate-month': '3',
        'expectedReleaseDate-year': '2027',
        reason: 'Checked with the prison',
      },
      undefined,
      { withCsrf: false },
    );
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Page not found');
  });

  it('an API call with no token is still told to sign in first (401), whatever the id', async () => {
    const res = await t.api(undefined, { method: 'GET', url: '/api/v1/episodes/not-a-uuid' });
    expect(res.statusCode).toBe(401);
  });
});
