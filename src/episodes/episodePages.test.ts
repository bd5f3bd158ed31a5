// The episode pages as the team uses them: opening an Enhanced RECONNECT episode through the
// consultation page, recording contacts (and a bad one), the timeline, the caseload, need-to-know, and
// a closed episode refusing a contact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField as hidden } from '../../test/support/browserSession.ts';
import { SITES, anAcceptedReferral, staffAt } from '../../test/support/factories.ts';

const ER = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let hampshire: TestUser;

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

const acceptedReferral = () => anAcceptedReferral(t, { referrer, screener: manager }, ER);

const submit = (page: PageSession, from: string, url: string, form: Record<string, string>) =>
  page.submitFrom(from, url, form);

async function openThroughConsultation(page: PageSession, referralId: string): Promise<string> {
  const res = await submit(page, `/referrals/${referralId}/episode/new`, `/referrals/${referralId}/episode`, {
    'consultation-date-day': '9',
    'consultation-date-month': '11',
    'consultation-date-year': '2026',
    'attendee-1-role': 'com',
    'attendee-1-name': 'Chris Manager',
    'attendee-1-organisation': 'Probation North West',
    'attendee-2-role': 'pom',
    'attendee-2-name': 'Pat Prison',
    'attendee-2-organisation': 'HMP Preston',
    decision: 'accept',
    rationale: 'Complex needs; agrees to support.',
  });
  expect(res.statusCode).toBe(303);
  const match = /^\/episodes\/([0-9a-f-]{36})$/.exec(res.headers.location as string);
  expect(match).not.toBeNull();
  return match![1]!;
}

const goodContact = {
  'contact-date-day': '10',
  'contact-date-month': '11',
  'contact-date-year': '2026',
  'contact-time': '8:30am',
  type: 'in_prison',
  outcome: 'attended',
  durationMinutes: '45',
  notes: 'First meeting on the wing.',
};

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  manager = await staffAt(t, ER, 'manager');
  practitioner = await staffAt(t, ER);
  hampshire = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

