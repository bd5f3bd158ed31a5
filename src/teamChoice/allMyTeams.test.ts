// Issue 10, "All my teams": the screening queue, the caseload, the worklist and the team's referrals open on
// one team; a user who works at several sites can choose "All your teams", and each list remembers the
// choice for that user (on the server: a new sign-in, on another computer, opens where they left it). A user
// of one site sees no choice. Need-to-know holds: the all-teams view lists and counts exactly what the
// one-team views do together, never a restricted record the user may not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import {
  SITES,
  aReferral,
  anOpenEpisode,
  staffAt,
  type MadeReferral,
  type OpenEpisode,
} from '../../test/support/factories.ts';
import { chooseTeam } from './rules.ts';

const L = SITES.lancashire;
const H = SITES.hampshire;
let t: TestApp;
let referrer: TestUser;
let bothTeams: TestUser;
let oneTeam: TestUser;
let lancashireManager: TestUser;
let hampshireManager: TestUser;
let lancashire: MadeReferral;
let hampshire: MadeReferral;
let restricted: MadeReferral;
let lancashireEpisode: OpenEpisode;
let hampshireEpisode: OpenEpisode;
let restrictedEpisode: OpenEpisode;

const shows = (body: string, id: string) => body.includes(id);
/** The number in a table caption such as "3 referrals" or "2 episodes of care". */
const counted = (body: string, noun: RegExp) => Number(noun.exec(body)?.[1] ?? 'NaN');
const REFERRALS = /(\d+) referrals?\b/;
const EPISODES = /(\d+) episodes? of care/;

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-02T10:00:00Z'));
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  lancashireManager = await staffAt(t, L, 'manager');
  hampshireManager = await staffAt(t, H, 'manager');
  bothTeams = await t.user('practitioner', { sites: [L, H] });
  oneTeam = await staffAt(t, L);
  lancashire = await aReferral(t, referrer, L);
  hampshire = await aReferral(t, referrer, H);
  restricted = await aReferral(t, referrer, L, { restricted: true });
  lancashireEpisode = await anOpenEpisode(t, { referrer, manager: lancashireManager }, L, { lead: bothTeams });
  hampshireEpisode = await anOpenEpisode(t, { referrer, manager: hampshireManager }, H, { lead: bothTeams });
  restrictedEpisode = await anOpenEpisode(t, { referrer, manager: lancashireManager }, L, {
    restricted: true,
    lead: lancashireManager,
  });
});
afterAll(() => t.close());

describe('which team a list opens on (the rule)', () => {
  const both = [L, H];
  it.each([
    ['a user of one site has no choice: their site, nothing remembered', undefined, 'all', [L], L, undefined],
    ['the first site before any choice', undefined, undefined, both, L, undefined],
    ['all their teams when chosen, and remembered', 'all', undefined, both, 'all', 'all'],
    ['what was chosen last time', undefined, H, both, H, undefined],
    ['a site they no longer work at is forgotten', undefined, SITES.birmingham, both, L, undefined],
    ['a site that is not theirs is never chosen', SITES.birmingham, 'all', both, 'all', undefined],
  ] as const)('%s', (_name, asked, remembered, siteCodes, site, remember) => {
    expect(chooseTeam({ asked, remembered, siteCodes })).toEqual({ site, remember });
  });
});

