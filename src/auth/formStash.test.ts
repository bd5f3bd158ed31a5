// Issue 10, "Lose nothing": "Session expiry loses typed work. A save after the session ended sends the user
// to sign in and drops the text. Keep what was posted (a short-lived, encrypted or server-side stash bound to
// the user) and finish the save after sign-in, or return them to the filled form; warn before the idle
// timeout (the service manual's 'timeout warning' pattern, working without JavaScript as a fallback)."
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField } from '../../test/support/browserSession.ts';
import { auditEvents, formStashes } from '../db/schema.ts';
import { keptFields, mayKeep, mayTakeBack, typedValues } from './formStashRules.ts';

const MINUTE = 60_000;
const TYPED = 'Housing officer rang back: a room at Ashdown House from the 14th';

let t: TestApp;
let referrer: TestUser;
let otherReferrer: TestUser;

const advance = (ms: number) => (t.clock.now = new Date(t.clock.now.getTime() + ms));

/** Every hidden field of the form on a page, as the browser would post it. */
function hiddenFields(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]!] = m[2]!;
  return out;
}

/** A referrer with a draft open at its health page, then away from the desk past the idle timeout. */
async function typingWhenTheSessionEnds(user = referrer) {
  const page = await PageSession.signedIn(t.app, user);
  const started = await page.post('/referrals/new', {}, '/referrals/new');
  const url = String(started.headers.location).replace(/\/site$/, '/health');
  const shown = await page.get(url);
  expect(shown.statusCode).toBe(200);
  advance(31 * MINUTE);
  const res = await page.post(
    url,
    {
      _csrf: hiddenField(shown.body, '_csrf'),
      version: hiddenField(shown.body, 'version'),
      complexHealthNeeds: 'yes',
      healthNeeds: TYPED,
    },
    undefined,
    { withCsrf: false },
  );
  return { page, url, shown, res };
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  otherReferrer = await t.user('referrer', { organisation: 'Probation North West' });
});
afterAll(() => t.close());

describe('a save after the session ended', () => {
  it('sends the user to sign in, saying what was typed is kept, then lets them save it', async () => {
    const { page, url, res } = await typingWhenTheSessionEnds();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?kept=1&returnTo=%2Fsaved-work');
    const signIn = await page.get(String(res.headers.location));
    expect(signIn.body).toContain('What you typed has been kept for 30 minutes');

    const signedIn = await page.post(
      '/sign-in',
      { email: referrer.email, password: referrer.password, returnTo: '/saved-work' },
      String(res.headers.location),
    );
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/saved-work');
    const saved = await page.get('/saved-work');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('You were signed out before this was saved');
    expect(saved.body).toContain(TYPED);
    expect(saved.body).toContain(`action="${url}"`);
    expect(saved.body).toContain(`href="${url}"`);

    const fields = hiddenFields(saved.body);
    expect(fields.healthNeeds).toBe(TYPED);
    const done = await page.post(url, fields, undefined, { withCsrf: false });
    expect(done.statusCode).toBe(303);
    const check = await page.get(url.replace(/\/health$/, '/check'));
    expect(check.body).toContain(TYPED);

    // Given back once: the page is not there to open again.
    expect((await page.get('/saved-work')).headers.location).toBe('/');
    const actions = (await t.services.db.select({ action: auditEvents.action }).from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['form.kept_after_session_ended', 'form.kept_form_taken_back']));
  });

  it('keeps the form encrypted: the typed text is nowhere in the database, and never a CSRF token', async () => {
    const { res } = await typingWhenTheSessionEnds();
    expect(res.statusCode).toBe(303);
    const rows = await t.services.db.select().from(formStashes);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.payload).not.toContain('Housing officer');
      expect(row.payload).not.toContain('healthNeeds');
    }
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'form.kept_after_session_ended'));
    expect(JSON.stringify(audited)).not.toContain('Housing officer');
  });

  it('is never shown to someone else who signs in on the same browser', async () => {
    const { page, res } = await typingWhenTheSessionEnds();
    expect(res.statusCode).toBe(303);
    const other = await page.post(
      '/sign-in',
      { email: otherReferrer.email, password: otherReferrer.password, returnTo: '/saved-work' },
      '/sign-in',
    );
    expect(other.headers.location).toBe('/saved-work');
    const saved = await page.get('/saved-work');
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/');
    expect(saved.body).not.toContain(TYPED);
  });

  it('is gone after 30 minutes', async () => {
    const { page, res } = await typingWhenTheSessionEnds();
    expect(res.statusCode).toBe(303);
    advance(31 * MINUTE);
    await page.post(
      '/sign-in',
      { email: referrer.email, password: referrer.password, returnTo: '/saved-work' },
      '/sign-in',
    );
    expect((await page.get('/saved-work')).headers.location).toBe('/');
  });

  it('sends a button pressed after the session ended (nothing typed) to sign in, not to "the form has expired"', async () => {
    const page = await PageSession.signedIn(t.app, referrer);
    const start = await page.get('/referrals/new');
    advance(31 * MINUTE);
    const res = await page.post('/referrals/new', { _csrf: hiddenField(start.body, '_csrf') }, undefined, {
      withCsrf: false,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?returnTo=%2F');
  });

  it('keeps nothing posted without the form’s own token (another site cannot plant a form)', async () => {
    const page = await PageSession.signedIn(t.app, referrer);
    const started = await page.post('/referrals/new', {}, '/referrals/new');
    const url = String(started.headers.location).replace(/\/site$/, '/health');
    advance(31 * MINUTE);
    const before = (await t.services.db.select().from(formStashes)).length;
    const forged = await page.post(url, { healthNeeds: 'Planted', _csrf: 'forged' }, undefined, { withCsrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await t.services.db.select().from(formStashes)).length).toBe(before);
  });
});

