// Signing in and out through the real pages (ASVS 5.0 V6, V7, V3): what a user of the browser notices.
// Sign-in is rate limited to 10 attempts a minute per address, so each group of tests has its own app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents, referralDrafts, sessions, users } from '../db/schema.ts';

const COOKIE = 'reconnect-session';
const MINUTE = 60_000;

function sessionCookie(res: { cookies: { name: string; value: string }[] }) {
  return res.cookies.find((c) => c.name === COOKIE);
}

function advance(t: TestApp, ms: number) {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
}

/** A request carrying only the given session cookie, as an old browser tab (or a thief) would send it. */
function getWithSession(t: TestApp, url: string, sessionId: string) {
  return t.app.inject({ method: 'GET', url, cookies: { [COOKIE]: sessionId } });
}

async function signedIn(t: TestApp, user: TestUser): Promise<{ page: PageSession; sessionId: string }> {
  const page = new PageSession(t.app);
  const res = await page.signIn(user.email, user.password);
  expect(res.statusCode).toBe(303);
  return { page, sessionId: sessionCookie(res)!.value };
}

describe('signing in', () => {
  let t: TestApp;
  let referrer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    referrer = await t.user('referrer', { organisation: 'Probation North West' });
  });
  afterAll(() => t.close());

  it.each(['/', '/referrals', '/referrals/new', '/screening'])(
    'sends a signed-out visitor from %s to the sign-in page, to come back after',
    async (url) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
    },
  );

  it('refuses a wrong password with 401 and the NHS error summary, and audits the failure', async () => {
    const page = new PageSession(t.app);
    const res = await page.signIn(referrer.email, 'not the right password at all');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toMatch(/href="#email"[^>]*>\s*Enter a correct email address and password/);
    expect(sessionCookie(res)).toBeUndefined();
    const failures = await t.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.sign_in_failed'));
    expect(failures.some((e) => e.details.includes(referrer.email))).toBe(true);
  });

  it('signs in with the right password: 303 and an HttpOnly, SameSite=Lax session cookie', async () => {
    const page = new PageSession(t.app);
    const res = await page.signIn(referrer.email, referrer.password);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = sessionCookie(res) as unknown as { httpOnly?: boolean; sameSite?: string; path?: string };
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const home = await page.get('/referrals');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Your referrals');
  });

  it('gives a new session id at every sign-in, even to a browser that already has one, and ends the old one', async () => {
    // Issue 14: "signing in over an existing session leaves the old one valid" (ASVS 5.0 V7.2.4).
    const { page, sessionId: first } = await signedIn(t, referrer);
    const again = await page.signIn(referrer.email, referrer.password);
    const second = sessionCookie(again)!.value;
    expect(second).not.toBe(first);
    expect((await getWithSession(t, '/referrals', second)).statusCode).toBe(200);
    const old = await getWithSession(t, '/referrals', first);
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toMatch(/^\/sign-in/);
  });

  it('ends the session at sign-out: the old cookie no longer opens any page', async () => {
    const { page, sessionId } = await signedIn(t, referrer);
    // The header's "Sign out" button posts a form with the CSRF token in its body, as a browser sends it.
    const body = (await page.get('/referrals')).body;
    const form = /<form[^>]*action="\/sign-out"[^>]*>[\s\S]*?<\/form>/.exec(body)![0];
    expect(form).toMatch(/method="post"/);
    expect(form).toContain('class="nhsuk-header__account-button"');
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const out = await page.post('/sign-out', { _csrf: token }, undefined, { withCsrf: false });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    expect((await page.get('/signed-out')).body).toContain('You have signed out');
    const reused = await getWithSession(t, '/referrals', sessionId);
    expect(reused.statusCode).toBe(303);
    expect(reused.headers.location).toMatch(/^\/sign-in/);
  });

  it('refuses a disabled user even with the right password', async () => {
    const disabled = await t.user('referrer');
    await t.services.db.update(users).set({ disabledAt: t.clock.now }).where(eq(users.id, disabled.viewer.id));
    const res = await new PageSession(t.app).signIn(disabled.email, disabled.password);
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Enter a correct email address and password');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('sends a user who is disabled while signed in back to sign in at their next page', async () => {
    const soonDisabled = await t.user('referrer');
    const { page } = await signedIn(t, soonDisabled);
    expect((await page.get('/referrals')).statusCode).toBe(200);
    await t.services.db.update(users).set({ disabledAt: t.clock.now }).where(eq(users.id, soonDisabled.viewer.id));
    const res = await page.get('/referrals');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('session timeouts', () => {
  let t: TestApp;
  let referrer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    referrer = await t.user('referrer');
  });
  afterAll(() => t.close());

  it('signs the user out after 30 minutes idle (31 minutes later the page sends them to sign in)', async () => {
    const { page, sessionId } = await signedIn(t, referrer);
    advance(t, 29 * MINUTE);
    expect((await page.get('/referrals')).statusCode).toBe(200);
    advance(t, 31 * MINUTE);
    const res = await page.get('/referrals');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?returnTo=%2Freferrals');
    const [left] = await t.services.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, referrer.viewer.id));
    expect(left!.n).toBe(0);
    expect((await getWithSession(t, '/referrals', sessionId)).statusCode).toBe(303);
  });

  it('ends even a busy session 12 hours after sign-in (absolute timeout)', async () => {
    const { page } = await signedIn(t, referrer);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      advance(t, 20 * MINUTE);
      expect((await page.get('/referrals')).statusCode).toBe(200);
    }
    advance(t, 20 * MINUTE);
    const res = await page.get('/referrals');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('forms and pages are protected', () => {
  let t: TestApp;
  let referrer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    referrer = await t.user('referrer');
  });
  afterAll(() => t.close());

  it('refuses a form posted without its CSRF token (403, "the form has expired") and stores nothing', async () => {
    const { page } = await signedIn(t, referrer);
    const res = await page.post('/referrals/new', {}, undefined, { withCsrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('The form has expired');
    const [drafts] = await t.services.db.select({ n: count() }).from(referralDrafts);
    expect(drafts!.n).toBe(0);
  });

  it('refuses a sign-in posted without its CSRF token, and starts no session', async () => {
    const page = new PageSession(t.app);
    await page.get('/sign-in');
    const res = await page.post('/sign-in', { email: referrer.email, password: referrer.password }, undefined, {
      withCsrf: false,
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('The form has expired');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('sends security headers with every page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/referrals', '/referrals'],
  ])('after sign-in, returnTo=%s leads to %s', async (returnTo, expected) => {
    const form = await t.app.inject({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
    expect(form.body).toContain(`name="returnTo" value="${expected}"`);
    const page = new PageSession(t.app);
    const res = await page.post(
      '/sign-in',
      { email: referrer.email, password: referrer.password, returnTo },
      '/sign-in',
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(expected);
  });
});

// Issue 14: "The CSRF token is not bound to the session and is accepted in the query string (sign-out puts it
// in a URL); sign-out's clearing cookie lacks `Secure`" (ASVS 5.0 V3.5.1, V3.3.1, V7.4.1).
describe('CSRF tokens belong to one session, and travel only in the form body', () => {
  let t: TestApp;
  let referrer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    referrer = await t.user('referrer');
  });
  afterAll(() => t.close());

  it('refuses a token sent in the query string (403), and the session carries on', async () => {
    const { page, sessionId } = await signedIn(t, referrer);
    const token = await page.csrfToken('/referrals');
    const res = await page.post(`/sign-out?_csrf=${encodeURIComponent(token)}`, {}, undefined, { withCsrf: false });
    expect(res.statusCode).toBe(403);
    expect((await getWithSession(t, '/referrals', sessionId)).statusCode).toBe(200);
    expect((await page.get('/referrals')).body).not.toMatch(/\?_csrf=/);
  });

  it('refuses a token issued in an earlier session of the same browser', async () => {
    const { page } = await signedIn(t, referrer);
    const earlier = await page.csrfToken('/referrals');
    await page.signIn(referrer.email, referrer.password);
    const stale = await page.post('/referrals/new', { _csrf: earlier }, undefined, { withCsrf: false });
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('The form has expired');
    expect((await page.post('/referrals/new', {}, '/referrals/new')).statusCode).not.toBe(403);
  });

  it('refuses, once signed in, a token issued before signing in', async () => {
    const page = new PageSession(t.app);
    const beforeSignIn = await page.csrfToken('/sign-in');
    await page.signIn(referrer.email, referrer.password);
    const res = await page.post('/referrals/new', { _csrf: beforeSignIn }, undefined, { withCsrf: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('sign-out over HTTPS', () => {
  let t: TestApp;
  let referrer: TestUser;
  beforeAll(async () => {
    t = await createTestApp(undefined, { SECURE_COOKIES: 'true' });
    referrer = await t.user('referrer');
  });
  afterAll(() => t.close());

  it('clears the __Host- session cookie with the same Secure, HttpOnly, SameSite and path it was set with', async () => {
    const page = new PageSession(t.app);
    const signIn = await page.signIn(referrer.email, referrer.password);
    const set = signIn.cookies.find((c) => c.name === '__Host-reconnect-session') as Record<string, unknown>;
    expect(set).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    const out = await page.post('/sign-out', {}, '/referrals');
    expect(out.statusCode).toBe(303);
    const cleared = out.cookies.find((c) => c.name === '__Host-reconnect-session') as Record<string, unknown>;
    expect(cleared).toMatchObject({ value: '', secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((cleared.expires as Date).getTime()).toBeLessThan(Date.now());
  });
});
