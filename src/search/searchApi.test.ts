// Issue 10, "Find anyone, read everything": "Add search by name (partial, any order, accents and case
// ignored), NHS number (with or without spaces), prison number and CRN, across all the sites the user works
// at, from the header of every staff page and as `GET /api/v1/search`. Results show the person, date of
// birth, and their referrals and episodes with status. A restricted record the user may not see is never a
// hit and never changes a count."
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import {
  SITES,
  aReferral,
  aReferralBody,
  anOpenEpisode,
  staffAt,
  type OpenEpisode,
} from '../../test/support/factories.ts';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { auditEvents, referrals } from '../db/schema.ts';
import { searchNameOf } from './rules.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let hampshire: TestUser;
let bothSites: TestUser;
let jan: OpenEpisode;
let restrictedId: string;
let restrictedNhsNumber: string;
let hampshireId: string;

const search = (user: TestUser | undefined, q: string) =>
  t.api(user?.token, { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` });
const ids = (body: { items: { referrals: { id: string }[] }[] }) =>
  body.items.flatMap((i) => i.referrals.map((r) => r.id));

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  hampshire = await staffAt(t, SITES.hampshire);
  bothSites = await t.user('practitioner', { sites: [SITES.lancashire, SITES.hampshire] });

  const body = aReferralBody(t, SITES.lancashire);
  body.person = { ...body.person, givenName: 'Jan', familyName: 'Wiśniewski-O’Brien', crn: 'X123456' };
  jan = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner, body });

  // Someone else of the same family name, in priority group 1: need-to-know.
  const secret = aReferralBody(t, SITES.lancashire, { restricted: true });
  secret.person = { ...secret.person, givenName: 'Teodor', familyName: 'Wisniewski' };
  restrictedId = (await aReferral(t, referrer, SITES.lancashire, { body: secret })).id;
  restrictedNhsNumber = secret.person.nhsNumber!;

  // And one at another team.
  const south = aReferralBody(t, SITES.hampshire);
  south.person = { ...south.person, givenName: 'Anna', familyName: 'Wiśniewska' };
  hampshireId = (await aReferral(t, referrer, SITES.hampshire, { body: south })).id;
});
afterAll(() => t.close());

describe('GET /api/v1/search', () => {
  it.each([
    ['the family name, accents ignored', 'wisniewski'],
    ['part of it, in capitals', 'WIŚNIEW'],
    ['the names in any order', 'obrien jan'],
    ['as written, with its apostrophe', 'Wiśniewski-O’Brien'],
    ['the apostrophe typed plainly', "o'brien"],
  ])('finds a person by %s', async (_what, q) => {
    const res = await search(practitioner, q);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { personId: string }) => i.personId)).toContain(jan.personId);
  });

  it('shows the person, date of birth, referrals and episodes with status', async () => {
    const res = await search(practitioner, 'jan obrien');
    const [item] = res.json().items;
    expect(item).toEqual({
      personId: jan.personId,
      name: 'Jan Wiśniewski-O’Brien',
      dateOfBirth: jan.body.person.dateOfBirth,
      referrals: [
        {
          id: jan.referralId,
          reference: jan.reference,
          site: SITES.lancashire,
          status: 'accepted',
          statusText: 'Accepted',
        },
      ],
      episodes: [
        {
          id: jan.id,
          referralId: jan.referralId,
          site: SITES.lancashire,
          status: expect.any(String),
          statusText: expect.any(String),
        },
      ],
    });
    expect(res.json().more).toBe(false);
  });

  it.each([
    ['NHS number with spaces', (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, 'nhsNumber'],
    ['NHS number without spaces', (n: string) => n, 'nhsNumber'],
    ['prison number in lower case', (n: string) => n.toLowerCase(), 'prisonNumber'],
    ['CRN in lower case', (n: string) => n.toLowerCase(), 'crn'],
  ] as const)('finds a person by %s', async (_what, typed, identifier) => {
    const value = jan.body.person[identifier]!;
    const res = await search(practitioner, typed(value));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { personId: string }) => i.personId)).toEqual([jan.personId]);
  });

  it('never shows a restricted record the user may not see, not even as a count', async () => {
    const seen = await search(practitioner, 'wisniewski');
    expect(ids(seen.json())).toEqual([jan.referralId]);
    expect(seen.json().items).toHaveLength(1);
    expect(seen.body).not.toContain('Teodor');
    // Its exact identifier finds nothing either.
    const exact = await search(practitioner, restrictedNhsNumber);
    expect(exact.statusCode).toBe(200);
    expect(exact.json().items).toEqual([]);
    expect(ids((await search(manager, restrictedNhsNumber)).json())).toEqual([restrictedId]);
  });

  it('shows the site’s manager the restricted record, and its referrer', async () => {
    expect(ids((await search(manager, 'wisniewski')).json()).sort()).toEqual([jan.referralId, restrictedId].sort());
  });

  it('searches every site the user works at, and only those', async () => {
    expect(ids((await search(hampshire, 'wisniew')).json())).toEqual([hampshireId]);
    expect(ids((await search(bothSites, 'wisniew')).json()).sort()).toEqual([jan.referralId, hampshireId].sort());
  });

  it('asks for something to search by (400 with the field)', async () => {
    for (const q of ['', 'j']) {
      const res = await search(practitioner, q);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('q');
    }
    const none = await t.api(practitioner.token, { method: 'GET', url: '/api/v1/search' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('q');
  });

  it('is for the team: a referrer is refused, an unsigned caller is 401', async () => {
    expect((await search(referrer, 'wisniewski')).statusCode).toBe(403);
    expect((await search(undefined, 'wisniewski')).statusCode).toBe(401);
  });

  it('audits that a search happened, without the words searched for', async () => {
    await search(hampshire, 'Wiśniewska');
    const events = await t.services.db.select().from(auditEvents).where(eq(auditEvents.action, 'search.performed'));
    const mine = events.filter((e) => e.actorId === hampshire.viewer.id).at(-1);
    expect(mine).toBeDefined();
    const details = JSON.parse(mine!.details) as Record<string, unknown>;
    expect(details).toMatchObject({ kind: 'name', count: 1, referrals: [hampshireId] });
    expect(details.queryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mine!.details.toLowerCase()).not.toContain('wisniewska');
  });
});

describe('the search box in the header', () => {
  it('is on every staff page and works without JavaScript', async () => {
    const page = new PageSession(t.app);
    await page.signIn(practitioner.email, practitioner.password);
    const caseload = await page.get('/caseload');
    expect(caseload.body).toMatch(/<form[^>]*action="\/search"[^>]*method="get"/);
    expect(caseload.body).toContain('name="q"');

    const res = await page.get(`/search?q=${encodeURIComponent('obrien jan')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 person found by name');
    expect(res.body).toContain('Jan Wiśniewski-O’Brien');
    expect(res.body).toContain(
      `Born ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }).format(new Date(`${jan.body.person.dateOfBirth}T12:00:00Z`))}`,
    );
    expect(res.body).toContain(jan.reference);
    expect(res.body).toContain(`href="/episodes/${jan.id}"`);
    expect(res.body).not.toMatch(
      /awaiting_screening|pre_release|post_release|awaiting_window|er-lancashire-cumbria|null/,
    );
  });

  it('says when no one matches, and asks for more when too little was typed', async () => {
    const page = new PageSession(t.app);
    await page.signIn(practitioner.email, practitioner.password);
    const none = await page.get('/search?q=Teodor');
    expect(none.body).toContain('0 people found by name');
    expect(none.body).not.toContain('Wisniewski');
    const short = await page.get('/search?q=j');
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('There is a problem');
    expect(short.body).toContain('Enter at least 2 letters of a name');
    const empty = await page.get('/search');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Find a person');
  });

  it('is not offered to a referrer', async () => {
    const page = new PageSession(t.app);
    await page.signIn(referrer.email, referrer.password);
    expect((await page.get('/referrals')).body).not.toContain('action="/search"');
  });
});

describe('referrals made before search (migration 0020)', () => {
  it('are folded by the migration exactly as new ones are', async () => {
    const migration = readFileSync(new URL('../db/migrations/0020_search.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('UPDATE'))!;
    const names = [
      ['Jan', 'Wiśniewski-O’Brien'],
      ['Siân', "O'Neill"],
      ['ŁUKASZ', 'ŻÓŁKIEWSKI'],
      ['Søren', 'Groß'],
      ['Æthelred', 'Þórsson'],
      ['Niamh', 'Ó Súilleabháin'],
    ];
    const { db } = t.services;
    const made: string[] = [];
    for (const [givenName, familyName] of names) {
      const body = aReferralBody(t, SITES.hampshire);
      body.person = { ...body.person, givenName: givenName!, familyName: familyName! };
      made.push((await aReferral(t, referrer, SITES.hampshire, { body })).id);
    }
    await db.update(referrals).set({ searchName: null });
    await db.execute(sql.raw(backfill));
    const rows = await db.select().from(referrals);
    for (const r of rows) expect(r.searchName, r.familyName).toBe(searchNameOf(r.givenName, r.familyName));
    expect(rows.filter((r) => made.includes(r.id))).toHaveLength(names.length);
  });
});
