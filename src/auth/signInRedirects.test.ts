// Issue 14: "Open redirect through `returnTo` (`/sign-in?returnTo=/%09/evil.example/…` sends the browser off
// site; a newline or U+3000 gives a raw 500 JSON page and still audits a sign-in) ... the same on every return
// path." Through the real pages: the sign-in form, the password step, the code step (ASVS 5.0 V3.7.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents, users } from '../db/schema.ts';
import { newTotpSecret } from './twoFactor.ts';

const SECRET = newTotpSecret();

const HOSTILE = [
  ['a tab, as /%09/evil.example', '/\t/evil.example/'],
  ['a newline', '/\n/evil.example/'],
  ['a carriage return and a header', '/referrals\r\nX-Injected: 1'],
  ['an ideographic space (U+3000)', '/\u3000/evil.example/'],
  ['dot segments that resolve to //', '/.//evil.example/'],
  ['a backslash', '/\\evil.example/'],
] as const;

async function signedInCount(t: TestApp, userId: string): Promise<number> {
  const rows = await t.services.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.signed_in'));
  return rows.filter((row) => row.recordId === userId).length;
}

describe('returnTo at the password step', () => {
  let t: TestApp;
  let referrer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    referrer = await t.user('referrer');
  });
  afterAll(() => t.close());

  it.each(HOSTILE)('with %s: the form keeps "/", and signing in goes to "/" (never a 500)', async (_label, value) => {
    const form = await t.app.inject({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(value)}` });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="returnTo" value="/"');
    const before = await signedInCount(t, referrer.viewer.id);
    const page = new PageSession(t.app);
    const res = await page.post(
      '/sign-in',
      { email: referrer.email, password: referrer.password, returnTo: value },
      '/sign-in',
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    // The sign-in that was audited is the one the browser got: its session opens pages.
    expect(await signedInCount(t, referrer.viewer.id)).toBe(before + 1);
    expect((await page.get('/referrals')).statusCode).toBe(200);
  });

  it('keeps a path on this site, percent-encoded as the URL parser writes it', async () => {
    const page = new PageSession(t.app);
    const res = await page.post(
      '/sign-in',
      { email: referrer.email, password: referrer.password, returnTo: '/referrals?q=é' },
      '/sign-in',
    );
    expect(res.headers.location).toBe('/referrals?q=%C3%A9');
  });
});

describe('returnTo at the code step', () => {
  let t: TestApp;
  let practitioner: TestUser;
  beforeAll(async () => {
    t = await createTestApp(undefined, { RECONNECT_MFA: 'required' });
    practitioner = await staffAt(t, SITES.hampshire);
    await t.services.db
      .update(users)
      .set({ totpSecret: SECRET, totpEnabledAt: t.clock.now })
      .where(eq(users.id, practitioner.viewer.id));
  });
  afterAll(() => t.close());

  it.each(HOSTILE)('with %s: the code page and the signed-in redirect go to "/"', async (_label, value) => {
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    const page = new PageSession(t.app);
    const password = await page.post(
      '/sign-in',
      { email: practitioner.email, password: practitioner.password, returnTo: value },
      '/sign-in',
    );
    expect(password.headers.location).toBe('/sign-in/code?returnTo=%2F');
    const codePage = await page.get(`/sign-in/code?returnTo=${encodeURIComponent(value)}`);
    expect(codePage.statusCode).toBe(200);
    expect(codePage.body).toContain('name="returnTo" value="/"');
    const code = await generate({ secret: SECRET, epoch: Math.floor(t.clock.now.getTime() / 1000) });
    const res = await page.post('/sign-in/code', { code, returnTo: value }, '/sign-in/code');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});
