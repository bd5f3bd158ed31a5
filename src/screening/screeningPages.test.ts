// The screening pages as practitioners and referrers use them: the queue, one referral, the decision form,
// asking the referrer for more information, and two people deciding the same referral at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField as hidden } from '../../test/support/browserSession.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { fictionalReferral, type ExampleKind } from '../demo/fictionalReferrals.ts';
import { formatDateTime } from '../web/format.ts';

type Form = Record<string, string>;
const HOUR = 3_600_000;
const LANCS = SITES.lancashire;

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let colleague: TestUser;
let hampshirePractitioner: TestUser;
let seed = 700;

const at = (ms: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
};
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** One browser per user; signs in again when the session would have timed out while the clock moved on. */
const browsers = new Map<TestUser, { page: PageSession; lastUsed: number }>();
async function as(user: TestUser): Promise<PageSession> {
  const now = t.clock.now.getTime();
  const open = browsers.get(user);
  if (open && now - open.lastUsed < 20 * 60_000) {
    open.lastUsed = now;
    return open.page;
  }
  const page = new PageSession(t.app);
  expect((await page.signIn(user.email, user.password)).statusCode).toBe(303);
  browsers.set(user, { page, lastUsed: now });
  return page;
}

async function refer(
  site = LANCS,
  kind: ExampleKind = 'eligible',
): Promise<{ id: string; reference: string; screeningDueAt: string; eligibility: { reasons: { message: string }[] } }> {
  const res = await t.api(referrer.token, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: fictionalReferral(site, seed++, t.clock.now, kind),
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const apiView = async (id: string) =>
  (await t.api(referrer.token, { method: 'GET', url: `/api/v1/referrals/${id}` })).json();

/** Posts the decision form from the referral page the user has open, as their browser would. */
function decide(page: PageSession, shown: { body: string }, id: string, form: Form) {
  return page.post(
    `/referrals/${id}/screening`,
    { _csrf: hidden(shown.body, '_csrf'), version: hidden(shown.body, 'version'), ...form },
    undefined,
    { withCsrf: false },
  );
}

async function openAndDecide(user: TestUser, id: string, form: Form) {
  const page = await as(user);
  return decide(page, await page.get(`/referrals/${id}`), id, form);
}

function queueRows(body: string): { reference: string; text: string }[] {
  return [...body.matchAll(/data-qa="queue-row">([\s\S]*?)<\/tr>/g)].map((m) => ({
    reference: /RC-\d+/.exec(m[1]!)![0],
    text: m[1]!,
  }));
}

async function queue(query = ''): Promise<{ reference: string; text: string }[]> {
  const res = await (await as(practitioner)).get(`/screening${query}`);
  expect(res.statusCode).toBe(200);
  return queueRows(res.body);
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  practitioner = await staffAt(t, LANCS);
  colleague = await staffAt(t, LANCS);
  hampshirePractitioner = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

describe('the screening queue', () => {
  let later: Awaited<ReturnType<typeof refer>>;
  let sooner: Awaited<ReturnType<typeof refer>>;
  beforeAll(async () => {
    // Received later but due sooner: the default order must follow the due time, not arrival.
    at(HOUR);
    later = await refer(LANCS, 'eligible');
    at(-HOUR);
    sooner = await refer(LANCS, 'ineligible');
    at(HOUR);
  });

  it('lists the site’s referrals waiting for a decision, soonest due first', async () => {
    const rows = (await queue()).filter((r) => [later.reference, sooner.reference].includes(r.reference));
    expect(rows.map((r) => r.reference)).toEqual([sooner.reference, later.reference]);
    expect(rows[0]!.text).toContain('Awaiting screening');
    expect(rows[0]!.text).toMatch(/data-qa="time-left">1 day 23 hours left</);
    expect(rows[1]!.text).toMatch(/data-qa="time-left">2 days 0 hours left</);
  });

  it('sorts by received (newest first) when asked', async () => {
    const rows = (await queue('?sort=received')).filter((r) =>
      [later.reference, sooner.reference].includes(r.reference),
    );
    expect(rows.map((r) => r.reference)).toEqual([later.reference, sooner.reference]);
  });

  it.each([
    ['ineligible', () => sooner, () => later, 'Ineligible'],
    ['eligible', () => later, () => sooner, 'Eligible'],
  ])('filters by eligibility outcome (%s)', async (outcome, shown, hidden, tag) => {
    const rows = await queue(`?outcome=${outcome}`);
    expect(rows.map((r) => r.reference)).toContain(shown().reference);
    expect(rows.map((r) => r.reference)).not.toContain(hidden().reference);
    for (const row of rows) expect(row.text).toContain(tag);
  });

  it('refuses the queue to a referrer', async () => {
    const res = await (await as(referrer)).get('/screening');
    expect([403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain('data-qa="queue-row"');
  });
});

describe('one referral, and the decision form', () => {
  it('shows the practitioner the eligibility reasons, the timeline and the decision form', async () => {
    const referral = await refer();
    const res = await (await as(practitioner)).get(`/referrals/${referral.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-qa="eligibility-reasons"');
    for (const reason of referral.eligibility.reasons) expect(res.body).toContain(html(reason.message));
    expect(res.body).toMatch(/data-qa="timeline">[\s\S]*Referral received from/);
    expect(res.body).toContain('data-qa="screening-form"');
  });

  it('accepts: the page and the referrer both show "Accepted"', async () => {
    const referral = await refer();
    const res = await openAndDecide(practitioner, referral.id, { decision: 'accept' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/referrals/${referral.id}`);
    const page = await (await as(practitioner)).get(`/referrals/${referral.id}`);
    expect(page.body).toMatch(/data-qa="status"[^>]*>\s*Accepted/);
    expect(page.body).toContain('Referral accepted at screening.');
    expect(page.body).not.toContain('data-qa="screening-form"');
    expect((await (await as(referrer)).get(`/referrals/${referral.id}`)).body).toMatch(
      /data-qa="decision"[\s\S]*Accepted/,
    );
  });

  it('will not decline without a reason and signposting: 400, the error summary, nothing saved', async () => {
    const referral = await refer();
    const res = await openAndDecide(practitioner, referral.id, { decision: 'decline', reason: '', signposting: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="nhsuk-error-summary"');
    expect(res.body).toMatch(/<a href="#reason"[^>]*>\s*Enter why the referral is declined/);
    expect(res.body).toMatch(/<a href="#signposting"[^>]*>\s*Enter where the person or referrer can go instead/);
    expect(await apiView(referral.id)).toMatchObject({ status: 'awaiting_screening', version: 1 });
  });

  it('declines with a reason and signposting that the referrer can read', async () => {
    const referral = await refer();
    const res = await openAndDecide(practitioner, referral.id, {
      decision: 'decline',
      reason: 'Not due for release within the window.',
      signposting: 'Refer to the local community mental health team.',
    });
    expect(res.statusCode).toBe(303);
    const seen = (await (await as(referrer)).get(`/referrals/${referral.id}`)).body;
    expect(seen).toMatch(/data-qa="status"[^>]*>\s*Declined/);
    expect(seen).toContain('Not due for release within the window.');
    expect(seen).toContain('Refer to the local community mental health team.');
  });

  it('tells the second of two practitioners with the page open that someone else decided (412), and saves nothing of theirs', async () => {
    const referral = await refer();
    const first = await as(practitioner);
    const second = await as(colleague);
    const firstPage = await first.get(`/referrals/${referral.id}`);
    const secondPage = await second.get(`/referrals/${referral.id}`);
    expect((await decide(first, firstPage, referral.id, { decision: 'accept' })).statusCode).toBe(303);
    const late = await decide(second, secondPage, referral.id, {
      decision: 'decline',
      reason: 'Too late.',
      signposting: 'Elsewhere.',
    });
    expect(late.statusCode).toBe(412);
    expect(late.body).toContain('Someone else decided or changed this referral after you opened it');
    expect(late.body).toMatch(/data-qa="status"[^>]*>\s*Accepted/);
    expect(await apiView(referral.id)).toMatchObject({ status: 'accepted', decision: { decision: 'accept' } });
  });

  it('is "Page not found" for another site’s practitioner, who cannot decide it either', async () => {
    const referral = await refer();
    const page = await as(hampshirePractitioner);
    const res = await page.get(`/referrals/${referral.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toContain(referral.reference);
    const csrf = hidden((await page.get('/referrals/new')).body, '_csrf');
    const posted = await page.post(
      `/referrals/${referral.id}/screening`,
      { _csrf: csrf, version: '1', decision: 'accept' },
      undefined,
      { withCsrf: false },
    );
    expect(posted.statusCode).toBe(404);
    expect((await apiView(referral.id)).status).toBe('awaiting_screening');
  });
});

describe('asking the referrer for more information', () => {
  it('shows the question to the referrer, takes their answer, and moves the screening deadline by the time it waited', async () => {
    const referral = await refer();
    const question = 'What is the planned accommodation on release?';
    const asked = await openAndDecide(practitioner, referral.id, { decision: 'more_information', question });
    expect(asked.statusCode).toBe(303);
    expect((await (await as(practitioner)).get(`/referrals/${referral.id}`)).body).toContain(
      'clock paused while waiting for the referrer',
    );

    at(3 * HOUR);
    const referrerPage = await as(referrer);
    const shown = await referrerPage.get(`/referrals/${referral.id}`);
    expect(shown.body).toContain('The team needs more information');
    expect(shown.body).toContain(`data-qa="question">${html(question)}<`);

    const empty = await referrerPage.post(
      `/referrals/${referral.id}/information`,
      { _csrf: hidden(shown.body, '_csrf'), version: hidden(shown.body, 'version'), answer: ' ' },
      undefined,
      { withCsrf: false },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/<a href="#answer"[^>]*>\s*Enter your answer/);

    const answered = await referrerPage.post(
      `/referrals/${referral.id}/information`,
      {
        _csrf: hidden(shown.body, '_csrf'),
        version: hidden(shown.body, 'version'),
        answer: 'Approved premises in Preston.',
      },
      undefined,
      { withCsrf: false },
    );
    expect(answered.statusCode).toBe(303);

    const after = await (await as(practitioner)).get(`/referrals/${referral.id}`);
    expect(after.body).toMatch(/data-qa="status"[^>]*>\s*Awaiting screening/);
    expect(after.body).toContain('Approved premises in Preston.');
    const movedTo = new Date(new Date(referral.screeningDueAt).getTime() + 3 * HOUR);
    expect((await apiView(referral.id)).screeningDueAt).toBe(movedTo.toISOString());
    expect(after.body).toContain(`Screening due ${formatDateTime(movedTo)}`);
  });
});

describe('overdue referrals', () => {
  it('marks an Enhanced RECONNECT referral not screened within 48 hours as overdue', async () => {
    const referral = await refer();
    at(49 * HOUR);
    const res = await (await as(practitioner)).get('/screening?status=awaiting_screening');
    expect(res.body).toMatch(/referrals? (is|are) overdue for screening/);
    const row = queueRows(res.body).find((r) => r.reference === referral.reference)!;
    expect(row.text).toMatch(/class="app-overdue"[^>]*>\s*1 hour overdue/);
  });
});
