// A person's record in real Chromium (issue 10, "Say it in the person's and the team's words"): the person
// banner on the referral and the episode, the screening decision's questions revealed under their choice
// (and all shown without JavaScript), the contact on its own page from the overview, and the success banner
// after saving. Every page is checked with axe (WCAG 2.2 AA).
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferralPage, signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness } from './support/browser.ts';
import { EpisodeOverview, personBanner, successBanner } from './pages/record.ts';
import { anOpenEpisode, aReferral, SITES } from '../support/factories.ts';
import { formatNhsNumber } from '../../src/people/presenter.ts';

const SITE = SITES.hampshire;

describe.skipIf(skipBrowserTests)('a person’s record in the browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('a practitioner screens with the questions revealed, records a contact on its own page and is told it saved', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Probation South' });
    const manager = await h.t.user('manager', { sites: [SITE] });
    const waiting = await aReferral(h.t, referrer, SITE);
    const s = await h.session();
    await signIn(s, manager, 'Screening queue');

    // The referral: who it is about, then its decision's questions only under the choice that needs them.
    const referral = await ReferralPage.open(s, waiting.id, waiting.name);
    expect(await personBanner(s)).toMatchObject({
      name: waiting.name,
      nhsNumber: formatNhsNumber(waiting.body.person.nhsNumber),
      status: 'Awaiting screening',
    });
    const reason = s.page.locator('#reason');
    const question = s.page.locator('#question');
    expect(await reason.isVisible()).toBe(false);
    expect(await question.isVisible()).toBe(false);
    await referral.chooseDecision('decline');
    expect(await reason.isVisible()).toBe(true);
    expect(await s.page.locator('#signposting').isVisible()).toBe(true);
    expect(await question.isVisible()).toBe(false);
    // Decision 0003: no aria-expanded on a radio (axe aria-allowed-attr).
    expect(await s.page.locator('input[type="radio"][aria-expanded]').count()).toBe(0);
    await referral.chooseDecision('accept');
    expect(await reason.isVisible()).toBe(false);
    await referral.saveDecision(waiting.name);
    expect(await successBanner(s)).toBe('Screening decision saved');
    expect((await personBanner(s)).status).toBe('Accepted');

    // The episode overview lists what can be done; the contact has a page of its own.
    const episode = await anOpenEpisode(h.t, { referrer, manager }, SITE);
    const overview = await EpisodeOverview.open(s, episode.id, episode.name);
    expect((await personBanner(s)).name).toBe(episode.name);
    expect(await s.page.locator('form[data-qa="contact-form"]').count()).toBe(0);
    const contact = await overview.recordContact();
    expect(await personBanner(s)).toMatchObject({ name: episode.name, status: 'Before release' });
    await contact.save();
    expect((await s.errorSummary()).length).toBeGreaterThan(0);
    expect(await successBanner(s)).toBeUndefined();
    await contact.fill({ date: ['10', '11', '2026'], time: '08:30', type: 'phone', outcome: 'cancelled' });
    // The cancellation's reason is revealed under "Cancelled".
    expect(await contact.field('contact-cancelled-reason').isVisible()).toBe(true);
    await contact.field('contact-cancelled-reason').fill('The prison was locked down');
    await contact.save();
    expect(new URL(s.page.url()).pathname).toBe(`/episodes/${episode.id}`);
    expect(await successBanner(s)).toBe('Contact recorded');
    expect(await overview.recentContacts()).toContain('Cancelled: The prison was locked down');
    // Shown once: the page again says nothing more.
    await s.page.reload();
    await s.expectOn(episode.name);
    expect(await successBanner(s)).toBeUndefined();
    await s.close();
  });

  it('without JavaScript, every decision’s questions are on the page, each under its choice', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Probation South' });
    const practitioner = await h.t.user('practitioner', { sites: [SITE] });
    const waiting = await aReferral(h.t, referrer, SITE);
    const s = await h.session({ javaScriptEnabled: false });
    await signIn(s, practitioner, 'Screening queue');
    await ReferralPage.open(s, waiting.id, waiting.name);
    for (const id of ['reason', 'signposting', 'question'])
      expect(await s.page.locator(`#${id}`).isVisible()).toBe(true);
    await s.close();
  });
});
