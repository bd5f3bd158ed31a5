// The restrict and grant forms on the referral page (issue 10, "Lose nothing": "Validation errors on the
// restrict and grant forms go to a dead-end page and lose what was typed: show the error summary on the form").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField } from '../../test/support/browserSession.ts';
import { SITES, aReferral, staffAt } from '../../test/support/factories.ts';

const SITE = SITES.hampshire;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let colleague: TestUser;

const newReferral = () => aReferral(t, referrer, SITE);

/** The error summary at the top of the page, from its box to the end of its list. */
const errorSummary = (body: string) => /class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  manager = await staffAt(t, SITE, 'manager');
  practitioner = await staffAt(t, SITE);
  colleague = await staffAt(t, SITE);
});
afterAll(() => t.close());

describe('restricting a record without a reason', () => {
  it('shows the referral page again with the error summary linked to the reason box', async () => {
    const r = await newReferral();
    const page = await PageSession.signedIn(t.app, manager);
    const res = await page.submitFrom(`/referrals/${r.id}`, `/referrals/${r.id}/restriction`, {
      restricted: 'yes',
      reason: '   ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(errorSummary(res.body)).toContain('href="#restriction-reason"');
    expect(errorSummary(res.body)).toContain('Enter the reason');
    expect(res.body).toContain('id="restriction-reason-error"');
    // Still the referral page, with the form to try again.
    expect(res.body).toContain('Who can see this record');
    expect(res.body).toContain(`action="/referrals/${r.id}/restriction"`);
  });

  it('keeps the reason typed when the record changed in between, and saves it at the second try', async () => {
    const r = await newReferral();
    const page = await PageSession.signedIn(t.app, manager);
    const opened = await page.get(`/referrals/${r.id}`);
    // Someone else restricts and lifts it while the page is open: the version moves on.
    for (const [restricted, version] of [
      [true, '"1"'],
      [false, '"2"'],
    ] as const) {
      await t.api(manager.token, {
        method: 'POST',
        url: `/api/v1/referrals/${r.id}/restriction`,
        payload: { restricted, reason: 'Checked by the duty manager' },
        headers: { 'if-match': version },
      });
    }
    const typed = 'Staff member’s brother';
    const res = await page.post(
      `/referrals/${r.id}/restriction`,
      {
        _csrf: hiddenField(opened.body, '_csrf'),
        version: hiddenField(opened.body, 'version'),
        restricted: 'yes',
        reason: typed,
      },
      undefined,
      { withCsrf: false },
    );
    expect(res.statusCode).toBe(412);
    expect(errorSummary(res.body)).toContain('Someone else changed this record');
    expect(res.body).toContain(`value="${typed}"`);
    const again = await page.post(
      `/referrals/${r.id}/restriction`,
      {
        _csrf: hiddenField(res.body, '_csrf'),
        version: hiddenField(res.body, 'version'),
        restricted: 'yes',
        reason: typed,
      },
      undefined,
      { withCsrf: false },
    );
    expect(again.statusCode).toBe(303);
    expect((await page.get(`/referrals/${r.id}`)).body).toContain(`Why: ${typed}`);
  });

  it('gives a practitioner who cannot manage the record the same refusal as before, not the form', async () => {
    const r = await newReferral();
    const page = await PageSession.signedIn(t.app, practitioner);
    const res = await page.submitFrom(`/referrals/${r.id}`, `/referrals/${r.id}/restriction`, {
      restricted: 'yes',
      reason: '',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('Who can see this record');
  });
});

describe('giving access by name with mistakes', () => {
  it('keeps every field typed, opens the form and links each error to its field', async () => {
    const r = await newReferral();
    const page = await PageSession.signedIn(t.app, manager);
    const res = await page.submitFrom(`/referrals/${r.id}`, `/referrals/${r.id}/access-grants`, {
      email: 'someone@example.nhs.uk',
      reason: 'Covering the case while the named worker is away',
      'expiresOn-day': '31',
      'expiresOn-month': '2',
      'expiresOn-year': '2027',
    });
    expect(res.statusCode).toBe(400);
    const summary = errorSummary(res.body);
    expect(summary).toContain('href="#expiresOn-day"');
    expect(summary).toContain('Enter a real date');
    expect(res.body).toContain('value="someone@example.nhs.uk"');
    expect(res.body).toContain('value="Covering the case while the named worker is away"');
    expect(res.body).toMatch(/name="expiresOn-day"[^>]*value="31"|value="31"[^>]*name="expiresOn-day"/);
    expect(res.body).toMatch(/<details class="nhsuk-details"[^>]* open>/);
  });

  it('says who cannot be given access, on the form, and gives it once the address is right', async () => {
    const r = await newReferral();
    const page = await PageSession.signedIn(t.app, manager);
    const form = {
      email: 'nobody@example.nhs.uk',
      reason: 'Covering',
      'expiresOn-day': '31',
      'expiresOn-month': '12',
      'expiresOn-year': '2027',
    };
    const res = await page.submitFrom(`/referrals/${r.id}`, `/referrals/${r.id}/access-grants`, form);
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toContain('href="#grant-email"');
    expect(errorSummary(res.body)).toContain('Enter the email address of an active practitioner or manager');
    expect(res.body).toContain('value="Covering"');
    const fixed = await page.submitFrom(`/referrals/${r.id}`, `/referrals/${r.id}/access-grants`, {
      ...form,
      email: colleague.email,
    });
    expect(fixed.statusCode).toBe(303);
    expect((await page.get(`/referrals/${r.id}`)).body).toContain('data-qa="grants"');
  });

  it('puts an end date in the past against the date', async () => {
    const r = await newReferral();
    const page = await PageSession.signedIn(t.app, manager);
    const res = await page.submitFrom(`/referrals/${r.id}`, `/referrals/${r.id}/access-grants`, {
      email: colleague.email,
      reason: 'Covering',
      'expiresOn-day': '1',
      'expiresOn-month': '1',
      'expiresOn-year': '2020',
    });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toContain('href="#expiresOn-day"');
    expect(res.body).toContain('The access must end in the future');
  });
});