describe('the timeout warning', () => {
  it('is on every signed-in page, set to warn two minutes before the idle timeout', async () => {
    const page = await PageSession.signedIn(t.app, referrer);
    const home = await page.get('/referrals');
    expect(home.body).toContain('data-qa="timeout-warning"');
    expect(home.body).toContain('data-idle-seconds="1800" data-warn-seconds="120"');
    expect(home.body).toContain('src="/static/timeout-warning.js"');
    const script = await page.get('/static/timeout-warning.js');
    expect(script.statusCode).toBe(200);
    const token = hiddenField(home.body, '_csrf');
    const alive = await t.app.inject({
      method: 'POST',
      url: '/session/keep-alive',
      headers: { 'x-csrf-token': token },
      cookies: { 'reconnect-session': page.cookieValue()!, 'reconnect-csrf': page.cookieValue('reconnect-csrf')! },
    });
    expect(alive.statusCode).toBe(204);
  });

  it('is not on the sign-in page', async () => {
    const signIn = await new PageSession(t.app).get('/sign-in');
    expect(signIn.body).not.toContain('timeout-warning');
  });
});

describe('what may be kept (rules)', () => {
  it.each([
    ['POST', '/episodes/x/contacts', 'application/x-www-form-urlencoded', true],
    ['POST', '/referrals/drafts/x/health', 'application/x-www-form-urlencoded; charset=utf-8', true],
    ['GET', '/episodes/x', undefined, false],
    ['POST', '/sign-in', 'application/x-www-form-urlencoded', false],
    ['POST', '/sign-in/code', 'application/x-www-form-urlencoded', false],
    ['POST', '/sign-out', 'application/x-www-form-urlencoded', false],
    ['POST', '/account/two-factor', 'application/x-www-form-urlencoded', false],
    ['POST', '/api/v1/referrals', 'application/json', false],
    ['POST', '/episodes/x/contacts', 'multipart/form-data', false],
  ] as const)('%s %s (%s): %s', (method, path, type, kept) => {
    expect(mayKeep(method, path, type)).toBe(kept);
  });

  it('never keeps passwords, codes or CSRF tokens, and keeps nothing when nothing was typed', () => {
    expect(
      keptFields({ _csrf: 't', password: 'p', newPassword: 'p', code: '123456', note: 'Rang', version: '3' }),
    ).toEqual({ note: 'Rang', version: '3' });
    expect(keptFields({ _csrf: 't', version: '3' })).toEqual({ version: '3' });
    expect(keptFields({ _csrf: 't' })).toBeUndefined();
    expect(keptFields({ note: '   ' })).toBeUndefined();
    expect(keptFields({ note: 'x'.repeat(70_000) })).toBeUndefined();
    expect(keptFields({ needs: ['housing', 'benefits'] })).toEqual({ needs: ['housing', 'benefits'] });
  });

  it('gives a kept form back only to its own user, or to the next to sign in when that is not known', () => {
    const now = new Date('2026-11-10T09:00:00Z');
    const later = new Date(now.getTime() + 10 * MINUTE);
    expect(mayTakeBack({ userId: 'a', expiresAt: later }, 'a', now)).toBe(true);
    expect(mayTakeBack({ userId: 'a', expiresAt: later }, 'b', now)).toBe(false);
    expect(mayTakeBack({ userId: null, expiresAt: later }, 'b', now)).toBe(true);
    expect(mayTakeBack({ userId: 'a', expiresAt: now }, 'a', now)).toBe(false);
  });

  it('shows what was typed, not the hidden fields a page carries', () => {
    expect(typedValues({ version: '4', change: '1', note: 'Rang', needs: ['housing', ''] })).toEqual([
      'Rang',
      'housing',
    ]);
  });
});
