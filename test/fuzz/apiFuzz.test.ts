// Bad input, tried on purpose (fast-check): arbitrary JSON, hostile strings and unicode against every
// JSON endpoint never produce a 5xx, always get a clear 4xx with field paths, and store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../support/testApp.ts';
import { auditEvents, people, referrals } from '../../src/db/schema.ts';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { verifyAuditChain } from '../../src/audit/chain.ts';
import { ROLES } from '../../src/access/viewer.ts';
import { PageSession } from '../support/browserSession.ts';
import { anOpenEpisode } from '../support/factories.ts';

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
  return { referrals: r!.n, people: p!.n };
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
          res
            .json<{ errors: { field: string }[] }>()
            .errors.some((e) => e.field === path || e.field.startsWith(keys[0]!) || e.field === 'body'),
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
    expect(row!.n).toBeGreaterThan(0);
  });
});

// Issue 14: "Validate every path id at the route ... and let the fuzz run walk every route with malformed
// ids." Every route the app registers (its own route list, so a new one joins without being named here),
// with each path parameter in turn replaced by a malformed value and the others naming real records, as
// every kind of user and as nobody: never a 5xx.
describe('every registered route with malformed path ids, as every kind of user', () => {
  const MALFORMED = [
    'not-a-uuid',
    '',
    'x'.repeat(201),
    'a'.repeat(5000),
    encodeURIComponent('é𝟘١\u202e'),
    '%00',
    `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}%00`,
    '%ED%A0%80',
    '-1',
  ];
  const walk = { requests: 0, routes: 0, failures: [] as string[] };
  afterAll(() => {
    console.log(
      `route walk: ${walk.requests} requests over ${walk.routes} routes, ${walk.failures.length} answered 5xx`,
    );
  });

  /** Fields that many of the API's schemas accept (zod drops the ones a schema does not name). */
  const plausibleBody = (userId: string): Record<string, unknown> => ({
    expectedReleaseDate: '2027-03-01',
    reason: 'Checked with the prison',
    releasedOn: '2026-11-10',
    releasedFrom: 'prison',
    on: '2026-11-10',
    until: '2027-06-01',
    at: '2026-11-10T09:00:00Z',
    type: 'phone',
    outcome: 'attended',
    decision: 'accept',
    answer: 'The answer',
    restricted: true,
    email: 'someone@example.org',
    expiresOn: '2026-12-31',
    leadWorkerId: userId,
    userId,
    summary: 'A summary',
    title: 'A title',
    name: 'A name',
    notes: 'Notes',
    status: 'done',
    description: 'A description',
  });
  /** The same as a posted form, dates split the way the GOV.UK date input sends them. */
  const asForm = (body: Record<string, unknown>): Record<string, string> => {
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) {
      form[key] = String(value);
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        const [y, m, d] = value.split('-') as [string, string, string];
        Object.assign(form, { [`${key}-year`]: y, [`${key}-month`]: m, [`${key}-day`]: d });
      }
    }
    return form;
  };

  it('never answers 5xx', { timeout: 900_000 }, async () => {
    const site = 'er-lancashire-cumbria';
    const manager = await t.user('manager', { sites: [site] });
    const episode = await anOpenEpisode(t, { referrer, manager }, site);
    // Signing in and out end the callers' sessions: walked last, so every other page is walked signed in.
    const endsSession = (r: string) => /^\w+ \/(sign-|signed-out|account\/)/.test(r);
    const routes = t.app.routeCatalogue
      .filter((r) => !r.includes('/nhsuk/') && !r.includes('/static/'))
      .sort((a, b) => Number(endsSession(a)) - Number(endsSession(b)));
    walk.routes = routes.length;
    /** A real record for each parameter, so that a malformed second id is reached past the first. */
    const realValue = (path: string, name: string): string => {
      if (name === 'personId') return episode.personId;
      if (name === 'number') return '1';
      if (name === 'domain') return 'mental_health';
      if (name === 'slug') return 'person';
      if (name === 'item') return 'destination';
      if (name === 'id' && /^(\/api\/v1)?\/referrals\/:id/.test(path)) return episode.referralId;
      if (name === 'id' && /^(\/api\/v1)?\/episodes\/:id/.test(path)) return episode.id;
      return '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f';
    };
    const callers: { who: string; token?: string; page?: PageSession; csrf?: string }[] = [{ who: 'nobody' }];
    for (const role of ROLES) {
      const user = role === 'manager' ? manager : await t.user(role, role === 'referrer' ? {} : { sites: [site] });
      const page = await PageSession.signedIn(t.app, user);
      callers.push({ who: role, token: user.token, page, csrf: await page.csrfToken('/break-glass') });
    }
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const names = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const urls: string[] = [];
      if (names.length === 0) {
        for (const bad of MALFORMED.slice(0, 3))
          urls.push(`${path}?id=${bad}&worker=${bad}&episode=${bad}&site=${bad}`);
      } else {
        for (const name of names)
          for (const bad of MALFORMED)
            urls.push(path.replace(/:([A-Za-z]+)/g, (_m, n: string) => (n === name ? bad : realValue(path, n))));
      }
      const isApi = path.startsWith('/api/');
      const writes = method !== 'GET';
      // A write is sent twice: empty, and with a body most schemas accept, so the handler is reached past them.
      const bodies: (Record<string, unknown> | undefined)[] = writes
        ? [{}, plausibleBody(manager.viewer.id)]
        : [undefined];
      for (const caller of callers) {
        for (const url of urls) {
          for (const body of bodies) {
            const res = isApi
              ? await t.api(caller.token, {
                  method,
                  url,
                  ...(body ? { payload: body } : {}),
                  headers: { 'if-match': '"1"' },
                })
              : caller.page && body
                ? await caller.page.post(url, { ...asForm(body), _csrf: caller.csrf!, version: '1' }, undefined, {
                    withCsrf: false,
                  })
                : caller.page
                  ? await caller.page.get(url)
                  : await t.app.inject({ method: method as 'GET', url });
            walk.requests++;
            if (res.statusCode >= 500)
              walk.failures.push(`${caller.who} ${method} ${url.slice(0, 120)} → ${res.statusCode}`);
          }
        }
      }
    }
    expect(walk.failures).toEqual([]);
  });
});
