// API.md "The safety-net worklist" over HTTP against a real database: site filter, looking ahead with
// asOf, 400s with field paths, who may use it, need-to-know (restricted records never appear for those
// who may not see them), "my items", and the pages with their navigation count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES } from '../../test/support/factories.ts';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { fictionalReferral, type ExampleKind } from '../demo/fictionalReferrals.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';

const ER = SITES.lancashire;
const RC = SITES.eastOfEngland;

let t: TestApp;
let referrer: TestUser;
let erPractitioner: TestUser;
let erManager: TestUser;
let rcPractitioner: TestUser;
let rcColleague: TestUser;
let seed = 4100;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation' });
  erPractitioner = await t.user('practitioner', { sites: [ER] });
  erManager = await t.user('manager', { sites: [ER] });
  rcPractitioner = await t.user('practitioner', { sites: [RC] });
  rcColleague = await t.user('practitioner', { sites: [RC] });
});
afterAll(() => t.close());

async function refer(
  site: string,
  kind: ExampleKind = 'eligible',
  expectedReleaseDate?: string,
): Promise<{ id: string; version: number }> {
  const body = fictionalReferral(site, seed++, t.clock.now, kind);
  if (expectedReleaseDate) body.custody = { ...body.custody, expectedReleaseDate };
  const made = await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
  expect(made.statusCode).toBe(201);
  return made.json();
}

const worklist = (user: TestUser, query = '') => t.api(user.token, { method: 'GET', url: `/api/v1/worklist${query}` });
type Item = {
  rule: string;
  severity: string;
  referralId: string;
  episodeId?: string;
  message: string;
  link: string;
  dueAt: string;
};
const itemsOf = async (user: TestUser, query = ''): Promise<Item[]> => {
  const res = await worklist(user, query);
  expect(res.statusCode).toBe(200);
  return res.json().items;
};
const at = (hoursFromNow: number) => new Date(t.clock.now.getTime() + hoursFromNow * 3_600_000).toISOString();

