// Two-factor authentication through the pages: set-up, a code works once, recovery codes, lockout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { users } from '../db/schema.ts';

let t: TestApp;
let practitioner: TestUser;

const codeAt = async (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
const secretOf = async (userId: string) =>
  (await t.services.db.select().from(users).where(eq(users.id, userId)))[0]!.totpSecret!;
const later = (seconds: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000);
};

beforeAll(async () => {
  t = await createTestApp(undefined, { RECONNECT_MFA: 'required' });
  practitioner = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

describe('two-factor authentication for staff (ASVS 5.0 V6.5)', () => {
  let recoveryCodes: string[] = [];

  it('sends a practitioner without it to set it up, and nowhere else, until a code is confirmed', async () => {
    const page = new PageSession(t.app);
    const signIn = await page.signIn(practitioner.email, practitioner.password);
    expect(signIn.headers.location).toBe('/account/two-factor');
    expect((await page.get('/screening')).headers.location).toMatch(/^\/sign-in/);

    const setUp = await page.get('/account/two-factor');
    expect(setUp.body).toContain('data:image/svg+xml;base64,');
    const wrong = await page.post('/account/two-factor', { code: '000000' }, '/account/two-factor');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('nhsuk-error-summary');

    const before = page.cookieValue();
    const done = await page.post(
      '/account/two-factor',
      { code: await codeAt(await secretOf(practitioner.viewer.id), t.clock.now) },
      '/account/two-factor',
    );
    expect(done.statusCode).toBe(200);
    recoveryCodes = [...done.body.matchAll(/<li><code>([0-9a-f-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recoveryCodes).toHaveLength(10);
    expect(page.cookieValue()).not.toBe(before);
    expect((await page.get('/screening')).statusCode).toBe(200);
  });

  it('asks for a code at the next sign-in, and a code works only once', async () => {
    later(60);
    const secret = await secretOf(practitioner.viewer.id);
    const code = await codeAt(secret, t.clock.now);
    const first = new PageSession(t.app);
    expect((await first.signIn(practitioner.email, practitioner.password)).headers.location).toMatch(
      /^\/sign-in\/code/,
    );
    expect((await first.post('/sign-in/code', { code, returnTo: '/' }, '/sign-in/code')).statusCode).toBe(303);
    expect((await first.get('/screening')).statusCode).toBe(200);

    const replay = new PageSession(t.app);
    await replay.signIn(practitioner.email, practitioner.password);
    const again = await replay.post('/sign-in/code', { code, returnTo: '/' }, '/sign-in/code');
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('Enter the 6-digit code');
  });

  it('accepts a recovery code once', async () => {
    later(60);
    for (const expected of [303, 401]) {
      const page = new PageSession(t.app);
      await page.signIn(practitioner.email, practitioner.password);
      const res = await page.post(
        '/sign-in/code',
        { code: '', recoveryCode: recoveryCodes[0]!, returnTo: '/' },
        '/sign-in/code',
      );
      expect(res.statusCode).toBe(expected);
    }
  });

  it('locks the account after five wrong codes in a row', async () => {
    later(60);
    const page = new PageSession(t.app);
    await page.signIn(practitioner.email, practitioner.password);
    for (let i = 0; i < 5; i++) await page.post('/sign-in/code', { code: '123456', returnTo: '/' }, '/sign-in/code');
    const [row] = await t.services.db.select().from(users).where(eq(users.id, practitioner.viewer.id));
    expect(row!.codesLockedUntil!.getTime()).toBeGreaterThan(t.clock.now.getTime());
    const locked = await new PageSession(t.app).signIn(practitioner.email, practitioner.password);
    expect(locked.statusCode).toBe(401);
    later(16 * 60);
    expect((await new PageSession(t.app).signIn(practitioner.email, practitioner.password)).headers.location).toMatch(
      /^\/sign-in\/code/,
    );
  });

  it('lets a referrer in with a password alone', async () => {
    const referrer = await t.user('referrer');
    const res = await new PageSession(t.app).signIn(referrer.email, referrer.password);
    expect(res.headers.location).toBe('/');
  });
});
