// A submission never discloses stored facts about a person the submitter may not see (issue: trust, second
// pass, critical: "Duplicate matching reveals a restricted person"). Anyone who knows a restricted person's
// NHS number, prison number or CRN and date of birth submits a referral with made-up names: the 201 echoes
// what they sent and nothing stored; the new referral is restricted with the person, its site's managers
// are told, and the submitter is not told why; their list and the screening queue show the names they sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { notifications, people } from '../db/schema.ts';

const LANCS = SITES.lancashire;
const SECRET_GIVEN = 'Ottoline';
const SECRET_FAMILY = 'Quarrington-Vesey';

let t: TestApp;
let owner: TestUser;
let lancsManager: TestUser;
let lancsPractitioner: TestUser;
let submitters: Record<string, TestUser>;
let restricted: { id: string; reference: string; personId: string };
let stored: { nhsNumber: string; prisonNumber: string; crn: string; dateOfBirth: string; pncId: string };
let seed = 900;
/** What each submitter made in these tests: the only earlier referrals they may be shown. */
const madeBy = new Map<string, string[]>();

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.user('referrer');
  lancsManager = await staffAt(t, LANCS, 'manager');
  lancsPractitioner = await staffAt(t, LANCS);
  submitters = {
    'another referrer': await t.user('referrer'),
    'a practitioner at the site': await staffAt(t, LANCS),
    'a practitioner elsewhere': await staffAt(t, SITES.hampshire),
    'a manager elsewhere': await staffAt(t, SITES.hampshire, 'manager'),
  };
  const b = fictionalReferral(LANCS, 4242, t.clock.now, 'automatic');
  const person = {
    ...b.person,
    givenName: SECRET_GIVEN,
    familyName: SECRET_FAMILY,
    crn: 'Q123456',
    pncId: '2002/0073319Z',
  };
  const res = await t.api(owner.token, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: { ...b, priorityGroup: 1, person },
  });
  expect(res.statusCode).toBe(201);
  restricted = res.json();
  stored = {
    nhsNumber: person.nhsNumber!,
    prisonNumber: person.prisonNumber!,
    crn: person.crn,
    dateOfBirth: person.dateOfBirth,
    pncId: person.pncId,
  };
});
afterAll(() => t.close());

/** A referral by someone else for the same person: one identifier and the date of birth, invented names. */
function madeUp(identifier: 'nhsNumber' | 'prisonNumber' | 'crn') {
  const b = fictionalReferral(LANCS, seed++, t.clock.now, 'eligible');
  const person = {
    givenName: 'Invented',
    familyName: `Person${seed}`,
    dateOfBirth: stored.dateOfBirth,
    nhsNumber: null,
    prisonNumber: null,
    crn: null,
    pncId: null,
    [identifier]: stored[identifier],
  };
  return { ...b, priorityGroup: 3 as const, person };
}

/** Everything stored about the restricted person that the submitter did not send. */
function secretsBeyond(sent: Record<string, unknown>): string[] {
  const all = [restricted.id, restricted.reference, restricted.personId, SECRET_GIVEN, SECRET_FAMILY, stored.pncId];
  const identifiers = [stored.nhsNumber, stored.prisonNumber, stored.crn].filter(
    (v) => !Object.values(sent).includes(v),
  );
  return [...all, ...identifiers];
}

const IDENTIFIERS = [
  ['NHS number', 'nhsNumber'],
  ['prison number', 'prisonNumber'],
  ['CRN', 'crn'],
] as const;

