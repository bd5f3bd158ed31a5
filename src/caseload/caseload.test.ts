// The caseload (issue "Allocation and caseload"): a worker's own cases as lead or co-worker, the whole site,
// phase and release, last contact with did-not-attends, next action, sorting by any column, paging, and
// need-to-know; as JSON and as the page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { episodes, people, planActions, planGoals, referrals, userSites } from '../db/schema.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { anOpenEpisode, type OpenEpisode, SITES } from '../../test/support/factories.ts';

const SITE = SITES.eastOfEngland;
const PAGED = SITES.hampshire;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let alex: TestUser;
let blake: TestUser;
let paged: TestUser;
let e1: OpenEpisode;
let e2: OpenEpisode;
let e3: OpenEpisode;
let e4: OpenEpisode;

const who = () => ({ referrer, manager });
type Row = {
  episodeId: string;
  name: string;
  status: string;
  coWorkerRole: string | null;
  lastContact: { outcome: string } | null;
  didNotAttendLast30Days: number;
  nextAction: { description: string; dueOn: string | null } | null;
  expectedReleaseDate: string | null;
  releasedOn: string | null;
};
async function caseload(
  user: TestUser,
  query: string,
): Promise<{ items: Row[]; total: number; page: number; pages: number; sort: string }> {
  const res = await t.api(user.token, { method: 'GET', url: `/api/v1/caseload?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const ids = (c: { items: Row[] }) => c.items.map((i) => i.episodeId);

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

/** Many episodes straight into the database (copies of one real referral), for paging. */
async function manyEpisodes(count: number, lead: TestUser) {
  const template = await anOpenEpisode(t, who(), PAGED, { lead });
  const [row] = await t.services.db.select().from(referrals).where(eq(referrals.id, template.referralId));
  for (let i = 1; i < count; i++) {
    const personId = randomUUID();
    const referralId = randomUUID();
    await t.services.db.insert(people).values({
      id: personId,
      givenName: 'Page',
      familyName: `Person ${String(i).padStart(3, '0')}`,
      dateOfBirth: '1980-01-01',
      createdAt: t.clock.now,
    });
    await t.services.db.insert(referrals).values({ ...row!, id: referralId, reference: `PAGE-${i}`, personId });
    await t.services.db.insert(episodes).values({
      id: randomUUID(),
      referralId,
      personId,
      siteCode: PAGED,
      leadWorkerId: lead.viewer.id,
      openedOn: '2026-11-10',
      openedBy: manager.viewer.id,
      updatedAt: t.clock.now,
    });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'HMP Norwich healthcare' });
  manager = await t.user('manager', { sites: [SITE, PAGED] });
  alex = await t.user('practitioner', { sites: [SITE] });
  blake = await t.user('practitioner', { sites: [SITE] });
  paged = await t.user('practitioner', { sites: [PAGED] });
  e1 = await anOpenEpisode(t, who(), SITE, { lead: alex });
  e2 = await anOpenEpisode(t, who(), SITE, { lead: blake });
  e3 = await anOpenEpisode(t, who(), SITE, { lead: blake });
  e4 = await anOpenEpisode(t, who(), SITE, { lead: null });
  expect(
    (
      await t.api(manager.token, {
        method: 'POST',
        url: `/api/v1/episodes/${e2.id}/co-workers`,
        payload: { userId: alex.viewer.id, role: 'peer support worker' },
      })
    ).statusCode,
  ).toBe(201);
  for (const [at, outcome] of [
    ['2026-11-10T07:00:00Z', 'attended'],
    ['2026-11-10T08:00:00Z', 'did_not_attend'],
  ] as const) {
    const res = await t.api(alex.token, {
      method: 'POST',
      url: `/api/v1/episodes/${e1.id}/contacts`,
      payload: { at, type: 'in_prison', outcome },
    });
    expect(res.statusCode).toBe(201);
  }
  const goalId = randomUUID();
  await t.services.db.insert(planGoals).values({
    id: goalId,
    episodeId: e2.id,
    needDomain: 'housing',
    description: 'Somewhere to live on release',
    createdBy: blake.viewer.id,
    createdAt: t.clock.now,
    updatedAt: t.clock.now,
  });
  await t.services.db.insert(planActions).values([
    {
      id: randomUUID(),
      goalId,
      episodeId: e2.id,
      description: 'Housing referral to the council',
      ownerKind: 'team_member',
      ownerUserId: blake.viewer.id,
      dueOn: '2026-11-20',
      status: 'not_started',
      createdBy: blake.viewer.id,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
    },
    {
      id: randomUUID(),
      goalId,
      episodeId: e2.id,
      description: 'Already done',
      ownerKind: 'person',
      dueOn: '2026-11-12',
      status: 'done',
      createdBy: blake.viewer.id,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
    },
  ]);
});
afterAll(() => t.close());

describe('GET /api/v1/caseload', () => {
  it('lists the worker’s own cases, as lead worker or co-worker, by default', async () => {
    const mine = await caseload(alex, `site=${SITE}`);
    expect(ids(mine).sort()).toEqual([e1.id, e2.id].sort());
    expect(mine.items.find((i) => i.episodeId === e2.id)!.coWorkerRole).toBe('peer support worker');
    expect(ids(await caseload(manager, `site=${SITE}&worker=${blake.viewer.id}`)).sort()).toEqual(
      [e2.id, e3.id].sort(),
    );
    expect(ids(await caseload(alex, `site=${SITE}&worker=all`)).sort()).toEqual([e1.id, e2.id, e3.id, e4.id].sort());
  });

  it('shows the last contact, did-not-attends in 30 days, and the next open action', async () => {
    const rows = (await caseload(alex, `site=${SITE}`)).items;
    expect(rows.find((i) => i.episodeId === e1.id)).toMatchObject({
      lastContact: { outcome: 'did_not_attend' },
      didNotAttendLast30Days: 1,
      nextAction: null,
    });
    expect(rows.find((i) => i.episodeId === e2.id)).toMatchObject({
      lastContact: null,
      nextAction: { description: 'Housing referral to the council', dueOn: '2026-11-20' },
    });
  });

  it('sorts by any column, ascending or descending', async () => {
    const byName = await caseload(manager, `site=${SITE}&worker=all&sort=person`);
    const names = byName.items.map((i) => i.name.split(' ').at(-1)!.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(byName.sort).toBe('person');
    expect(ids(await caseload(manager, `site=${SITE}&worker=all&sort=-person`))).toEqual(ids(byName).reverse());
    const byRelease = (await caseload(manager, `site=${SITE}&worker=all&sort=release`)).items.map(
      (i) => i.expectedReleaseDate!,
    );
    expect(byRelease).toEqual([...byRelease].sort());
    const byAction = await caseload(manager, `site=${SITE}&worker=all&sort=nextAction`);
    expect(byAction.items[0]!.episodeId).toBe(e2.id);
    const byContact = await caseload(manager, `site=${SITE}&worker=all&sort=-lastContact`);
    expect(byContact.items[0]!.episodeId).toBe(e1.id);
    const byLead = await caseload(manager, `site=${SITE}&worker=all&sort=lead`);
    expect(byLead.items.at(-1)!.episodeId).toBe(e4.id);
  });

  it('puts released episodes after those still before release when sorted by phase', async () => {
    const released = await t.api(alex.token, {
      method: 'POST',
      url: `/api/v1/episodes/${e1.id}/release`,
      payload: { releasedOn: '2026-11-10', releasedFrom: 'prison' },
    });
    expect(released.statusCode).toBe(200);
    const byPhase = await caseload(manager, `site=${SITE}&worker=all&sort=phase`);
    expect(byPhase.items.at(-1)).toMatchObject({ episodeId: e1.id, status: 'post_release', releasedOn: '2026-11-10' });
    expect(ids(await caseload(manager, `site=${SITE}&worker=all&sort=-phase`))[0]).toBe(e1.id);
  });

  it('leaves closed episodes out unless asked', async () => {
    const closed = await t.api(blake.token, {
      method: 'POST',
      url: `/api/v1/episodes/${e3.id}/close`,
      payload: { reason: 'support_completed', summary: 'Goals met.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(ids(await caseload(blake, `site=${SITE}`))).toEqual([e2.id]);
    const all = await caseload(blake, `site=${SITE}&closed=include&sort=phase`);
    expect(all.items.at(-1)).toMatchObject({ episodeId: e3.id, status: 'closed' });
  });

  it('answers 400 for a bad sort, worker or page, and 403 outside the caller’s sites', async () => {
    for (const q of ['sort=age', 'worker=someone', 'page=0', 'page=x', 'closed=maybe']) {
      const res = await t.api(alex.token, { method: 'GET', url: `/api/v1/caseload?site=${SITE}&${q}` });
      expect(res.statusCode, q).toBe(400);
    }
    expect((await t.api(alex.token, { method: 'GET', url: `/api/v1/caseload?site=${PAGED}` })).statusCode).toBe(403);
    expect((await t.api(referrer.token, { method: 'GET', url: '/api/v1/caseload' })).statusCode).toBe(403);
  });

  it('answers 401 to a caller with no token, and sends a page visitor to sign in', async () => {
    expect((await t.api(undefined, { method: 'GET', url: `/api/v1/caseload?site=${SITE}` })).statusCode).toBe(401);
    const page = await t.app.inject({ method: 'GET', url: `/caseload?site=${SITE}` });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in/);
  });

  it('pages 50 at a time', async () => {
    await manyEpisodes(55, paged);
    const first = await caseload(paged, `site=${PAGED}&sort=person`);
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2 });
    expect(first.items).toHaveLength(50);
    const second = await caseload(paged, `site=${PAGED}&sort=person&page=2`);
    expect(second.items).toHaveLength(5);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(55);
    // Past the end: the first page again.
    expect((await caseload(paged, `site=${PAGED}&page=9`)).page).toBe(1);
  });
});

describe('the caseload page', () => {
  it('shows the worker’s cases with the did-not-attend tag, the next action, and sortable headings', async () => {
    const page = await signedIn(alex);
    const res = await page.get(`/caseload?site=${SITE}`);
    expect(res.statusCode).toBe(200);
    const rows = [...res.body.matchAll(/data-qa="caseload-row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows).toHaveLength(2);
    const first = rows.find((r) => r.includes(e1.id))!;
    expect(first).toContain(e1.reference);
    expect(first).toMatch(/data-qa="dna"[^>]*>\s*Did not attend/);
    expect(first).toContain('1 did not attend in 30 days');
    expect(first).toContain('(you)');
    const second = rows.find((r) => r.includes(e2.id))!;
    expect(second).toContain('Housing referral to the council');
    expect(second).toContain('Due 20 November 2026');
    expect(second).toContain('Co-worker: peer support worker');
    expect(res.body).toMatch(/aria-sort="ascending" data-qa="sort-release"/);
    expect(res.body).toMatch(
      /aria-sort="none" data-qa="sort-person">\s*<a href="\/caseload\?site=reconnect-east-of-england&amp;sort=person"/,
    );
    const sorted = await page.get(`/caseload?site=${SITE}&sort=-person`);
    expect(sorted.body).toMatch(
      /aria-sort="descending" data-qa="sort-person">\s*<a href="\/caseload\?site=reconnect-east-of-england&amp;sort=person"/,
    );
  });

  it('shows the whole site, and pages with links', async () => {
    const page = await signedIn(alex);
    const all = await page.get(`/caseload?site=${SITE}&show=all`);
    expect(all.body).toContain(e4.id);
    expect(all.body).toContain('Not allocated');
    const p = await signedIn(paged);
    const first = await p.get(`/caseload?site=${PAGED}&sort=person`);
    expect([...first.body.matchAll(/data-qa="caseload-row"/g)]).toHaveLength(50);
    expect(first.body).toContain('data-qa="pagination"');
    expect(first.body).toContain('href="/caseload?site=reconnect-hampshire&amp;sort=person&amp;page=2"');
    const second = await p.get(`/caseload?site=${PAGED}&sort=person&page=2`);
    expect([...second.body.matchAll(/data-qa="caseload-row"/g)]).toHaveLength(5);
    expect(second.body).toContain('(page 2 of 2)');
  });
});

describe('another worker’s caseload (issue 14)', () => {
  it('names only a practitioner or manager of one of the viewer’s sites; anyone else is no such worker', async () => {
    // A worker who led an episode here and has since moved to another team: no longer one of alex's colleagues.
    const mover = await t.user('practitioner', { sites: [SITE] });
    const led = await anOpenEpisode(t, who(), SITE, { lead: mover });
    await t.services.db.delete(userSites).where(eq(userSites.userId, mover.viewer.id));
    await t.services.db.insert(userSites).values({ userId: mover.viewer.id, siteCode: PAGED });

    const page = await signedIn(alex);
    const colleague = await page.get(`/caseload?site=${SITE}&worker=${blake.viewer.id}`);
    expect(colleague.statusCode).toBe(200);
    expect(colleague.body).toContain(`Caseload of ${blake.viewer.name}`);
    expect(colleague.body).toContain(e2.id);

    for (const someone of [mover.viewer.id, referrer.viewer.id, randomUUID()]) {
      const res = await page.get(`/caseload?site=${SITE}&worker=${someone}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Caseload of a worker');
      expect(res.body).not.toContain(mover.viewer.name);
      expect(res.body).not.toContain(referrer.viewer.name);
      expect(res.body).toContain('data-qa="caseload-empty"');
      expect(res.body).not.toContain(led.id);
      expect((await caseload(alex, `site=${SITE}&worker=${someone}`)).items).toEqual([]);
    }

    // Their manager keeps both teams, so still sees the mover's caseload by name.
    const boss = await signedIn(manager);
    const moved = await boss.get(`/caseload?site=${SITE}&worker=${mover.viewer.id}`);
    expect(moved.body).toContain(`Caseload of ${mover.viewer.name}`);
    expect(moved.body).toContain(led.id);
    expect(ids(await caseload(manager, `site=${SITE}&worker=${mover.viewer.id}`))).toEqual([led.id]);
  });
});
