// Issue 10, "Lose nothing", in real Chromium with axe on every page: the timeout warning before the idle
// timeout (JavaScript on), and typed work kept across the session's end and saved after signing in again
// (JavaScript off, the warning’s fallback); and an answer changed after the Back button.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  QuestionPage,
  expectNoAxeViolations,
  signIn,
  skipBrowserTests,
  startBrowserHarness,
  submitSignIn,
  type BrowserHarness,
  type Session,
  YourReferralsPage,
} from './support/browser.ts';

const CHECK_ANSWERS = 'Check your answers before sending the referral';
const MINUTE = 60_000;

describe.skipIf(skipBrowserTests)('losing nothing, in the browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;

  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  /** A new draft, opened at its health page. */
  async function healthPageOfNewDraft(s: Session): Promise<string> {
    await new YourReferralsPage(s).startReferral();
    const url = new URL(s.page.url()).pathname.replace(/\/site$/, '/health');
    await s.goto(url);
    await s.expectOn('Health needs');
    return url;
  }

  it('warns two minutes before the idle timeout, and "Stay signed in" keeps the session', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const s = await h.session();
    await s.page.clock.install();
    await signIn(s, referrer, 'Your referrals');
    const warning = s.qa('timeout-warning');
    await expect.poll(() => warning.isVisible()).toBe(false);

    await s.page.clock.runFor(28 * MINUTE + 1000);
    await expect.poll(() => warning.isVisible()).toBe(true);
    expect(await warning.innerText()).toContain('You’re about to be signed out');
    expect(await s.page.locator(':focus').getAttribute('data-qa')).toBe('stay-signed-in');
    await expectNoAxeViolations(s.page);

    const alive = s.page.waitForResponse((res) => res.url().endsWith('/session/keep-alive'));
    await s.qa('stay-signed-in').click();
    expect((await alive).status()).toBe(204);
    await expect.poll(() => warning.isVisible()).toBe(false);
    await s.close();
  });

  it('keeps what was typed when the session ended, and saves it after signing in again (no JavaScript)', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const s = await h.session({ javaScriptEnabled: false });
    await signIn(s, referrer, 'Your referrals');
    const url = await healthPageOfNewDraft(s);
    expect(await s.qa('timeout-warning').isVisible()).toBe(false);

    const health = new QuestionPage(s);
    await health.choose('complexHealthNeeds', 'yes');
    await health.fill('healthNeeds', 'Diabetic; needs a GP appointment in the first week.');
    h.t.clock.now = new Date(h.t.clock.now.getTime() + 31 * MINUTE);
    await health.continueTo('Sign in to Reconnect');
    expect(await s.qa('kept-notice').innerText()).toContain('What you typed has been kept');

    await submitSignIn(s, referrer, 'You were signed out before this was saved');
    expect(await s.qa('kept-values').innerText()).toContain('Diabetic; needs a GP appointment in the first week.');
    expect(await s.qa('kept-go-back').getAttribute('href')).toBe(url);

    await s.qa('save-kept').click();
    await s.expectOn(CHECK_ANSWERS);
    expect(await s.page.locator('main').innerText()).toContain('Diabetic; needs a GP appointment in the first week.');
    await s.close();
  });

  it('takes an answer changed after going Back, with no "someone else changed this"', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const s = await h.session({ javaScriptEnabled: false });
    await signIn(s, referrer, 'Your referrals');
    await healthPageOfNewDraft(s);
    const health = new QuestionPage(s);
    await health.choose('complexHealthNeeds', 'yes');
    await (await health.fill('healthNeeds', 'First answer.')).continueTo(CHECK_ANSWERS);

    await s.page.goBack();
    await s.expectOn('Health needs');
    await (await health.fill('healthNeeds', 'Changed after going back.')).continueTo(CHECK_ANSWERS);
    const answers = await s.page.locator('main').innerText();
    expect(answers).toContain('Changed after going back.');
    expect(answers).not.toContain('someone else');
    await s.close();
  });
});
