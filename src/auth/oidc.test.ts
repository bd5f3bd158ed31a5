// Signing in through an identity provider (NHS CIS2, Azure AD) end to end, against a fake provider on
// 127.0.0.1 (ASVS 5.0 V10: PKCE, state and nonce; V6.8: the provider's strong authentication stands in
// for our second factor). The app is driven with inject, the provider with fetch, redirects followed by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import {
  startFakeIdentityProvider,
  type FakeClaims,
  type FakeIdentityProvider,
} from '../../test/support/fakeIdentityProvider.ts';
import { auditEvents, sessions, users } from '../db/schema.ts';
import { loadConfig } from '../config.ts';
import { sha256 } from './secrets.ts';

const REDIRECT_URL = 'http://reconnect.test/sign-in/oidc/callback';
const SESSION = 'reconnect-session';

let idp: FakeIdentityProvider;
let t: TestApp;
let n = 0;

beforeAll(async () => {
  idp = await startFakeIdentityProvider();
  // Two-factor authentication on, as in production: a federated sign-in must still land fully signed in.
  t = await createTestApp(undefined, { ...idp.env(REDIRECT_URL), RECONNECT_MFA: 'required' });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

const uniqueEmail = (who: string) => `${who}${++n}-${Math.random().toString(36).slice(2, 8)}@trust.nhs.uk`;

/** Starts at /sign-in/oidc and follows the provider's redirect back to the callback URL (not yet visited). */
async function toProviderAndBack(page: PageSession, claims: FakeClaims, start = '/sign-in/oidc'): Promise<URL> {
  idp.signInAs(claims);
  const begin = await page.get(start);
  expect(begin.statusCode).toBe(303);
  const atProvider = await fetch(String(begin.headers.location), { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const back = new URL(atProvider.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URL);
  return back;
}

async function signInThroughProvider(page: PageSession, claims: FakeClaims, start?: string) {
  const back = await toProviderAndBack(page, claims, start);
  return page.get(`${back.pathname}${back.search}`);
}

async function audited(action: string) {
  const rows = await t.services.db.select().from(auditEvents).where(eq(auditEvents.action, action));
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

const userByEmail = async (email: string) =>
  (
    await t.services.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
  )[0];

describe('the sign-in page', () => {
  it('offers the identity provider as a secondary button when it is configured', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sign-in?returnTo=%2Freferrals' });
    const button = /<a[^>]*data-qa="sign-in-oidc"[^>]*>/.exec(res.body)?.[0];
    expect(button).toContain('nhsuk-button--secondary');
    expect(button).toContain('href="/sign-in/oidc?returnTo=%2Freferrals"');
    expect(res.body).toContain('Sign in with your NHS smartcard or account');
  });

  it('offers only email and password when it is not configured (and has no /sign-in/oidc)', async () => {
    const plain = await createTestApp();
    try {
      const res = await plain.app.inject({ method: 'GET', url: '/sign-in' });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('sign-in-oidc');
      expect(res.body).not.toContain('smartcard');
      expect((await plain.app.inject({ method: 'GET', url: '/sign-in/oidc' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('signing in through the identity provider', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, keeping them in a signed HttpOnly cookie', async () => {
    const page = new PageSession(t.app);
    const res = await page.get('/sign-in/oidc');
    expect(res.statusCode).toBe(303);
    const to = new URL(String(res.headers.location));
    expect(`${to.origin}${to.pathname}`).toBe(`${idp.issuer}/authorize`);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: idp.clientId,
      redirect_uri: REDIRECT_URL,
      code_challenge_method: 'S256',
    });
    for (const param of ['state', 'nonce', 'code_challenge'])
      expect(to.searchParams.get(param)).toMatch(/^[\w-]{32,}$/);
    const cookie = res.cookies.find((c) => c.name === 'reconnect-oidc') as
      { value: string; httpOnly?: boolean; sameSite?: string; maxAge?: number } | undefined;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', maxAge: 600 });
    expect(cookie!.value).toMatch(/^[\w-]+\.[\w+/-]+$/); // value.signature
  });

  it('signs a new user in with the mapped role and a new full session, skipping our two-factor stage', async () => {
    const email = uniqueEmail('new.practitioner');
    const page = new PageSession(t.app);
    const res = await signInThroughProvider(page, {
      email,
      name: 'Nia Practitioner',
      roles: ['Staff', 'Reconnect.Practitioner'],
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.cookies.find((c) => c.name === SESSION) as {
      value: string;
      httpOnly?: boolean;
      sameSite?: string;
      path?: string;
    };
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.cookies.find((c) => c.name === 'reconnect-oidc')?.value).toBe(''); // the pending sign-in is spent

    const user = await userByEmail(email);
    expect(user).toMatchObject({
      name: 'Nia Practitioner',
      role: 'practitioner',
      totpEnabledAt: null,
      disabledAt: null,
    });
    const [session] = await t.services.db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(session!.stage).toBe('full');

    const home = await page.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/referrals'); // signed in (no sites yet: an admin adds those)
    const referrals = await page.get('/referrals');
    expect(referrals.statusCode).toBe(200);
    expect(referrals.body).toContain('Nia Practitioner');

    const created = (await audited('user.created')).find((e) => e.recordId === user!.id);
    expect(created!.details).toMatchObject({ email, role: 'practitioner', sites: [], source: 'oidc' });
    const signedIn = (await audited('user.signed_in')).find((e) => e.recordId === user!.id);
    expect(signedIn!.details).toEqual({ method: 'oidc', issuer: idp.issuer });
    expect(signedIn!.actorLabel).toContain(email);
  });

  it('gives a user who signs in again the same account and a new session id, ending the old one', async () => {
    const email = uniqueEmail('returning');
    const page = new PageSession(t.app);
    const first = await signInThroughProvider(page, { email, name: 'Ravi Returning', roles: 'Reconnect.Manager' });
    const firstId = first.cookies.find((c) => c.name === SESSION)!.value;
    const second = await signInThroughProvider(page, { email, name: 'Ravi Returning', roles: 'Reconnect.Manager' });
    const secondId = second.cookies.find((c) => c.name === SESSION)!.value;
    expect(secondId).not.toBe(firstId);
    const rows = await t.services.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    expect(rows).toHaveLength(1);
    const old = await t.app.inject({ method: 'GET', url: '/referrals', cookies: { [SESSION]: firstId } });
    expect(old.statusCode).toBe(303);
    expect(
      (await t.app.inject({ method: 'GET', url: '/referrals', cookies: { [SESSION]: secondId } })).statusCode,
    ).toBe(200);
  });

  it('takes an existing password user in by email, and lets the claim change their stored role (audited)', async () => {
    const existing = await t.user('practitioner', { sites: [] });
    const page = new PageSession(t.app);
    const res = await signInThroughProvider(page, {
      email: existing.email.toUpperCase(),
      name: 'Someone',
      roles: ['Reconnect.Manager'],
    });
    expect(res.statusCode).toBe(303);
    const user = await userByEmail(existing.email);
    expect(user!.id).toBe(existing.viewer.id);
    expect(user!.role).toBe('manager');
    const changed = (await audited('user.role_changed')).find((e) => e.recordId === existing.viewer.id);
    expect(changed!.details).toMatchObject({ from: 'practitioner', to: 'manager', source: 'oidc' });
  });

  it('goes back to the page the user started from, but never to another site', async () => {
    const page = new PageSession(t.app);
    const res = await signInThroughProvider(
      page,
      { email: uniqueEmail('back'), roles: 'Reconnect.Practitioner' },
      '/sign-in/oidc?returnTo=%2Freferrals%2Fnew',
    );
    expect(res.headers.location).toBe('/referrals/new');
    const away = await signInThroughProvider(
      new PageSession(t.app),
      { email: uniqueEmail('away'), roles: 'Reconnect.Practitioner' },
      `/sign-in/oidc?returnTo=${encodeURIComponent('//evil.example/')}`,
    );
    expect(away.headers.location).toBe('/');
  });
});

describe('refusals', () => {
  it('refuses a user whose claims map to no role: 403, nothing created, no session, audited', async () => {
    const email = uniqueEmail('no.role');
    const page = new PageSession(t.app);
    const res = await signInThroughProvider(page, { email, name: 'Nobody', roles: ['Reconnect.Cleaner'] });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You do not have a role in Reconnect');
    expect(res.body).toContain('ask your administrator');
    expect(res.cookies.find((c) => c.name === SESSION)).toBeUndefined();
    expect(await userByEmail(email)).toBeUndefined();
    const denied = (await audited('user.oidc_denied')).find((e) => e.details.email === email);
    expect(denied!.details).toMatchObject({ reason: 'no_role', roles: ['Reconnect.Cleaner'], issuer: idp.issuer });
  });

  it('refuses a disabled user: 403, no session', async () => {
    const disabled = await t.user('practitioner');
    await t.services.db.update(users).set({ disabledAt: t.clock.now }).where(eq(users.id, disabled.viewer.id));
    const res = await signInThroughProvider(new PageSession(t.app), {
      email: disabled.email,
      roles: ['Reconnect.Practitioner'],
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Your Reconnect account has been disabled');
    expect(res.cookies.find((c) => c.name === SESSION)).toBeUndefined();
    const [left] = await t.services.db
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(eq(sessions.userId, disabled.viewer.id));
    expect(left!.n).toBe(0);
    expect(
      (await audited('user.oidc_denied')).some(
        (e) => e.details.reason === 'disabled' && e.details.email === disabled.email,
      ),
    ).toBe(true);
  });

  it('refuses an answer whose state is not the one this browser sent (400), and exchanges no code', async () => {
    const email = uniqueEmail('wrong.state');
    const page = new PageSession(t.app);
    const back = await toProviderAndBack(page, { email, roles: 'Reconnect.Practitioner' });
    back.searchParams.set('state', 'a-state-from-somewhere-else');
    const res = await page.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Your sign-in has expired');
    expect(res.cookies.find((c) => c.name === SESSION)).toBeUndefined();
    expect(await userByEmail(email)).toBeUndefined();
    expect((await audited('user.oidc_failed')).some((e) => e.details.reason === 'state_mismatch')).toBe(true);
  });

  it('refuses an answer brought to another browser (login CSRF): no pending sign-in there', async () => {
    const back = await toProviderAndBack(new PageSession(t.app), {
      email: uniqueEmail('attacker'),
      roles: 'Reconnect.Manager',
    });
    const victim = new PageSession(t.app);
    const res = await victim.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.cookies.find((c) => c.name === SESSION)).toBeUndefined();
  });

  it('refuses a pending-sign-in cookie changed in the browser (its signature no longer matches)', async () => {
    const page = new PageSession(t.app);
    const back = await toProviderAndBack(page, { email: uniqueEmail('tampered'), roles: 'Reconnect.Practitioner' });
    const [value, signature] = page.cookieValue('reconnect-oidc')!.split('.');
    const changed = { ...JSON.parse(Buffer.from(value!, 'base64url').toString()), returnTo: '/admin/users' };
    const res = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      cookies: { 'reconnect-oidc': `${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.cookies.find((c) => c.name === SESSION)).toBeUndefined();
  });

  it('refuses a pending sign-in older than ten minutes', async () => {
    const page = new PageSession(t.app);
    const back = await toProviderAndBack(page, { email: uniqueEmail('slow'), roles: 'Reconnect.Practitioner' });
    t.clock.now = new Date(t.clock.now.getTime() + 11 * 60_000);
    const res = await page.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect((await audited('user.oidc_failed')).some((e) => e.details.reason === 'no_pending_sign_in')).toBe(true);
  });

  it('shows a plain 403 page when the provider refuses (error parameter), and audits the error code', async () => {
    idp.refuseNext('access_denied');
    const page = new PageSession(t.app);
    const begin = await page.get('/sign-in/oidc');
    const back = new URL(
      (await fetch(String(begin.headers.location), { redirect: 'manual' })).headers.get('location')!,
    );
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await page.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('The identity provider did not sign you in');
    expect(
      (await audited('user.oidc_failed')).some(
        (e) => e.details.reason === 'idp_refused' && e.details.error === 'access_denied',
      ),
    ).toBe(true);
  });

  it("shows a plain 400 page, without the library's words or a stack trace, when the code exchange fails", async () => {
    const page = new PageSession(t.app);
    const back = await toProviderAndBack(page, { email: uniqueEmail('bad.code'), roles: 'Reconnect.Practitioner' });
    back.searchParams.set('code', 'a-code-the-provider-never-issued');
    const res = await page.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('We could not confirm your sign-in with the identity provider');
    expect(res.body).not.toMatch(/invalid_grant|ResponseBodyError|at .*\.js:\d+/);
    expect(res.cookies.find((c) => c.name === SESSION)).toBeUndefined();
    expect((await audited('user.oidc_failed')).some((e) => e.details.reason === 'token_exchange_failed')).toBe(true);
  });
});

describe('configuration', () => {
  const complete = {
    NODE_ENV: 'test',
    OIDC_ISSUER: 'https://login.example.nhs.uk/tenant/v2.0',
    OIDC_CLIENT_ID: 'client',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_REDIRECT_URL: 'https://reconnect.example.nhs.uk/sign-in/oidc/callback',
    OIDC_ROLE_MAP: '{"R8000":"practitioner","R8001":"manager"}',
  };

  it('is off when no OIDC_ variable is set', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).oidc).toBeUndefined();
  });

  it('reads a complete configuration, with the default role claim and button text', () => {
    expect(loadConfig(complete).oidc).toMatchObject({
      clientId: 'client',
      roleClaim: 'roles',
      label: 'Sign in with your NHS smartcard or account',
      roleMap: [
        ['R8000', 'practitioner'],
        ['R8001', 'manager'],
      ],
    });
    expect(
      loadConfig({ ...complete, OIDC_ROLE_CLAIM: 'nhsid_nrbac_roles', OIDC_LABEL: 'Sign in with CIS2' }).oidc,
    ).toMatchObject({ roleClaim: 'nhsid_nrbac_roles', label: 'Sign in with CIS2' });
  });

  it.each(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_ROLE_MAP'] as const)(
    'refuses to start without %s when the others are set',
    (name) => {
      expect(() => loadConfig({ ...complete, [name]: undefined })).toThrow(/partly configured.*OIDC_/);
    },
  );

  it('refuses to start with only a label or role claim set', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_LABEL: 'Sign in' })).toThrow(/partly configured/);
  });

  it.each([
    ['a role map that is not JSON', { OIDC_ROLE_MAP: 'R8000=practitioner' }, /OIDC_ROLE_MAP/],
    ['a role map naming a role we do not have', { OIDC_ROLE_MAP: '{"R8000":"superuser"}' }, /OIDC_ROLE_MAP/],
    ['an empty role map', { OIDC_ROLE_MAP: '{}' }, /OIDC_ROLE_MAP/],
    ['an issuer over plain HTTP to another machine', { OIDC_ISSUER: 'http://login.example.nhs.uk' }, /https/],
    [
      'a redirect URL that is not our callback',
      { OIDC_REDIRECT_URL: 'https://reconnect.example.nhs.uk/callback' },
      /sign-in\/oidc\/callback/,
    ],
  ])('refuses %s', (_label, change, message) => {
    expect(() => loadConfig({ ...complete, ...change })).toThrow(message);
  });
});

// Issue 14: "OIDC users are matched by email; match on issuer plus `sub` (email only to link a first sign-in,
// once), and read NHS CIS2's roles from `nhsid_nrbac_roles` at the userinfo endpoint as well as from a claim."
// (ASVS 5.0 V10.5.2, OpenID Connect Core 5.7: only `iss` and `sub` together identify a user.)
describe('matching on issuer and subject', () => {
  it('keeps a returning user on their account by issuer and subject, even when the provider changes their email', async () => {
    const sub = `subject-${++n}`;
    const first = uniqueEmail('renamed');
    await signInThroughProvider(new PageSession(t.app), { sub, email: first, roles: 'Reconnect.Practitioner' });
    const user = await userByEmail(first);
    expect(user).toMatchObject({ oidcIssuer: idp.issuer, oidcSubject: sub });
    const renamed = uniqueEmail('renamed.again');
    const page = new PageSession(t.app);
    const res = await signInThroughProvider(page, { sub, email: renamed, roles: 'Reconnect.Practitioner' });
    expect(res.statusCode).toBe(303);
    expect(await userByEmail(renamed)).toBeUndefined();
    const [session] = await t.services.db
      .select()
      .from(sessions)
      .where(eq(sessions.idHash, sha256(page.cookieValue(SESSION)!)));
    expect(session!.userId).toBe(user!.id);
  });

  it('links an existing account by email once; another subject with that email is then refused', async () => {
    const existing = await t.user('practitioner');
    const linked = await signInThroughProvider(new PageSession(t.app), {
      sub: `first-${++n}`,
      email: existing.email,
      roles: 'Reconnect.Practitioner',
    });
    expect(linked.statusCode).toBe(303);
    expect(await userByEmail(existing.email)).toMatchObject({ oidcIssuer: idp.issuer, oidcSubject: `first-${n}` });
    const link = (await audited('user.oidc_linked')).find((e) => e.recordId === existing.viewer.id);
    expect(link!.details).toMatchObject({ issuer: idp.issuer, subject: `first-${n}` });

    const page = new PageSession(t.app);
    const other = await signInThroughProvider(page, {
      sub: `someone-else-${n}`,
      email: existing.email,
      roles: 'Reconnect.Manager',
    });
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('linked to a different account at the identity provider');
    expect(page.cookieValue(SESSION)).toBeUndefined();
    expect(await userByEmail(existing.email)).toMatchObject({ role: 'practitioner', oidcSubject: `first-${n}` });
    const denied = (await audited('user.oidc_denied')).find(
      (e) => e.details.reason === 'identity_mismatch' && e.details.email === existing.email,
    );
    expect(denied!.details).toMatchObject({ issuer: idp.issuer, subject: `someone-else-${n}` });
  });
});

describe('NHS CIS2 role profiles at the userinfo endpoint', () => {
  let cis2: TestApp;
  beforeAll(async () => {
    cis2 = await createTestApp(undefined, {
      ...idp.env(REDIRECT_URL, { R8000: 'practitioner', R8001: 'manager' }),
      OIDC_ROLE_CLAIM: 'roles',
    });
  });
  afterAll(() => cis2.close());

  const profile = (id: string, code: string) => ({ person_roleid: id, role_code: code, org_code: 'RW1' });

  async function signInToCis2(claims: FakeClaims, userinfo: Record<string, unknown>) {
    idp.signInAs(claims, userinfo);
    const page = new PageSession(cis2.app);
    const begin = await page.get('/sign-in/oidc');
    const back = new URL(
      (await fetch(String(begin.headers.location), { redirect: 'manual' })).headers.get('location')!,
    );
    return page.get(`${back.pathname}${back.search}`);
  }

  it('signs in with the role from nhsid_nrbac_roles at the userinfo endpoint (none in the ID token)', async () => {
    const email = uniqueEmail('cis2');
    const res = await signInToCis2({ email }, { nhsid_nrbac_roles: [profile('1', 'S8000:G8000:R8001')] });
    expect(res.statusCode).toBe(303);
    const [user] = await cis2.services.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    expect(user!.role).toBe('manager');
  });

  it('uses the role profile the user selected, and refuses when that one maps to no role', async () => {
    const email = uniqueEmail('cis2.selected');
    const res = await signInToCis2(
      { email, selected_roleid: '2' },
      { nhsid_nrbac_roles: [profile('1', 'S8000:G8000:R8001'), profile('2', 'S1:G1:R1')] },
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You do not have a role in Reconnect');
  });
});
