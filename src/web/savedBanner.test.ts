// Issue 10, "a success banner after each save": after a form saves, the page it lands on says what was saved
// in the NHS success notification banner, once, and only on that page; nothing typed travels with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { anOpenEpisode, aReferral, SITES, staffAt } from '../../test/support/factories.ts';
import { SAVED_COOKIE } from './saved.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South' });
  practitioner = await staffAt(t, SITES.hampshire, 'manager');
});
afterAll(() => t.close());

/** The success banner's words on a page, if it has one. */
function successBanner(body: string): string | undefined {
  const banner = /<div[^>]*nhsuk-notification-banner--success[\s\S]*?<\/div>\s*<\/div>/.exec(body)?.[0];
  return banner ? /<p class="nhsuk-notification-banner__heading">\s*([^<]*?)\s*<\/p>/.exec(banner)?.[1] : undefined;
}

/** Posts the form as the user's browser would, then opens the page it sends them to. */
async function saveThenLand(page: PageSession, from: string, url: string, form: Record<string, string>) {
  const sent = await page.submitFrom(from, url, form);
  expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
  const location = String(sent.headers.location);
  return { location, landed: await page.get(location) };
}

const contact = {
  'contact-date-day': '10',
  'contact-date-month': '11',
  'contact-date-year': '2026',
  'contact-time': '8:30am',
  type: 'phone',
  outcome: 'attended',
  notes: '<script>alert("typed")</script> Contact recorded by hand',
};

describe('the success banner after a save', () => {
  it('says "Contact recorded" on the episode once a contact is saved, once only, and never what was typed', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const { landed } = await saveThenLand(page, `/episodes/${id}`, `/episodes/${id}/contacts`, contact);
    expect(landed.statusCode).toBe(200);
    expect(successBanner(landed.body)).toBe('Contact recorded');
    expect(landed.body).toContain('data-qa="saved"');
    expect(landed.body).not.toContain('<script>alert');
    // Reloading the page, or going on elsewhere, does not say it again.
    expect(successBanner((await page.get(`/episodes/${id}`)).body)).toBeUndefined();
  });

  it('says the screening decision was saved on the referral', async () => {
    const referral = await aReferral(t, referrer, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const { landed } = await saveThenLand(page, `/referrals/${referral.id}`, `/referrals/${referral.id}/screening`, {
      decision: 'accept',
    });
    expect(successBanner(landed.body)).toBe('Screening decision saved');
  });

  it('says the need-to-know restriction was saved on the referral', async () => {
    const referral = await aReferral(t, referrer, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const { location, landed } = await saveThenLand(
      page,
      `/referrals/${referral.id}`,
      `/referrals/${referral.id}/restriction`,
      { restricted: 'yes', reason: 'Known to a member of staff' },
    );
    expect(location).toBe(`/referrals/${referral.id}#need-to-know`);
    expect(successBanner(landed.body)).toBe('Need-to-know restriction saved');
  });

  it('says the release plan was saved, on the release plan and not on another page', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const sent = await page.submitFrom(
      `/episodes/${id}/release-plan/gp-registration`,
      `/episodes/${id}/release-plan/gp-registration`,
      { registered: 'yes', practice: 'Jubilee Surgery' },
    );
    expect(sent.headers.location).toBe(`/episodes/${id}/release-plan`);
    expect(successBanner((await page.get(`/episodes/${id}/plan`)).body)).toBeUndefined();
    expect(successBanner((await page.get(`/episodes/${id}/release-plan`)).body)).toBe('Release plan saved');
  });

  it('says the formulation was saved, and a refused form shows the error summary instead', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const refused = await page.submitFrom(`/episodes/${id}/formulation`, `/episodes/${id}/formulation`, {});
    expect(refused.statusCode).toBe(400);
    expect(successBanner(refused.body)).toBeUndefined();
    const { landed } = await saveThenLand(page, `/episodes/${id}/formulation`, `/episodes/${id}/formulation`, {
      presenting: 'Low mood since sentencing.',
      predisposing: 'Care experienced.',
      precipitating: 'Loss of tenancy.',
      perpetuating: 'Isolation on the wing.',
      protective: 'Sister visits weekly.',
      writtenWithPerson: 'yes',
    });
    expect(successBanner(landed.body)).toBe('Formulation saved');
  });

  it('shows nothing for a flash it did not sign', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const res = await t.app.inject({
      method: 'GET',
      url: `/episodes/${id}`,
      cookies: { 'reconnect-session': page.cookieValue()!, [SAVED_COOKIE]: `contact|/episodes/${id}` },
    });
    expect(res.statusCode).toBe(200);
    expect(successBanner(res.body)).toBeUndefined();
  });
});