describe('GET /api/v1/worklist: screening', () => {
  it('shows screening due soon, then overdue as the manager looks ahead, for the site asked for', async () => {
    const { id } = await refer(ER);
    const now = await itemsOf(erPractitioner, `?site=${ER}`);
    expect(now.filter((i) => i.referralId === id)).toEqual([]); // 48 hours left
    const soon = await itemsOf(erPractitioner, `?site=${ER}&asOf=${encodeURIComponent(at(40))}`);
    expect(soon.find((i) => i.referralId === id)).toMatchObject({
      rule: 'screening_due_soon',
      severity: 'medium',
      link: `/referrals/${id}`,
    });
    const late = await itemsOf(erManager, `?site=${ER}&asOf=${encodeURIComponent(at(49))}`);
    expect(late.find((i) => i.referralId === id)).toMatchObject({ rule: 'screening_overdue', severity: 'high' });
    expect(
      (await itemsOf(rcPractitioner, `?asOf=${encodeURIComponent(at(49))}`)).some((i) => i.referralId === id),
    ).toBe(false);
  });

  it('clears an item once the cause is fixed: screened referrals leave the list', async () => {
    const { id, version } = await refer(ER);
    const decided = await t.api(erManager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${id}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(decided.statusCode).toBe(200);
    expect((await itemsOf(erManager, `?asOf=${encodeURIComponent(at(49))}`)).some((i) => i.referralId === id)).toBe(
      false,
    );
  });

  it('never shows a restricted referral to a practitioner who may not see it; the site manager sees it', async () => {
    const { id } = await refer(ER, 'automatic');
    const asOf = `?asOf=${encodeURIComponent(at(49))}`;
    expect((await itemsOf(erPractitioner, asOf)).some((i) => i.referralId === id)).toBe(false);
    expect((await itemsOf(erManager, asOf)).some((i) => i.referralId === id)).toBe(true);
    const body = (await worklist(erPractitioner, asOf)).body;
    expect(body).not.toContain(id);
  });

  it('offers the system digest every item of one site, restricted included (siteWorklist)', async () => {
    const { id } = await refer(ER, 'automatic');
    const items = await t.services.worklist.siteWorklist(t.services.db, ER, new Date(at(49)));
    expect(items.some((i) => i.referralId === id && i.rule === 'screening_overdue')).toBe(true);
  });
});

describe('GET /api/v1/worklist: episodes, looking ahead, my items', () => {
  it('shows release soon with the plan incomplete, and looks ahead to no contact for 14 days; "mine" is the lead worker’s', async () => {
    const today = londonDate(t.clock.now);
    const { id: referralId, version } = await refer(RC, 'eligible', addDaysIso(today, 10));
    expect(
      (
        await t.api(rcPractitioner.token, {
          method: 'POST',
          url: `/api/v1/referrals/${referralId}/screening`,
          payload: { decision: 'accept' },
          headers: { 'if-match': `"${version}"` },
        })
      ).statusCode,
    ).toBe(200);
    const opened = await t.api(rcPractitioner.token, {
      method: 'POST',
      url: '/api/v1/episodes',
      payload: { referralId },
    });
    expect(opened.statusCode).toBe(201);
    const episodeId = opened.json().id as string;
    const now = (await itemsOf(rcPractitioner, `?site=${RC}`)).filter((i) => i.episodeId === episodeId);
    expect(now.map((i) => i.rule)).toContain('release_plan_incomplete');
    expect(now.find((i) => i.rule === 'release_plan_incomplete')).toMatchObject({
      severity: 'high',
      link: `/episodes/${episodeId}/release-plan`,
    });
    expect(now.map((i) => i.rule)).not.toContain('no_recent_contact');
    const ahead = (await itemsOf(rcPractitioner, `?site=${RC}&asOf=${encodeURIComponent(at(15 * 24))}`)).filter(
      (i) => i.episodeId === episodeId,
    );
    expect(ahead.map((i) => i.rule)).toContain('no_recent_contact');

    const mine = await itemsOf(rcPractitioner, '?view=mine');
    expect(mine.some((i) => i.episodeId === episodeId)).toBe(true);
    expect(mine.every((i) => i.episodeId !== undefined)).toBe(true);
    expect((await itemsOf(rcColleague, '?view=mine')).some((i) => i.episodeId === episodeId)).toBe(false);
    expect((await itemsOf(rcColleague, `?site=${RC}`)).some((i) => i.episodeId === episodeId)).toBe(true);
  });

  it('audits each read of the worklist', async () => {
    await itemsOf(rcColleague, `?site=${RC}`);
    const rows = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'worklist.viewed'), eq(auditEvents.actorId, rcColleague.viewer.id)));
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('GET /api/v1/worklist: refusals', () => {
  it('401 without credentials', async () => {
    expect((await t.api(undefined, { method: 'GET', url: '/api/v1/worklist' })).statusCode).toBe(401);
  });

  it('400 naming the field for a bad asOf, an unknown site or view', async () => {
    const bad = await worklist(erManager, '?asOf=next-tuesday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('asOf');
    const noZone = await worklist(erManager, '?asOf=2026-11-17T09:00:00');
    expect(noZone.statusCode).toBe(400);
    const site = await worklist(erManager, '?site=nowhere');
    expect(site.statusCode).toBe(400);
    expect(site.json().errors[0].field).toBe('site');
    expect((await worklist(erManager, '?view=everything')).json().errors[0].field).toBe('view');
  });

  it('403 for another team’s site, and for roles that see no person-level records', async () => {
    expect((await worklist(rcPractitioner, `?site=${ER}`)).statusCode).toBe(403);
    for (const role of ['commissioner', 'researcher', 'admin'] as const) {
      const user = await t.user(role, { sites: [ER] });
      expect((await worklist(user)).statusCode).toBe(403);
    }
    expect((await worklist(referrer)).statusCode).toBe(403);
  });
});

describe('the worklist pages', () => {
  const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

  it('shows my items with a link to fix each, and the count of my high-severity items in the navigation', async () => {
    const page = await signedIn(rcPractitioner);
    const res = await page.get('/worklist');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('My items');
    expect(res.body).toMatch(/data-rule="release_plan_incomplete"/);
    expect(res.body).toMatch(/href="\/episodes\/[0-9a-f-]+\/release-plan"/);
    expect(res.body).toMatch(/Worklist \(\d+\)/);
  });

  it('groups the team’s items by rule with counts for a manager, and looks ahead to a date', async () => {
    const page = await signedIn(erManager);
    const ahead = new Date(at(49));
    const [year, month, day] = londonDate(ahead).split('-');
    const res = await page.get(`/worklist?view=rule&asOf-day=${day}&asOf-month=${month}&asOf-year=${year}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-qa="worklist-counts"');
    expect(res.body).toMatch(/data-rule="screening_overdue"/);
    expect(res.body).toContain('Looking ahead');
  });

  it('explains a date that is not real, linked to the field', async () => {
    const page = await signedIn(erManager);
    const res = await page.get('/worklist?asOf-day=31&asOf-month=2&asOf-year=2027');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#asOf-day"');
    expect(res.body).toContain('must be a real date');
  });

  it('hides restricted records from a practitioner’s team view', async () => {
    const { id } = await refer(ER, 'automatic');
    const page = await signedIn(erPractitioner);
    const [year, month, day] = londonDate(new Date(at(72))).split('-');
    const res = await page.get(`/worklist?view=team&asOf-day=${day}&asOf-month=${month}&asOf-year=${year}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(id);
  });

  it('refuses people who see no person-level records', async () => {
    const commissioner = await t.user('commissioner');
    const page = await signedIn(commissioner);
    expect((await page.get('/worklist')).statusCode).toBe(403);
  });
});

describe('GET /api/v1/worklist in pages', () => {
  it('gives the items a page at a time, most urgent first, with the total and the next page as of the same moment', async () => {
    for (let i = 0; i < 3; i++) await refer(ER);
    const ahead = `?site=${ER}&asOf=${encodeURIComponent(at(72))}`;
    const all = await itemsOf(erManager, ahead);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: Item[] = [];
    let next: string | undefined = `/api/v1/worklist${ahead}&limit=2`;
    while (next) {
      const res = await t.api(erManager.token, { method: 'GET', url: next });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: Item[]; total: number; next?: string }>();
      expect(body.total).toBe(all.length);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      next = body.next;
    }
    expect(seen).toEqual(all);
  });

  it('explains a page size or page it cannot use, with the field', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=two', 'limit'],
      ['?limit=10&page=0', 'page'],
      ['?page=2', 'limit'],
    ] as const) {
      const res = await worklist(erManager, query);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json()), query).toContain(field);
    }
  });
});

describe('GET /api/v1/worklist in pages: need-to-know', () => {
  it('counts in total only what the caller may see: a restricted referral is neither shown nor counted', async () => {
    const { id } = await refer(ER, 'automatic');
    const ahead = `?site=${ER}&asOf=${encodeURIComponent(at(72))}`;
    const paged = async (user: TestUser) => {
      const res = await worklist(user, `${ahead}&limit=500`);
      expect(res.statusCode).toBe(200);
      return res.json<{ items: Item[]; total: number }>();
    };
    const practitioner = await paged(erPractitioner);
    const manager = await paged(erManager);
    expect(practitioner.items.some((i) => i.referralId === id)).toBe(false);
    expect(practitioner.total).toBe((await itemsOf(erPractitioner, ahead)).length);
    expect(manager.items.some((i) => i.referralId === id)).toBe(true);
    expect(manager.total).toBeGreaterThan(practitioner.total);
    expect((await worklist(rcPractitioner, `${ahead}&limit=10`)).statusCode).toBe(403);
  });
});