describe('all my teams', () => {
  it('screening queue: opens on one team, offers "All your teams", lists and counts both without the restricted referral, and remembers it after signing in again', async () => {
    const page = await PageSession.signedIn(t.app, bothTeams);
    const first = await page.get('/screening');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('All your teams');
    expect(shows(first.body, lancashire.id)).toBe(true);
    expect(shows(first.body, hampshire.id)).toBe(false);
    const one = counted(first.body, REFERRALS);
    const other = counted((await page.get(`/screening?site=${H}`)).body, REFERRALS);

    const all = await page.get('/screening?site=all');
    expect(all.statusCode).toBe(200);
    expect(shows(all.body, lancashire.id)).toBe(true);
    expect(shows(all.body, hampshire.id)).toBe(true);
    expect(shows(all.body, restricted.id)).toBe(false);
    expect(all.body).not.toContain(restricted.reference);
    expect(counted(all.body, REFERRALS)).toBe(one + other);
    expect(all.body).toContain('RECONNECT Hampshire');

    const later = await (await PageSession.signedIn(t.app, bothTeams)).get('/screening');
    expect(shows(later.body, hampshire.id), 'remembered on the server').toBe(true);
    expect(shows(later.body, lancashire.id)).toBe(true);
    expect(later.body).toMatch(/<option value="all" selected/);
  });

  it('caseload: all episodes at every team of the user, counted as the two teams are, never the restricted one', async () => {
    const page = await PageSession.signedIn(t.app, bothTeams);
    const l = await page.get(`/caseload?site=${L}&show=all`);
    const h = await page.get(`/caseload?site=${H}&show=all`);
    const all = await page.get('/caseload?site=all&show=all');
    expect(all.statusCode).toBe(200);
    expect(shows(all.body, lancashireEpisode.id)).toBe(true);
    expect(shows(all.body, hampshireEpisode.id)).toBe(true);
    expect(shows(all.body, restrictedEpisode.id)).toBe(false);
    expect(all.body).not.toContain(restrictedEpisode.reference);
    expect(counted(all.body, EPISODES)).toBe(counted(l.body, EPISODES) + counted(h.body, EPISODES));
    expect(all.body).toContain('All your teams');
    // Remembered: the caseload opens on all the user's teams next time.
    const mine = await page.get('/caseload');
    expect(shows(mine.body, lancashireEpisode.id) && shows(mine.body, hampshireEpisode.id)).toBe(true);
  });

  it('worklist: one team when chosen and remembered; all teams lists both without the restricted case', async () => {
    const page = await PageSession.signedIn(t.app, bothTeams);
    const ahead = 'view=team&asOf-day=1&asOf-month=6&asOf-year=2027';
    const all = await page.get(`/worklist?site=all&${ahead}`);
    expect(all.statusCode).toBe(200);
    expect(shows(all.body, lancashire.id) || shows(all.body, lancashireEpisode.id)).toBe(true);
    expect(shows(all.body, hampshire.id) || shows(all.body, hampshireEpisode.id)).toBe(true);
    expect(shows(all.body, restricted.id) || shows(all.body, restrictedEpisode.id)).toBe(false);
    expect(all.body).not.toContain(restricted.reference);
    const total = (body: string) => Number(/Team: (\d+) items?/.exec(body)?.[1] ?? 'NaN');
    const l = await page.get(`/worklist?site=${L}&${ahead}`);
    const h = await page.get(`/worklist?site=${H}&${ahead}`);
    expect(total(all.body)).toBe(total(l.body) + total(h.body));
    // The last choice (Hampshire) is what the worklist opens on next.
    const next = await page.get(`/worklist?${ahead}`);
    expect(shows(next.body, hampshireEpisode.id)).toBe(true);
    expect(shows(next.body, lancashireEpisode.id)).toBe(false);
    expect(next.body).toMatch(new RegExp(`<option value="${H}" selected`));
  });

  it("the team's referrals: remembered apart from the other lists", async () => {
    const page = await PageSession.signedIn(t.app, bothTeams);
    await page.get(`/referrals/team?site=${H}`);
    const again = await page.get('/referrals/team');
    expect(shows(again.body, hampshire.id)).toBe(true);
    expect(shows(again.body, lancashire.id)).toBe(false);
    // The screening queue kept its own choice (all teams, above).
    const queue = await page.get('/screening');
    expect(shows(queue.body, lancashire.id) && shows(queue.body, hampshire.id)).toBe(true);
  });

  it('each choice is audited once, when it changes', async () => {
    const rows = await t.services.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'preference.team_chosen'), eq(auditEvents.recordId, bothTeams.viewer.id)));
    const lists = rows.map((r) => (JSON.parse(r.details) as { list: string }).list);
    expect(lists.filter((l) => l === 'screening')).toHaveLength(2);
    expect(lists).toContain('caseload');
    expect(lists).toContain('worklist');
    expect(lists).toContain('referrals');
  });

  it('a user who works at one site sees no choice of team on any list, and "all" shows only their site', async () => {
    const page = await PageSession.signedIn(t.app, oneTeam);
    for (const url of ['/screening?site=all', '/caseload?site=all&show=all', '/worklist?site=all', '/referrals/team']) {
      const res = await page.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('All your teams');
      expect(res.body, url).not.toContain('name="site"');
      expect(shows(res.body, hampshire.id) || shows(res.body, hampshireEpisode.id), url).toBe(false);
    }
  });

  it('the API: the caseload takes site=all; referrals and episodes without a site cover every site of the caller', async () => {
    const caseload = await t.api(bothTeams.token, { method: 'GET', url: '/api/v1/caseload?site=all&worker=all' });
    expect(caseload.statusCode, caseload.body).toBe(200);
    const episodeIds = caseload.json<{ items: { episodeId: string }[] }>().items.map((i) => i.episodeId);
    expect(episodeIds).toEqual(expect.arrayContaining([lancashireEpisode.id, hampshireEpisode.id]));
    expect(episodeIds).not.toContain(restrictedEpisode.id);
    const referrals = await t.api(bothTeams.token, { method: 'GET', url: '/api/v1/referrals' });
    const referralIds = referrals.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(referralIds).toEqual(expect.arrayContaining([lancashire.id, hampshire.id]));
    expect(referralIds).not.toContain(restricted.id);
    const episodes = await t.api(bothTeams.token, { method: 'GET', url: '/api/v1/episodes' });
    const ids = episodes.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([lancashireEpisode.id, hampshireEpisode.id]));
    expect(ids).not.toContain(restrictedEpisode.id);
  });

  it('the API: site=all on the referrals, episodes and worklist lists is the same as no site (API.md keeps site=CODE)', async () => {
    for (const [path, key] of [
      ['/api/v1/referrals', 'id'],
      ['/api/v1/episodes', 'id'],
      [`/api/v1/worklist?asOf=${encodeURIComponent('2027-06-01T09:00:00Z')}`, 'referralId'],
    ] as const) {
      const join = path.includes('?') ? '&' : '?';
      const none = await t.api(bothTeams.token, { method: 'GET', url: path });
      const all = await t.api(bothTeams.token, { method: 'GET', url: `${path}${join}site=all` });
      expect(all.statusCode, all.body).toBe(200);
      const listed = (res: typeof all) => res.json<{ items: Record<string, string>[] }>().items.map((i) => i[key]);
      expect(listed(all)).toEqual(listed(none));
      expect(listed(all)).not.toContain(restricted.id);
      expect(listed(all)).not.toContain(restrictedEpisode.referralId);
    }
    const worklist = await t.api(bothTeams.token, {
      method: 'GET',
      url: `/api/v1/worklist?site=all&asOf=${encodeURIComponent('2027-06-01T09:00:00Z')}`,
    });
    const sites = new Set(worklist.json<{ items: { siteCode: string }[] }>().items.map((i) => i.siteCode));
    expect([...sites].sort()).toEqual([H, L].sort());
  });
});
