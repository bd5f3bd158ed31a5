// POST /api/v1/referrals/{id}/screening (API.md): decisions, versions, and the paused clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { asc, eq } from 'drizzle-orm';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { timelineEvents } from '../db/schema.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let colleague: TestUser;
let otherSite: TestUser;
let seed = 500;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  practitioner = await staffAt(t, SITES.lancashire);
  colleague = await staffAt(t, SITES.lancashire);
  otherSite = await staffAt(t, SITES.eastOfEngland);
});
afterAll(() => t.close());

async function newReferral(): Promise<{ id: string; version: number; screeningDueAt: string }> {
  const res = await t.api(referrer.token, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: fictionalReferral(SITES.lancashire, seed++, t.clock.now),
  });
  return res.json();
}

function decide(user: TestUser, id: string, payload: object, version?: number | string) {
  return t.api(user.token, {
    method: 'POST',
    url: `/api/v1/referrals/${id}/screening`,
    payload,
    headers: version === undefined ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version },
  });
}

describe('deciding', () => {
  it('accepts with the current version and returns the new version in the ETag', async () => {
    const r = await newReferral();
    const res = await decide(practitioner, r.id, { decision: 'accept' }, r.version);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', decision: { decision: 'accept' }, version: 2 });
    expect(res.headers.etag).toBe('"2"');
  });

  it('needs If-Match: 428 without it', async () => {
    const r = await newReferral();
    expect((await decide(practitioner, r.id, { decision: 'accept' })).statusCode).toBe(428);
  });

  it('tells the second of two practitioners that someone else decided first (412)', async () => {
    const r = await newReferral();
    const [a, b] = await Promise.all([
      decide(practitioner, r.id, { decision: 'accept' }, r.version),
      decide(
        colleague,
        r.id,
        {
          decision: 'decline',
          reason: 'Not resettling in the area',
          signposting: 'Local community mental health team',
        },
        r.version,
      ),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const loser = a.statusCode === 412 ? a : b;
    expect(loser.json().errors[0].message).toMatch(/someone else/i);
  });

  it.each([
    [{ decision: 'decline' }, ['reason', 'signposting']],
    [{ decision: 'decline', reason: 'No consent' }, ['signposting']],
    [{ decision: 'more_information' }, ['reason']],
    [{ decision: 'maybe' }, ['decision']],
  ])('refuses %j naming %j, and changes nothing', async (payload, fields) => {
    const r = await newReferral();
    const res = await decide(practitioner, r.id, payload, r.version);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    const after = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/referrals/${r.id}` });
    expect(after.json()).toMatchObject({ status: 'awaiting_screening', version: 1 });
  });

  it('declines with reason and signposting, which the referrer sees', async () => {
    const r = await newReferral();
    await decide(
      practitioner,
      r.id,
      { decision: 'decline', reason: 'Low risk of harm', signposting: 'Refer to RECONNECT' },
      r.version,
    );
    const seen = (await t.api(referrer.token, { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(seen).toMatchObject({
      status: 'declined',
      decision: { decision: 'decline', reason: 'Low risk of harm', signposting: 'Refer to RECONNECT' },
    });
    const list = (await t.api(referrer.token, { method: 'GET', url: '/api/v1/referrals' })).json().items;
    expect(list.find((i: { id: string }) => i.id === r.id)).toMatchObject({ status: 'declined', decision: 'decline' });
    const notices = (await t.api(referrer.token, { method: 'GET', url: '/api/v1/notifications' })).json().items;
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'referral.decline', link: `/referrals/${r.id}` }));
  });

  it('answers 409 when the referral was already decided and the version is current', async () => {
    const r = await newReferral();
    const first = await decide(practitioner, r.id, { decision: 'accept' }, r.version);
    expect((await decide(practitioner, r.id, { decision: 'accept' }, first.json().version)).statusCode).toBe(409);
  });

  it('hides the referral from another site: 404', async () => {
    const r = await newReferral();
    expect((await decide(otherSite, r.id, { decision: 'accept' }, r.version)).statusCode).toBe(404);
  });

  it('does not let the referrer screen their own referral', async () => {
    const r = await newReferral();
    expect((await decide(referrer, r.id, { decision: 'accept' }, r.version)).statusCode).toBe(403);
  });
});

describe('asking for more information pauses the screening clock', () => {
  it('moves the deadline on by the time spent waiting for the referrer', async () => {
    const start = t.clock.now;
    const r = await newReferral();
    t.clock.now = new Date(start.getTime() + 2 * 3_600_000);
    const asked = await decide(
      practitioner,
      r.id,
      { decision: 'more_information', reason: 'Where will he live?' },
      r.version,
    );
    expect(asked.json()).toMatchObject({ status: 'information_requested', screeningPaused: true });
    expect(asked.json().informationRequests[0]).toMatchObject({ question: 'Where will he live?', answer: null });

    t.clock.now = new Date(start.getTime() + 26 * 3_600_000);
    const answered = await t.api(referrer.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/information`,
      payload: { answer: 'With his sister in Preston' },
    });
    expect(answered.statusCode).toBe(200);
    const json = answered.json();
    expect(json).toMatchObject({ status: 'awaiting_screening', screeningPaused: false });
    expect(new Date(json.screeningDueAt).getTime() - new Date(r.screeningDueAt).getTime()).toBe(24 * 3_600_000);
    expect(json.informationRequests[0].answer).toBe('With his sister in Preston');
    t.clock.now = start;
  });

  it('only the referrer who sent it can answer, and only while a question is open', async () => {
    const r = await newReferral();
    const other = await t.user('referrer');
    const res = await t.api(other.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/information`,
      payload: { answer: 'x' },
    });
    expect(res.statusCode).toBe(404);
    const early = await t.api(referrer.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/information`,
      payload: { answer: 'x' },
    });
    expect(early.statusCode).toBe(403);
  });
});

describe('the timeline of a referral', () => {
  it('records receipt and each decision in order', async () => {
    const r = await newReferral();
    const asked = await decide(
      practitioner,
      r.id,
      { decision: 'more_information', reason: 'Consent date?' },
      r.version,
    );
    await t.api(referrer.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/information`,
      payload: { answer: '1 November' },
    });
    await decide(practitioner, r.id, { decision: 'accept' }, asked.json<{ version: number }>().version + 1);
    const kinds = (
      await t.services.db
        .select({ kind: timelineEvents.kind })
        .from(timelineEvents)
        .where(eq(timelineEvents.referralId, r.id))
        .orderBy(asc(timelineEvents.id))
    ).map((e) => e.kind);
    expect(kinds).toEqual([
      'referral.received',
      'screening.more_information',
      'referral.information_given',
      'screening.accept',
    ]);
  });
});
