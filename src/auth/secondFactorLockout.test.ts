// Issue 14: "TOTP lockout bypass: a correct password resets the failure count, so codes can be guessed forever
// by re-entering the password. Count second-factor failures on their own, lock on them, and never reset them by
// a password. A TOTP code must work once even under concurrent use (two of four parallel sessions signed in
// with one code)." Through the real pages (ASVS 5.0 V6.3.1, V6.6.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents, users } from '../db/schema.ts';
import { newTotpSecret } from './twoFactor.ts';

let t: TestApp;

const later = (seconds: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000);
};
const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.now.getTime() / 1000) });
const row = async (id: string) => (await t.services.db.select().from(users).where(eq(users.id, id)))[0]!;

/** A practitioner with two-factor authentication already set up. */
async function enrolled(): Promise<TestUser & { secret: string }> {
  const user = await staffAt(t, SITES.hampshire);
  const secret = newTotpSecret();
  await t.services.db
    .update(users)
    .set({ totpSecret: secret, totpEnabledAt: t.clock.now })
    .where(eq(users.id, user.viewer.id));
  return { ...user, secret };
}

/** Signs in with the password: a new browser at the code step. */
async function atCodeStep(user: TestUser): Promise<PageSession> {
  const page = new PageSession(t.app);
  const res = await page.signIn(user.email, user.password);
  expect(res.headers.location).toMatch(/^\/sign-in\/code/);
  return page;
}

const wrongCode = (page: PageSession) => page.post('/sign-in/code', { code: '000000', returnTo: '/' }, '/sign-in/code');

beforeAll(async () => {
  t = await createTestApp(undefined, { RECONNECT_MFA: 'required' });
});
afterAll(() => t.close());

describe('wrong codes are counted on their own', () => {
  it('locks after five wrong codes even when the password is entered again between them', async () => {
    const user = await enrolled();
    for (let round = 0; round < 5; round++) {
      // A fresh sign-in each time: the correct password must not wipe the count of wrong codes.
      const page = await atCodeStep(user);
      expect((await wrongCode(page)).statusCode).toBe(401);
    }
    const locked = await row(user.viewer.id);
    expect(locked.failedCodes).toBe(5);
    expect(locked.codesLockedUntil!.getTime()).toBeGreaterThan(t.clock.now.getTime());
    expect(locked.failedSignIns).toBe(0);
    const refused = await new PageSession(t.app).signIn(user.email, user.password);
    expect(refused.statusCode).toBe(401);
    const audits = await t.services.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.locked'));
    expect(audits.some((e) => e.recordId === user.viewer.id && e.details.includes('secondFactor'))).toBe(true);
  });

  it('after the lock, one more wrong code locks again; an accepted code clears the count', async () => {
    const user = await enrolled();
    for (let i = 0; i < 5; i++) await wrongCode(await atCodeStep(user));
    later(16 * 60);
    expect((await wrongCode(await atCodeStep(user))).statusCode).toBe(401);
    expect((await new PageSession(t.app).signIn(user.email, user.password)).statusCode).toBe(401);
    later(16 * 60);
    const page = await atCodeStep(user);
    const ok = await page.post('/sign-in/code', { code: await codeNow(user.secret), returnTo: '/' }, '/sign-in/code');
    expect(ok.statusCode).toBe(303);
    expect(await row(user.viewer.id)).toMatchObject({ failedCodes: 0, codesLockedUntil: null });
  });
});

describe('a code works once', () => {
  it('of four sessions sending the same code at once, exactly one is signed in', async () => {
    const user = await enrolled();
    later(60);
    const pages = [];
    for (let i = 0; i < 4; i++) pages.push(await atCodeStep(user));
    const tokens = await Promise.all(pages.map((page) => page.csrfToken('/sign-in/code')));
    const code = await codeNow(user.secret);
    const results = await Promise.all(
      pages.map((page, i) =>
        page.post('/sign-in/code', { code, returnTo: '/', _csrf: tokens[i]! }, undefined, { withCsrf: false }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 401, 401, 401]);
    const signedIn = await Promise.all(pages.map(async (page) => (await page.get('/screening')).statusCode));
    expect(signedIn.filter((status) => status === 200)).toHaveLength(1);
  });
});