describe.each(IDENTIFIERS)('an exact match on the %s and date of birth', (_label, identifier) => {
  it.each(['another referrer', 'a practitioner at the site', 'a practitioner elsewhere', 'a manager elsewhere'])(
    'tells %s only what they sent, and restricts the new referral with the person',
    async (who) => {
      const submitter = submitters[who]!;
      const payload = madeUp(identifier);
      const res = await t.api(submitter.token, { method: 'POST', url: '/api/v1/referrals', payload });
      expect(res.statusCode).toBe(201);
      const leaked = secretsBeyond(payload.person).filter((s) => res.body.includes(s));
      expect(leaked, 'the 201 disclosed stored facts').toEqual([]);
      const made = res.json();
      expect(made.person).toEqual(payload.person);
      expect(made.personId).not.toBe(restricted.personId);
      // Not told: the response reads as any other referral they could have made.
      expect(made.restricted).toBe(false);
      const theirs = madeBy.get(who) ?? [];
      expect(
        made.earlierReferrals.map((r: { id: string }) => r.id).filter((id: string) => !theirs.includes(id)),
      ).toEqual([]);
      madeBy.set(who, [...theirs, made.id]);

      // Their list and their own reading of it say what they sent.
      const list = await t.api(submitter.token, { method: 'GET', url: '/api/v1/referrals' });
      expect(list.body).not.toContain(SECRET_FAMILY);
      const mine = (list.json().items as { id: string; person: { familyName: string } }[]).find(
        (r) => r.id === made.id,
      );
      expect(mine?.person.familyName).toBe(payload.person.familyName);
      const again = await t.api(submitter.token, { method: 'GET', url: `/api/v1/referrals/${made.id}` });
      expect(secretsBeyond(payload.person).filter((s) => again.body.includes(s))).toEqual([]);

      // Restricted with the person: the site's practitioners cannot see it; its managers can, and are told.
      expect(
        (await t.api(lancsPractitioner.token, { method: 'GET', url: `/api/v1/referrals/${made.id}` })).statusCode,
      ).toBe(404);
      const managed = await t.api(lancsManager.token, { method: 'GET', url: `/api/v1/referrals/${made.id}` });
      expect(managed.json()).toMatchObject({ restricted: true, person: { familyName: payload.person.familyName } });
      expect(managed.body).not.toContain(SECRET_FAMILY);
      const told = await t.services.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, lancsManager.viewer.id));
      expect(told.some((n) => n.message.includes(made.reference) && n.link === `/referrals/${made.id}`)).toBe(true);
    },
  );
});

describe('what the pages show after such a submission', () => {
  it('shows the submitter’s names in their list and in the screening queue, never the stored ones', async () => {
    const practitioner = submitters['a practitioner at the site']!;
    const payload = madeUp('nhsNumber');
    const made = (await t.api(practitioner.token, { method: 'POST', url: '/api/v1/referrals', payload })).json();
    for (const [user, url] of [
      [practitioner, '/referrals'],
      [practitioner, `/screening?site=${LANCS}`],
      [practitioner, `/referrals/${made.id}`],
      [lancsManager, `/referrals/${made.id}`],
    ] as const) {
      const page = new PageSession(t.app);
      await page.signIn(user.email, user.password);
      const res = await page.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(SECRET_FAMILY);
    }
    const page = new PageSession(t.app);
    await page.signIn(lancsManager.email, lancsManager.password);
    // The manager may see the person's other record too; the new referral's row names whom it was sent about.
    const queue = (await page.get(`/screening?site=${LANCS}`)).body;
    const row = queue.slice(queue.indexOf(`/referrals/${made.id}`), queue.indexOf(`/referrals/${made.id}`) + 200);
    expect(row).toContain(payload.person.familyName);
    const managerView = await page.get(`/referrals/${made.id}`);
    expect(managerView.body).toContain(payload.person.familyName);
    expect(managerView.body).toContain('need-to-know records elsewhere');
  });

  it('leaves the stored person as it was', async () => {
    const [row] = await t.services.db.select().from(people).where(eq(people.id, restricted.personId));
    expect(row).toMatchObject({ givenName: SECRET_GIVEN, familyName: SECRET_FAMILY, crn: stored.crn });
  });
});

describe('who may see the person', () => {
  it('joins the record when the submitter may see it, and the new referral is restricted with it', async () => {
    const res = await t.api(owner.token, { method: 'POST', url: '/api/v1/referrals', payload: madeUp('crn') });
    expect(res.statusCode).toBe(201);
    expect(res.json().personId).toBe(restricted.personId);
    expect(res.json().earlierReferrals.map((r: { id: string }) => r.id)).toContain(restricted.id);
    const managed = await t.api(lancsManager.token, { method: 'GET', url: `/api/v1/referrals/${res.json().id}` });
    expect(managed.json().restricted).toBe(true);
  });

  it('joins an unrestricted person’s record as before, showing each referral as it was sent', async () => {
    const first = fictionalReferral(LANCS, seed++, t.clock.now, 'eligible');
    const a = (await t.api(owner.token, { method: 'POST', url: '/api/v1/referrals', payload: first })).json();
    const renamed = { ...first, person: { ...first.person, givenName: 'Another', familyName: 'Spelling' } };
    const other = submitters['another referrer']!;
    const b = (await t.api(other.token, { method: 'POST', url: '/api/v1/referrals', payload: renamed })).json();
    expect(b.personId).toBe(a.personId);
    expect(b.person.familyName).toBe('Spelling');
    expect(b.restricted).toBe(false);
    expect(JSON.stringify(b)).not.toContain(first.person.familyName);
    const staffView = await t.api(lancsManager.token, { method: 'GET', url: `/api/v1/referrals/${b.id}` });
    expect(staffView.json().earlierReferrals.map((r: { id: string }) => r.id)).toContain(a.id);
  });
});
