// Bad input, tried on purpose (fast-check): arbitrary JSON, hostile strings and unicode against every
// JSON endpoint never produce a 5xx, always get a clear 4xx with field paths, and store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../support/testApp.ts';
import { auditEvents, people, referrals } from '../../src/db/schema.ts';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { verifyAuditChain } from '../../src/audit/auditLog.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let referralId: string;
let tried = 0;

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '\u202Etxet',
    '<script>alert(1)</script>',
    '=HYPERLINK("x")',
    '../../etc/passwd',
    "'; drop table referrals; --",
    'x'.repeat(5000),
    '١٢٣',
    '𝟘𝟙𝟚',
    '2026-02-31',
    '9999-99-99',
    '',
  ),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
);

async function stored() {
  const [[r], [p]] = await Promise.all([
    t.services.db.select({ n: count() }).from(referrals),
    t.services.db.select({ n: count() }).from(people),
  ]);
  return { referrals: Number(r!.n), people: Number(p!.n) };
}

function expectClear4xx(res: { statusCode: number; json(): unknown }) {
  tried++;
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  const body = res.json() as { errors: { field: string; message: string }[] };
  expect(body.errors.length).toBeGreaterThan(0);
  for (const e of body.errors) {
    expect(typeof e.field).toBe('string');
    expect(e.message).not.toMatch(/at .*\.ts:\d+|node_modules|\bSELECT \b|\bINSERT INTO\b|\s{4}at /);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  practitioner = await t.user('practitioner', { sites: ['er-lancashire-cumbria'] });
  referralId = (
    await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: fictionalReferral('er-lancashire-cumbria', 1, t.clock.now),
    })
  ).json().id;
});
afterAll(() => {
  console.log(`fuzz: ${tried} bad inputs tried, every one answered with a clear 4xx`);
  return t.close();
});

describe('arbitrary JSON never produces a 5xx and stores nothing', () => {
  it('POST /api/v1/referrals with arbitrary JSON', async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
        const res = await t.api(referrer.token, {
          method: 'POST',
          url: '/api/v1/referrals',
          payload: text,
          headers: { 'content-type': 'application/json' },
        });
        if (res.statusCode === 201) return; // arbitrary JSON is never a valid referral, but do not assume
        expectClear4xx(res);
      }),
      { numRuns: 150 },
    );
    expect(await stored()).toEqual(before);
  });

  it('POST /api/v1/referrals with one field of a valid referral replaced by a hostile value', async () => {
    const before = await stored();
    const paths = [
      'site',
      'source.type',
      'person.givenName',
      'person.dateOfBirth',
      'person.nhsNumber',
      'person.prisonNumber',
      'person.crn',
      'person.pncId',
      'consent.given',
      'consent.date',
      'custody.status',
      'custody.expectedReleaseDate',
      'custody.resettlementArea',
      'roshLevel',
      'priorityGroup',
      'criteria.mentalHealth',
      'healthNeeds',
      'openToProbation',
    ];
    let created = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), hostileValue, async (path, value) => {
        const body = structuredClone(fictionalReferral('er-lancashire-cumbria', 7, t.clock.now)) as unknown as Record<
          string,
          unknown
        >;
        const keys = path.split('.');
        let node = body;
        for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
        node[keys[keys.length - 1]!] = value;
        const res = await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
        if (res.statusCode === 201) {
          created++;
          return;
        } // e.g. free text that is merely unusual
        expectClear4xx(res);
        expect(
          (res.json() as { errors: { field: string }[] }).errors.some(
            (e) => e.field === path || e.field.startsWith(keys[0]!) || e.field === 'body',
          ),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect((await stored()).referrals).toBe(before.referrals + created);
  });

  it.each([
    ['POST', '/api/v1/eligibility'],
    ['POST', '/api/v1/referrals/{id}/screening'],
    ['POST', '/api/v1/referrals/{id}/information'],
  ])('%s %s with arbitrary JSON', async (method, template) => {
    const url = template.replace('{id}', referralId);
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 3 }), async (text) => {
        const res = await t.api(practitioner.token, {
          method: method,
          url,
          payload: text,
          headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        });
        if (res.statusCode < 300) return;
        tried++;
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });

  it('GET endpoints with hostile ids and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (s) => {
        // A lone surrogate cannot be URI-encoded; send the raw bytes a hostile client would (invalid UTF-8).
        const enc = (x: string) => (x.isWellFormed() ? encodeURIComponent(x) : '%ED%A0%80');
        for (const url of [
          `/api/v1/referrals/${enc(s)}`,
          `/api/v1/referrals?site=${enc(s)}&status=${enc(s)}`,
          `/api/v1/referrals/%ZZ`,
        ]) {
          const res = await t.api(practitioner.token, { method: 'GET', url });
          tried++;
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('limits', () => {
  it('answers a body over the limit with 413', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: JSON.stringify({ healthNeeds: 'x'.repeat(400_000) }),
      headers: { 'content-type': 'application/json' },
    });
    tried++;
    expect(res.statusCode).toBe(413);
  });

  it('answers deeply nested JSON with a 4xx', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: deep,
      headers: { 'content-type': 'application/json' },
    });
    expectClear4xx(res);
  });

  it('answers a wrong content type with 415', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: '<xml/>',
      headers: { 'content-type': 'application/xml' },
    });
    expectClear4xx(res);
    expect(res.statusCode).toBe(415);
  });

  it('keeps the audit chain whole after all of it', async () => {
    const verdict = await verifyAuditChain(t.services.db);
    expect(verdict.ok).toBe(true);
    const [row] = await t.services.db.select({ n: count() }).from(auditEvents);
    expect(Number(row!.n)).toBeGreaterThan(0);
  });
});
