// Issue 10: "The referrer is told by email (outbox in development) of acceptance, decline (with a decline
// letter, PDF, plain language) and questions, and the decline letter is in their list."
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailOutbox } from '../db/schema.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, aReferral, aReferralBody } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { readPdf } from '../../test/support/pdfText.ts';

const SITE = SITES.eastOfEngland;
let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation Wales' });
  practitioner = await t.user('practitioner', { sites: [SITE] });
});
afterAll(() => t.close());

async function decide(id: string, version: number, payload: Record<string, string>) {
  const res = await t.api(practitioner.token, {
    method: 'POST',
    url: `/api/v1/referrals/${id}/screening`,
    payload,
    headers: { 'if-match': `"${version}"` },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const emailsTo = (userId: string) =>
  t.services.db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId)).orderBy(emailOutbox.createdAt);

describe('the referrer is told by email', () => {
  it.each([
    [{ decision: 'accept' }, 'accepted', 'RECONNECT East of England accepted your referral', ''],
    [{ decision: 'more_information', reason: 'Where will he live?' }, 'a question for you', 'has a question', ''],
    [
      { decision: 'decline', reason: 'He has not agreed to be referred.', signposting: 'The local GP.' },
      'declined',
      'cannot offer support',
      '/decline-letter.pdf',
    ],
  ])('of %j: the reference and a link, never the name or the reasons', async (payload, subject, says, link) => {
    const before = (await emailsTo(referrer.viewer.id)).length;
    const made = await aReferral(t, referrer, SITE);
    await decide(made.id, made.version, payload);
    const emails = await emailsTo(referrer.viewer.id);
    expect(emails).toHaveLength(before + 1);
    const email = emails.at(-1)!;
    expect(email.toAddress).toBe(referrer.email);
    expect(email.status).toBe('pending');
    expect(email.subject).toBe(`Referral ${made.reference} ${subject}`.replace(' a question', ': a question'));
    expect(email.bodyText).toContain(says);
    expect(email.bodyText).toContain(`http://localhost:3000/referrals/${made.id}${link}`);
    for (const secret of [made.body.person.familyName, 'Where will he live?', 'has not agreed'])
      expect(email.bodyText).not.toContain(secret);
  });
});

describe('a restricted referral', () => {
  it('is told about with no reference or id: the email points at the referrer’s list', async () => {
    const er = 'er-lancashire-cumbria';
    const manager = await t.user('manager', { sites: [er] });
    const made = await aReferral(t, referrer, er, { kind: 'automatic', restricted: true });
    const res = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${made.id}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': `"${made.version}"` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const email = (await emailsTo(referrer.viewer.id)).at(-1)!;
    expect(email.subject).toBe('Your referral accepted');
    expect(email.bodyText).toContain('accepted a referral you sent');
    expect(email.bodyText).toContain('http://localhost:3000/referrals\n');
    for (const secret of [made.reference, made.id, made.body.person.familyName])
      expect(email.subject + email.bodyText).not.toContain(secret);
  });
});

describe('the decline letter', () => {
  it('is in the referrer’s list and on the referral, and says why and where else to go, in their words', async () => {
    const base = aReferralBody(t, SITE);
    const body = {
      ...base,
      person: { ...base.person, givenName: 'Siân Ŵyn', familyName: 'Wiśniewski-O’Brien Ó Súilleabháin' },
    };
    const made = await aReferral(t, referrer, SITE, { body });
    await decide(made.id, made.version, {
      decision: 'decline',
      reason: 'He has not agreed to be referred.',
      signposting: 'Talk to him again about consent, then refer again. The community mental health team in Norwich.',
    });
    const page = await PageSession.signedIn(t.app, referrer);
    const list = await page.get('/referrals');
    expect(list.body).toContain(`href="/referrals/${made.id}/decline-letter.pdf" data-qa="decline-letter"`);
    expect((await page.get(`/referrals/${made.id}`)).body).toContain('data-qa="decline-letter"');
    const pdf = await page.get(`/referrals/${made.id}/decline-letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = readPdf(pdf.rawPayload).text.replace(/\s+/g, ' ');
    expect(text).toContain('We cannot offer Siân Ŵyn support');
    expect(text).toContain('Siân Ŵyn Wiśniewski-O’Brien Ó Súilleabháin');
    expect(text).toContain('He has not agreed to be referred.');
    expect(text).toContain('The community mental health team in Norwich.');
    expect(text).toContain(`Our reference: ${made.reference}`);
    expect(text).not.toMatch(/[a-z]+_[a-z]+/);
  });

  it('is a 409 before a referral is declined, and a 404 for another referrer', async () => {
    const made = await aReferral(t, referrer, SITE);
    const page = await PageSession.signedIn(t.app, referrer);
    expect((await page.get(`/referrals/${made.id}/decline-letter.pdf`)).statusCode).toBe(409);
    const other = await PageSession.signedIn(t.app, await t.user('referrer'));
    expect((await other.get(`/referrals/${made.id}/decline-letter.pdf`)).statusCode).toBe(404);
  });
});