describe('an Enhanced RECONNECT episode through the pages', () => {
  let episodeId: string;
  let referral: { id: string; reference: string };
  let page: PageSession;

  beforeAll(async () => {
    referral = await acceptedReferral();
    page = await signedIn(manager);
  });

  it('shows the consultation form, refuses an empty one with the error summary, then opens the episode', async () => {
    const form = await page.get(`/referrals/${referral.id}/episode/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-qa="new-episode-form"');
    expect(form.body).toContain('id="attendee-4-name"');
    const empty = await submit(page, `/referrals/${referral.id}/episode/new`, `/referrals/${referral.id}/episode`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('nhsuk-error-summary');
    expect(empty.body).toMatch(/<a href="#consultation-date-day"[^>]*>\s*Enter the date of the meeting/);
    expect(empty.body).toMatch(/<a href="#decision"[^>]*>\s*Select the decision of the meeting/);
    episodeId = await openThroughConsultation(page, referral.id);
    const shown = await page.get(`/episodes/${episodeId}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('data-qa="consultation"');
    expect(shown.body).toContain('Pat Prison');
    // Issue 10: the overview offers the contact form on a page of its own.
    expect(shown.body).toContain(`href="/episodes/${episodeId}/contacts/new"`);
    expect((await page.get(`/episodes/${episodeId}/contacts/new`)).body).toContain('data-qa="contact-form"');
    // The page keeps the team's navigation (its own abilities do not replace the layout's).
    expect(shown.body).toContain('href="/handovers"');
    expect((await page.get(`/episodes/${episodeId}/closure`)).body).toContain('href="/handovers"');
    // Opening again goes to the episode that exists.
    expect((await page.get(`/referrals/${referral.id}/episode/new`)).headers.location).toBe(`/episodes/${episodeId}`);
  });

  it('refuses a bad contact with 400 and the error summary, saving nothing', async () => {
    const bad = await submit(page, `/episodes/${episodeId}`, `/episodes/${episodeId}/contacts`, {
      ...goodContact,
      'contact-date-day': '31',
      'contact-date-month': '2',
      type: '',
      durationMinutes: 'long',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('nhsuk-error-summary');
    expect(bad.body).toMatch(/<a href="#contact-date-day"[^>]*>\s*The date of the contact must be a real date/);
    expect(bad.body).toMatch(/<a href="#contact-type"[^>]*>\s*Select the type of contact/);
    expect(bad.body).toMatch(/<a href="#contact-duration"[^>]*>\s*Enter the duration/);
    expect(bad.body).toContain('value="long"');
    const future = await submit(page, `/episodes/${episodeId}`, `/episodes/${episodeId}/contacts`, {
      ...goodContact,
      'contact-date-day': '11',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('must be now or in the past');
    expect((await page.get(`/episodes/${episodeId}`)).body).not.toContain('Contact in prison');
  });

  it('records a contact, which shows on the timeline, newest first unless asked for oldest first', async () => {
    const res = await submit(page, `/episodes/${episodeId}`, `/episodes/${episodeId}/contacts`, goodContact);
    expect(res.statusCode).toBe(303);
    const newest = await page.get(`/episodes/${episodeId}`);
    const newestFirst = /data-qa="timeline">([\s\S]*?)<\/ol>/.exec(newest.body)![1]!;
    expect(newestFirst.indexOf('Contact in prison')).toBeGreaterThan(newestFirst.indexOf('Episode of care opened'));
    expect(newest.body).toContain(`href="/episodes/${episodeId}?order=oldest#timeline"`);
    const shown = await page.get(`/episodes/${episodeId}?order=oldest`);
    const timeline = /data-qa="timeline">([\s\S]*?)<\/ol>/.exec(shown.body)![1]!;
    expect(timeline).toContain('Contact in prison: attended, 45 minutes.');
    expect(timeline).toContain('10 November 2026 at 8:30am');
    // Oldest first by when things happened: the contact (8:30am) came before the episode was opened (9am).
    expect(timeline.indexOf('Contact in prison')).toBeLessThan(timeline.indexOf('Episode of care opened'));
  });

  it('lists the episode in the manager’s caseload, and the practitioner sees it only under "All episodes at this site"', async () => {
    const caseload = await page.get('/caseload');
    expect(caseload.statusCode).toBe(200);
    const row = [...caseload.body.matchAll(/data-qa="caseload-row">([\s\S]*?)<\/tr>/g)]
      .map((m) => m[1]!)
      .find((r) => r.includes(episodeId))!;
    expect(row).toContain(referral.reference);
    expect(row).toMatch(/data-qa="status"[^>]*>\s*(Before release|Waiting for pre-release support|After release)/);
    const colleague = await signedIn(practitioner);
    const mine = await colleague.get('/caseload');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).not.toContain(episodeId);
    expect(mine.body).toContain('All episodes at this site');
    expect((await colleague.get('/caseload?show=all')).body).toContain(episodeId);
  });

  it('is "Page not found" for a practitioner of another site, who cannot record a contact either', async () => {
    const other = await signedIn(hampshire);
    const res = await other.get(`/episodes/${episodeId}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toContain(referral.reference);
    const csrf = hidden((await other.get('/referrals/new')).body, '_csrf');
    const posted = await other.post(`/episodes/${episodeId}/contacts`, { _csrf: csrf, ...goodContact }, undefined, {
      withCsrf: false,
    });
    expect(posted.statusCode).toBe(404);
    expect((await other.get(`/referrals/${referral.id}/episode/new`)).statusCode).toBe(404);
  });

  it('tells the second of two people that someone else changed the episode (412)', async () => {
    // The closure page left open in a tab (the overview's changes each have a page of their own, issue 10).
    const stale = await page.get(`/episodes/${episodeId}/closure`);
    const version = hidden(stale.body, 'version');
    expect(version).not.toBe('');
    expect(
      (
        await submit(page, `/episodes/${episodeId}`, `/episodes/${episodeId}/release`, {
          'releasedOn-day': '10',
          'releasedOn-month': '11',
          'releasedOn-year': '2026',
          releasedFrom: 'prison',
          confirmIncomplete: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    const late = await page.post(
      `/episodes/${episodeId}/closure`,
      { _csrf: hidden(stale.body, '_csrf'), version, reason: 'moved_and_transferred', summary: 'Done.' },
      undefined,
      { withCsrf: false },
    );
    expect(late.statusCode).toBe(412);
    expect(late.body).toContain('Someone else changed this episode');
    expect(late.body).toContain('data-qa="closure-form"');
  });

  it('closes, then refuses a contact on the closed episode with a clear message (409)', async () => {
    const shown = await page.get(`/episodes/${episodeId}`);
    const closed = await submit(page, `/episodes/${episodeId}/closure`, `/episodes/${episodeId}/closure`, {
      reason: 'support_completed',
      summary: 'Settled in the community.',
    });
    expect(closed.statusCode).toBe(303);
    const after = await page.get(`/episodes/${episodeId}`);
    expect(after.body).toMatch(/data-qa="status"[^>]*>\s*Closed/);
    expect(after.body).toContain('data-qa="closed-notice"');
    expect(after.body).not.toContain('data-qa="contact-form"');
    expect(after.body).not.toContain('data-qa="record-contact-link"');
    // A form left open from before the closure.
    const refused = await page.post(
      `/episodes/${episodeId}/contacts`,
      { _csrf: hidden(shown.body, '_csrf'), version: '1', ...goodContact },
      undefined,
      { withCsrf: false },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('nhsuk-error-summary');
    expect(refused.body).toContain('This episode of care is closed');
  });
});
