// The referral endpoints of API.md, against a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { referrals, people } from '../db/schema.ts';

let t: TestApp;
let referrer: TestUser;
let otherReferrer: TestUser;
let lancsPractitioner: TestUser;
let hampshirePractitioner: TestUser;
let lancsManager: TestUser;
let commissioner: TestUser;
let seed = 100;

const body = (site: string = SITES.lancashire, kind: Parameters<typeof fictionalReferral>[3] = 'eligible') =>
  fictionalReferral(site, seed++, t.clock.now, kind);

async function submit(user: TestUser, payload: unknown, headers: Record<string, string> = {}) {
  return t.api(user.token, { method: 'POST', url: '/api/v1/referrals', payload: payload as object, headers });
}

async function storedReferrals(): Promise<number> {
  const [row] = await t.services.db.select({ n: count() }).from(referrals);
  return row!.n;
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  otherReferrer = await t.user('referrer', { organisation: 'Probation North West' });
  lancsPractitioner = await staffAt(t, SITES.lancashire);
  hampshirePractitioner = await staffAt(t, SITES.hampshire);
  lancsManager = await staffAt(t, SITES.lancashire, 'manager');
  commissioner = await t.user('commissioner');
});
afterAll(() => t.close());

describe('POST /api/v1/referrals', () => {
  it('stores the referral, computes eligibility and the 48-hour screening deadline (seed 001)', async () => {
    const res = await submit(referrer, body());
    expect(res.statusCode).toBe(201);
    const json = res.json();
    expect(json).toMatchObject({
      status: 'awaiting_screening',
      eligibility: { outcome: 'eligible', priorityGroup: 3 },
      possibleDuplicates: [],
      version: 1,
    });
    expect(new Date(json.screeningDueAt).getTime() - new Date(json.receivedAt).getTime()).toBe(48 * 3_600_000);
    expect(json.eligibility.policyVersion).toMatch(/er-lancashire-cumbria/);
    expect(res.headers.etag).toBe('"1"');
  });

  it('refuses a request without credentials with 401', async () => {
    const res = await t.api(undefined, { method: 'POST', url: '/api/v1/referrals', payload: body() });
    expect(res.statusCode).toBe(401);
    expect(res.json().errors[0].message).toMatch(/token/i);
  });

  it.each([
    ['person.nhsNumber', { nhsNumber: '9434765918' }],
    ['person.nhsNumber', { nhsNumber: '1111111111' }],
    ['person.prisonNumber', { prisonNumber: '1234ABC' }],
    ['person.crn', { crn: 'X12345' }],
    ['person.pncId', { pncId: '2002/0073319A' }],
    ['person.dateOfBirth', { dateOfBirth: '1980-02-30' }],
    ['person.dateOfBirth', { dateOfBirth: '2030-01-01' }],
  ])('names the field %s when it is invalid, and stores nothing', async (field, personPatch) => {
    const before = await storedReferrals();
    const b = body();
    const res = await submit(referrer, { ...b, person: { ...b.person, ...personPatch } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await storedReferrals()).toBe(before);
  });

  it('rejects a date that does not exist rather than rolling it into the next month (2026-02-31)', async () => {
    const b = body();
    const res = await submit(referrer, { ...b, custody: { ...b.custody, expectedReleaseDate: '2026-02-31' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('custody.expectedReleaseDate');
  });

  it('rejects a release date before the date of birth', async () => {
    const b = body();
    const res = await submit(referrer, { ...b, custody: { ...b.custody, expectedReleaseDate: '1950-01-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('custody.expectedReleaseDate');
  });

  it('rejects an expected release date far beyond the person’s lifetime (a mistyped year)', async () => {
    const b = body();
    const res = await submit(referrer, { ...b, custody: { ...b.custody, expectedReleaseDate: '2207-03-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('custody.expectedReleaseDate');
  });

  it('accepts a person born on 29 February', async () => {
    const b = body();
    const res = await submit(referrer, { ...b, person: { ...b.person, dateOfBirth: '1984-02-29' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().person.dateOfBirth).toBe('1984-02-29');
  });

  it('accepts NHS numbers typed with spaces or dashes and stores them normalised', async () => {
    const b = body();
    const spaced = `${b.person.nhsNumber!.slice(0, 3)} ${b.person.nhsNumber!.slice(3, 6)}-${b.person.nhsNumber!.slice(6)}`;
    const res = await submit(referrer, { ...b, person: { ...b.person, nhsNumber: spaced } });
    expect(res.statusCode).toBe(201);
    expect(res.json().person.nhsNumber).toBe(b.person.nhsNumber);
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: '{"site":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body');
  });

  it('refuses text containing NUL with 400', async () => {
    const b = body();
    const res = await submit(referrer, { ...b, healthNeeds: 'a\u0000b' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('healthNeeds');
  });

  it('does not let a commissioner make referrals', async () => {
    const res = await submit(commissioner, body());
    expect(res.statusCode).toBe(403);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and stores nothing new', async () => {
    const b = body();
    const first = await submit(referrer, b, { 'idempotency-key': 'key-1' });
    const before = await storedReferrals();
    const again = await submit(referrer, b, { 'idempotency-key': 'key-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(await storedReferrals()).toBe(before);
  });

  it('answers 422 for the same key with a different body', async () => {
    await submit(referrer, body(), { 'idempotency-key': 'key-2' });
    const res = await submit(referrer, body(), { 'idempotency-key': 'key-2' });
    expect(res.statusCode).toBe(422);
  });

  it('keeps keys per user: another user may use the same key', async () => {
    await submit(referrer, body(), { 'idempotency-key': 'shared-key' });
    const res = await submit(otherReferrer, body(), { 'idempotency-key': 'shared-key' });
    expect(res.statusCode).toBe(201);
  });
});

describe('who sees what (404, never 403, for what the caller may not see)', () => {
  let id: string;
  beforeAll(async () => {
    id = (await submit(referrer, body())).json().id;
  });

  it.each([
    ['the referrer who sent it', () => referrer, 200],
    ['a practitioner at the site', () => lancsPractitioner, 200],
    ['another referrer', () => otherReferrer, 404],
    ['a practitioner at another site', () => hampshirePractitioner, 404],
    ['a commissioner', () => commissioner, 404],
  ])('%s gets %#', async (_who, user, status) => {
    const res = await t.api(user().token, { method: 'GET', url: `/api/v1/referrals/${id}` });
    expect(res.statusCode).toBe(status);
  });

  it('answers 404 for an id that is not a uuid', async () => {
    const res = await t.api(referrer.token, { method: 'GET', url: '/api/v1/referrals/not-a-uuid' });
    expect(res.statusCode).toBe(404);
  });

  it('lists only what the caller may see', async () => {
    const mine = (await t.api(otherReferrer.token, { method: 'GET', url: '/api/v1/referrals' })).json().items;
    expect(mine.map((r: { id: string }) => r.id)).not.toContain(id);
    const hampshire = (
      await t.api(hampshirePractitioner.token, { method: 'GET', url: '/api/v1/referrals?site=er-lancashire-cumbria' })
    ).json().items;
    expect(hampshire).toEqual([]);
    const lancs = (
      await t.api(lancsPractitioner.token, {
        method: 'GET',
        url: '/api/v1/referrals?site=er-lancashire-cumbria&status=awaiting_screening',
      })
    ).json().items;
    expect(lancs.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('rejects an unknown status filter with 400 naming the field', async () => {
    const res = await t.api(lancsPractitioner.token, { method: 'GET', url: '/api/v1/referrals?status=nonsense' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('status');
  });
});

describe('restricted records (priority groups 1 and 2 are need-to-know)', () => {
  it('hides a national security referral from practitioners but not from the site manager or its referrer', async () => {
    const res = await submit(referrer, body(SITES.lancashire, 'automatic'));
    const referral = res.json();
    expect(referral.restricted).toBe(true);
    expect(referral.eligibility.outcome).toBe('automatic');
    const url = `/api/v1/referrals/${referral.id}`;
    expect((await t.api(lancsPractitioner.token, { method: 'GET', url })).statusCode).toBe(404);
    expect((await t.api(lancsManager.token, { method: 'GET', url })).statusCode).toBe(200);
    expect((await t.api(referrer.token, { method: 'GET', url })).statusCode).toBe(200);
    const list = (await t.api(lancsPractitioner.token, { method: 'GET', url: '/api/v1/referrals' })).json().items;
    expect(list.map((r: { id: string }) => r.id)).not.toContain(referral.id);
  });
});

describe('person matching', () => {
  it('joins an exact match, shows the earlier referral, and never merges a probable one', async () => {
    const b = body();
    const first = (await submit(referrer, b)).json();
    const second = (await submit(referrer, { ...b, site: SITES.lancashire })).json();
    expect(second.personId).toBe(first.personId);
    expect(second.earlierReferrals.map((r: { id: string }) => r.id)).toContain(first.id);

    const probable = (
      await submit(referrer, { ...b, person: { ...b.person, nhsNumber: null, prisonNumber: null, crn: 'X654321' } })
    ).json();
    expect(probable.personId).not.toBe(first.personId);
    expect(probable.possibleDuplicates).toContainEqual({
      personId: first.personId,
      reason: 'Same name and date of birth',
    });
  });

  it('never shows a referrer possible duplicates from records they cannot see', async () => {
    const b = body();
    await submit(referrer, b);
    const theirs = (
      await submit(otherReferrer, {
        ...b,
        person: { ...b.person, nhsNumber: null, prisonNumber: null, crn: 'Y111111' },
      })
    ).json();
    expect(theirs.possibleDuplicates).toEqual([]);
    expect(theirs).not.toHaveProperty('otherRecordMayMatch');
  });
});

describe('POST /api/v1/eligibility', () => {
  it('evaluates without storing anything', async () => {
    const before = await storedReferrals();
    const [peopleBefore] = await t.services.db.select({ n: count() }).from(people);
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/eligibility',
      payload: { ...body(), source: { type: 'self' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('ineligible');
    expect(res.json().reasons.some((r: { result: string }) => r.result === 'fail')).toBe(true);
    expect(await storedReferrals()).toBe(before);
    const [peopleAfter] = await t.services.db.select({ n: count() }).from(people);
    expect(peopleAfter!.n).toBe(peopleBefore!.n);
  });

  it('asks for a known site', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/eligibility',
      payload: { site: 'nowhere' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('site');
  });
});

describe('GET /api/v1/sites', () => {
  it('lists the four built-in sites with their policy in force', async () => {
    const res = await t.api(referrer.token, { method: 'GET', url: '/api/v1/sites' });
    const items = res.json().items as { code: string; screeningHours: number; referralSources: string[] }[];
    expect(items.map((s) => s.code).sort()).toEqual([
      'er-birmingham-solihull',
      'er-lancashire-cumbria',
      'reconnect-east-of-england',
      'reconnect-hampshire',
    ]);
    const lancs = items.find((s) => s.code === 'er-lancashire-cumbria')!;
    expect(lancs.screeningHours).toBe(48);
    expect(lancs.referralSources).not.toContain('self');
  });
});
