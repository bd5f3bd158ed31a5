// Issue 10: "Referrals for staff: a list of the site's referrals with filters (status, outcome, received),
// not only those the user sent." The page as the team uses it, with need-to-know held: a restricted
// referral the user may not see is neither listed nor counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES, aReferral, anAcceptedReferral, staffAt, type MadeReferral } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let bothTeams: TestUser;
let early: MadeReferral;
let accepted: MadeReferral;
let discretionary: MadeReferral;
let restricted: MadeReferral;
let ownReferral: MadeReferral;
let hampshire: MadeReferral;

/** One signed-in session per user (sign-in is rate limited). */
const sessions = new Map<TestUser, PageSession>();
async function session(user: TestUser): Promise<PageSession> {
  const known = sessions.get(user);
  if (known) return known;
  const made = await PageSession.signedIn(t.app, user);
  sessions.set(user, made);
  return made;
}
const page = async (user: TestUser, query = '') => (await session(user)).get(`/referrals/team${query}`);
const listed = (body: string, r: MadeReferral) => body.includes(`href="/referrals/${r.id}"`);

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-02T10:00:00Z'));
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  bothTeams = await t.user('practitioner', { sites: [SITES.lancashire, SITES.hampshire] });
  early = await aReferral(t, referrer, SITES.lancashire, { kind: 'eligible' });
  t.clock.now = new Date('2026-11-05T10:00:00Z');
  accepted = await anAcceptedReferral(t, { referrer, screener: manager }, SITES.lancashire, { kind: 'eligible' });
  discretionary = await aReferral(t, referrer, SITES.lancashire, { kind: 'discretionary' });
  restricted = await aReferral(t, referrer, SITES.lancashire, { restricted: true });
  ownReferral = await aReferral(t, practitioner, SITES.lancashire);
  hampshire = await aReferral(t, referrer, SITES.hampshire);
  t.clock.now = new Date('2026-11-06T10:00:00Z');
});
afterAll(() => t.close());

describe('referrals to your team', () => {
  it('lists every referral of the team the user may see, not only those they sent', async () => {
    const res = await page(practitioner);
    expect(res.statusCode).toBe(200);
    for (const r of [early, accepted, discretionary, ownReferral]) expect(listed(res.body, r), r.reference).toBe(true);
    expect(res.body).toContain('4 referrals');
    expect(listed(res.body, restricted)).toBe(false);
    expect(res.body).not.toContain(restricted.reference);
    expect(listed(res.body, hampshire)).toBe(false);
    expect(res.body).toContain('Awaiting screening');
    const table = res.body.slice(res.body.indexOf('data-qa="team-referrals"'));
    expect(table).not.toMatch(/awaiting_screening|er-lancashire-cumbria|>\s*eligible\s*</);
  });

  it('shows the site’s manager the restricted one too', async () => {
    const res = await page(manager);
    expect(listed(res.body, restricted)).toBe(true);
    expect(res.body).toContain('5 referrals');
  });

  it.each([
    ['status', '?status=accepted', ['accepted']],
    ['eligibility', '?outcome=discretionary', ['discretionary']],
    ['received on or after', '?from-day=4&from-month=11&from-year=2026', ['accepted', 'discretionary', 'ownReferral']],
    ['received on or before', '?to-day=2&to-month=11&to-year=2026', ['early']],
    [
      'both',
      '?status=awaiting_screening&from-day=5&from-month=11&from-year=2026&to-day=5&to-month=11&to-year=2026',
      ['discretionary', 'ownReferral'],
    ],
  ] as const)('filters by %s', async (_what, query, expected) => {
    const res = await page(practitioner, query);
    expect(res.statusCode).toBe(200);
    const made = { early, accepted, discretionary, ownReferral };
    const shown = Object.entries(made).filter(([, r]) => listed(res.body, r));
    expect(shown.map(([name]) => name).sort()).toEqual([...expected].sort());
  });

  it('lists all the user’s teams when they ask', async () => {
    const one = await page(bothTeams, `?site=${SITES.hampshire}`);
    expect(listed(one.body, hampshire)).toBe(true);
    expect(listed(one.body, early)).toBe(false);
    const all = await page(bothTeams, '?site=all');
    expect(listed(all.body, hampshire) && listed(all.body, early)).toBe(true);
    expect(all.body).toContain('All your teams');
  });

  it('shows the error summary for a date that is not real, or a range that ends before it starts', async () => {
    const bad = await page(practitioner, '?from-day=31&from-month=2&from-year=2026');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('The first day must be a real date');
    expect(bad.body).toContain('value="31"');
    const backwards = await page(
      practitioner,
      '?from-day=5&from-month=11&from-year=2026&to-day=1&to-month=11&to-year=2026',
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The last day must be the same as or after the first day');
  });

  it('is for the team: a referrer is refused, and sees no link to it', async () => {
    expect((await page(referrer)).statusCode).toBe(403);
    const mine = await (await session(referrer)).get('/referrals');
    expect(mine.body).not.toContain('/referrals/team');
    const staff = await (await session(practitioner)).get('/referrals');
    expect(staff.body).toContain('href="/referrals/team"');
  });
});
