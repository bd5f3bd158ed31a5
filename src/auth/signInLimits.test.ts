// Issue 14: "Anyone can block sign-in: the sign-in rate limit is one bucket per socket address, hit by
// unauthenticated requests without a CSRF token, and there is no `trustProxy` setting, so behind a load balancer
// one client blocks everyone. Rate-limit per account and per client (with `TRUST_PROXY` configuration
// documented), count only real attempts, and prove a legitimate user still signs in during an attack."
// (ASVS 5.0 V6.3.1.) The app sits behind a proxy on loopback, as inject's requests come from 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { hiddenField } from '../../test/support/browserSession.ts';
import { loadConfig, trustProxyFrom } from '../config.ts';
import { SIGN_IN_LIMITS } from './signInLimits.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** One sign-in as a browser at `client` would send it: the form first (for its CSRF token), then the post. */
async function attempt(
  t: TestApp,
  client: string,
  fields: Record<string, string>,
  options: { csrf?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const headers = { 'x-forwarded-for': client };
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', headers });
  const cookies = Object.fromEntries(page.cookies.map((c) => [c.name, c.value]));
  const token: Record<string, string> = options.csrf === false ? {} : { _csrf: hiddenField(page.body, '_csrf') };
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { ...headers, ...form },
    cookies,
    payload: new URLSearchParams({ ...token, returnTo: '/', ...fields }).toString(),
  });
}

const signIn = (t: TestApp, client: string, user: TestUser) =>
  attempt(t, client, { email: user.email, password: user.password });

describe('behind a load balancer (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(undefined, { TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('does not count posts without a CSRF token or without a username: the user at that client still signs in', async () => {
    const user = await t.user('referrer');
    const client = '198.51.100.10';
    for (let i = 0; i < SIGN_IN_LIMITS.perClient.max + 5; i++) {
      const noToken = await attempt(t, client, { email: user.email, password: 'guess' }, { csrf: false });
      expect(noToken.statusCode).toBe(403);
      const noName = await attempt(t, client, { email: ' ', password: 'guess' });
      expect(noName.statusCode).toBe(401);
    }
    const res = await signIn(t, client, user);
    expect(res.statusCode).toBe(303);
  });

  it('stops one client spraying many accounts (429 with Retry-After), while a user at another client signs in', async () => {
    const user = await t.user('referrer');
    const attacker = '203.0.113.66';
    const statuses: number[] = [];
    let limited: LightMyRequestResponse | undefined;
    for (let i = 0; i < SIGN_IN_LIMITS.perClient.max + 3; i++) {
      const res = await attempt(t, attacker, { email: `someone${i}@example.org`, password: 'Password123456' });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited ??= res;
    }
    expect(statuses.slice(0, SIGN_IN_LIMITS.perClient.max).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.body).toContain('too many attempts to sign in');
    expect((await signIn(t, '198.51.100.20', user)).statusCode).toBe(303);
  });

  it("stops guesses at one account from many clients, while another account's user signs in", async () => {
    const victim = await t.user('referrer');
    const other = await t.user('referrer');
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount.max + 2; i++) {
      const res = await attempt(t, `192.0.2.${i + 1}`, { email: victim.email.toUpperCase(), password: `guess ${i}` });
      statuses.push(res.statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await attempt(t, '192.0.2.200', { email: victim.email, password: 'guess' })).statusCode).toBe(429);
    expect((await signIn(t, '192.0.2.1', other)).statusCode).toBe(303);
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: a client cannot dodge its limit by making up addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perClient.max + 2; i++) {
      const res = await attempt(t, `10.0.${i}.1`, { email: `sprayed${i}@example.org`, password: 'Password123456' });
      statuses.push(res.statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 172.16.0.0/12', ['10.0.0.0/8', '172.16.0.0/12']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
    ['fd00::/8', ['fd00::/8']],
  ])('reads %j as %j', (value, expected) => {
    expect(trustProxyFrom(value)).toEqual(expected);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['yes', '10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1,', '-1'])('refuses %j', (value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
