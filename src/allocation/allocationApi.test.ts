// docs/api/allocation.md: allocating a lead worker (managers; a practitioner takes an unallocated case),
// co-workers with history, the team view with loads against the site's maximum, and need-to-know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';

const ER = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let sam: TestUser;
let kim: TestUser;
let busy: TestUser;
let otherManager: TestUser;
let hampshirePractitioner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  manager = await staffAt(t, ER, 'manager');
  sam = await staffAt(t, ER);
  kim = await staffAt(t, ER);
  busy = await staffAt(t, ER);
  otherManager = await staffAt(t, SITES.hampshire, 'manager');
  hampshirePractitioner = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

const who = () => ({ referrer, manager });
function allocate(user: TestUser, id: string, leadWorkerId: string | null, version?: number | string) {
  return t.api(user.token, {
    method: 'PUT',
    url: `/api/v1/episodes/${id}/allocation`,
    payload: { leadWorkerId },
    headers: version === undefined ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version },
  });
}
function addCoWorker(user: TestUser, id: string, payload: object) {
  return t.api(user.token, { method: 'POST', url: `/api/v1/episodes/${id}/co-workers`, payload });
}
async function timeline(id: string): Promise<string[]> {
  const res = await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${id}/timeline` });
  return res.json().items.map((i: { summary: string }) => i.summary);
}

describe('PUT /api/v1/episodes/:id/allocation', () => {
  let episode: OpenEpisode;
  beforeAll(async () => {
    episode = await anOpenEpisode(t, who(), ER);
  });

  it('lets a manager allocate a lead worker, with the episode, a new ETag, the timeline and the audit trail', async () => {
    const res = await allocate(manager, episode.id, sam.viewer.id, episode.version);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${episode.version + 1}"`);
    expect(res.json()).toMatchObject({
      id: episode.id,
      leadWorkerId: sam.viewer.id,
      version: episode.version + 1,
      caseloadWarning: null,
      status: 'pre_release',
    });
    expect(await timeline(episode.id)).toContain(`Allocated to ${sam.viewer.name} as lead worker.`);
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'episode.allocated'), eq(auditEvents.recordId, episode.id)));
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!.details)).toMatchObject({
      before: { leadWorkerId: manager.viewer.id },
      after: { leadWorkerId: sam.viewer.id },
    });
    episode.version += 1;
  });

  it('needs If-Match (428), refuses a stale one (412) and answers 400 for a bad body or a lead who is not staff of the site', async () => {
    expect((await allocate(manager, episode.id, kim.viewer.id)).statusCode).toBe(428);
    expect((await allocate(manager, episode.id, kim.viewer.id, episode.version - 1)).statusCode).toBe(412);
    const notStaff = await allocate(manager, episode.id, hampshirePractitioner.viewer.id, episode.version);
    expect(notStaff.statusCode).toBe(400);
    expect(notStaff.json().errors).toEqual([
      { field: 'leadWorkerId', message: expect.stringContaining('practitioner or manager') },
    ]);
    expect((await allocate(manager, episode.id, referrer.viewer.id, episode.version)).statusCode).toBe(400);
    const bad = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/allocation`,
      payload: { leadWorkerId: 'sam' },
      headers: { 'if-match': `"${episode.version}"` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('leadWorkerId');
    const missing = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/allocation`,
      payload: {},
      headers: { 'if-match': `"${episode.version}"` },
    });
    expect(missing.statusCode).toBe(400);
  });

  it('lets a practitioner take an unallocated episode for themselves, and nothing else', async () => {
    expect((await allocate(kim, episode.id, kim.viewer.id, episode.version)).statusCode).toBe(403);
    const unallocated = await allocate(manager, episode.id, null, episode.version);
    expect(unallocated.statusCode).toBe(200);
    expect(unallocated.json().leadWorkerId).toBeNull();
    expect(await timeline(episode.id)).toContain(
      `${sam.viewer.name} is no longer the lead worker: the episode is unallocated.`,
    );
    episode.version += 1;
    expect((await allocate(kim, episode.id, sam.viewer.id, episode.version)).statusCode).toBe(403);
    const taken = await allocate(kim, episode.id, kim.viewer.id, episode.version);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().leadWorkerId).toBe(kim.viewer.id);
    episode.version += 1;
  });

  it('is 404 for an episode the caller may not see, and 403 for the referrer who may see but not allocate it', async () => {
    expect((await allocate(otherManager, episode.id, otherManager.viewer.id, episode.version)).statusCode).toBe(404);
    expect((await allocate(manager, '00000000-0000-4000-8000-000000000000', null, 1)).statusCode).toBe(404);
    expect((await allocate(referrer, episode.id, null, episode.version)).statusCode).toBe(403);
  });

  it('warns, without refusing, when the new lead goes over the site’s maximum (10 for Enhanced RECONNECT)', async () => {
    for (let i = 0; i < 10; i++) await anOpenEpisode(t, who(), ER, { lead: busy });
    const eleventh = await anOpenEpisode(t, who(), ER);
    const res = await allocate(manager, eleventh.id, busy.viewer.id, eleventh.version);
    expect(res.statusCode).toBe(200);
    expect(res.json().leadWorkerId).toBe(busy.viewer.id);
    expect(res.json().caseloadWarning).toBe(
      `${busy.viewer.name} now leads 11 open episodes of care, more than this site's maximum of 10 per worker.`,
    );
    const team = (await t.api(manager.token, { method: 'GET', url: `/api/v1/team?site=${ER}` })).json();
    expect(team.workers.find((w: { id: string }) => w.id === busy.viewer.id)).toMatchObject({
      count: 11,
      max: 10,
      over: true,
      text: '11 of 10',
    });
  });
});

describe('co-workers', () => {
  let episode: OpenEpisode;
  beforeAll(async () => {
    episode = await anOpenEpisode(t, who(), ER, { lead: sam });
  });

  it('adds a co-worker with their part, on the timeline, and lists them', async () => {
    const res = await addCoWorker(manager, episode.id, { userId: kim.viewer.id, role: 'psychologist' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      episodeId: episode.id,
      userId: kim.viewer.id,
      name: kim.viewer.name,
      role: 'psychologist',
      active: true,
      removedAt: null,
    });
    expect(await timeline(episode.id)).toContain(`${kim.viewer.name} joined as psychologist.`);
    const listed = await t.api(sam.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/co-workers` });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(1);
  });

  it('refuses a second allocation of the same worker, the lead worker, and someone who is not staff of the site', async () => {
    expect((await addCoWorker(sam, episode.id, { userId: kim.viewer.id, role: 'nurse' })).statusCode).toBe(409);
    expect((await addCoWorker(manager, episode.id, { userId: sam.viewer.id, role: 'nurse' })).statusCode).toBe(409);
    const outsider = await addCoWorker(manager, episode.id, { userId: hampshirePractitioner.viewer.id, role: 'nurse' });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0].field).toBe('userId');
    const empty = await addCoWorker(manager, episode.id, { userId: busy.viewer.id, role: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('role');
  });

  it('lets only managers and the lead worker change the team', async () => {
    expect(
      (await addCoWorker(busy, episode.id, { userId: busy.viewer.id, role: 'peer support worker' })).statusCode,
    ).toBe(403);
    expect(
      (await addCoWorker(sam, episode.id, { userId: busy.viewer.id, role: 'peer support worker' })).statusCode,
    ).toBe(201);
  });

  it('ends an allocation, keeping it as history', async () => {
    const [kimRow] = (await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/co-workers` }))
      .json()
      .items.filter((c: { userId: string }) => c.userId === kim.viewer.id);
    expect(
      (await t.api(busy.token, { method: 'DELETE', url: `/api/v1/episodes/${episode.id}/co-workers/${kimRow.id}` }))
        .statusCode,
    ).toBe(403);
    const removed = await t.api(manager.token, {
      method: 'DELETE',
      url: `/api/v1/episodes/${episode.id}/co-workers/${kimRow.id}`,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ id: kimRow.id, active: false, removedBy: manager.viewer.id });
    expect(
      (await t.api(manager.token, { method: 'DELETE', url: `/api/v1/episodes/${episode.id}/co-workers/${kimRow.id}` }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.api(manager.token, { method: 'DELETE', url: `/api/v1/episodes/${episode.id}/co-workers/not-an-id` }))
        .statusCode,
    ).toBe(404);
    const items = (
      await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/co-workers` })
    ).json().items;
    expect(items.map((c: { userId: string; active: boolean }) => [c.userId, c.active])).toEqual(
      expect.arrayContaining([
        [kim.viewer.id, false],
        [busy.viewer.id, true],
      ]),
    );
    expect(await timeline(episode.id)).toContain(`${kim.viewer.name} is no longer a co-worker (psychologist).`);
    // Kim may join again later: a new allocation, the old one stays in the history.
    expect((await addCoWorker(manager, episode.id, { userId: kim.viewer.id, role: 'psychologist' })).statusCode).toBe(
      201,
    );
  });

  it('makes a co-worker who becomes the lead stop being a co-worker', async () => {
    const res = await allocate(
      manager,
      episode.id,
      busy.viewer.id,
      (await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}` })).json().version,
    );
    expect(res.statusCode).toBe(200);
    const items = (
      await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/co-workers` })
    ).json().items;
    expect(items.filter((c: { userId: string; active: boolean }) => c.userId === busy.viewer.id && c.active)).toEqual(
      [],
    );
  });
});

describe('GET /api/v1/team', () => {
  it('gives each worker’s load against the maximum, co-working and the unallocated episodes', async () => {
    const unallocated = await anOpenEpisode(t, who(), ER, { lead: null });
    const res = await t.api(manager.token, { method: 'GET', url: `/api/v1/team?site=${ER}` });
    expect(res.statusCode).toBe(200);
    const team = res.json();
    expect(team).toMatchObject({ site: ER, maxCaseloadPerWorker: 10 });
    expect(team.unallocatedCount).toBeGreaterThanOrEqual(1);
    expect(team.unallocated.map((u: { episodeId: string }) => u.episodeId)).toContain(unallocated.id);
    expect(team.workers.find((w: { id: string }) => w.id === kim.viewer.id)).toMatchObject({
      coWorkingCount: 1,
      max: 10,
      over: false,
    });
  });

  it('counts only open cases: a closed one leaves the loads and the unallocated list, and comes back reopened', async () => {
    const team = async () => (await t.api(manager.token, { method: 'GET', url: `/api/v1/team?site=${ER}` })).json();
    const loadOf = async (user: TestUser) =>
      (await team()).workers.find((w: { id: string }) => w.id === user.viewer.id)?.count ?? 0;
    const led = await anOpenEpisode(t, who(), ER, { lead: busy });
    const unallocated = await anOpenEpisode(t, who(), ER, { lead: null });
    const before = { load: await loadOf(busy), unallocated: (await team()).unallocatedCount };
    for (const episode of [led, unallocated]) {
      const closed = await t.api(manager.token, {
        method: 'POST',
        url: `/api/v1/episodes/${episode.id}/close`,
        payload: { reason: 'moved_and_transferred', summary: 'Left the area.' },
      });
      expect(closed.statusCode, closed.body).toBe(200);
    }
    const closedTeam = await team();
    expect(await loadOf(busy)).toBe(before.load - 1);
    expect(closedTeam.unallocatedCount).toBe(before.unallocated - 1);
    expect(closedTeam.unallocated.map((u: { episodeId: string }) => u.episodeId)).not.toContain(unallocated.id);
    for (const episode of [led, unallocated]) {
      const reopened = await t.api(manager.token, {
        method: 'POST',
        url: `/api/v1/episodes/${episode.id}/reopen`,
        payload: { reason: 'Came back to the area.' },
      });
      expect(reopened.statusCode, reopened.body).toBe(200);
    }
    expect(await loadOf(busy)).toBe(before.load);
    expect((await team()).unallocated.map((u: { episodeId: string }) => u.episodeId)).toContain(unallocated.id);
  });

  it('is for the site’s managers only', async () => {
    expect((await t.api(sam.token, { method: 'GET', url: `/api/v1/team?site=${ER}` })).statusCode).toBe(403);
    expect((await t.api(otherManager.token, { method: 'GET', url: `/api/v1/team?site=${ER}` })).statusCode).toBe(403);
    expect((await t.api(referrer.token, { method: 'GET', url: '/api/v1/team' })).statusCode).toBe(403);
  });
});

describe('need-to-know', () => {
  let restricted: OpenEpisode;
  beforeAll(async () => {
    restricted = await anOpenEpisode(t, who(), ER, { restricted: true, lead: manager });
  });

  it('keeps a restricted episode out of a practitioner’s caseload and loads, and refuses them as co-worker until granted', async () => {
    const all = await t.api(sam.token, { method: 'GET', url: `/api/v1/caseload?site=${ER}&worker=all` });
    expect(all.statusCode).toBe(200);
    expect(all.body).not.toContain(restricted.id);
    expect(all.body).not.toContain(restricted.reference);
    const mine = (await t.api(manager.token, { method: 'GET', url: `/api/v1/caseload?site=${ER}&worker=all` })).body;
    expect(mine).toContain(restricted.id);
    const joining = await addCoWorker(manager, restricted.id, { userId: sam.viewer.id, role: 'psychologist' });
    expect(joining.statusCode).toBe(409);
    expect(joining.json().errors[0].message).toContain('restricted');
    expect(
      (await t.api(sam.token, { method: 'GET', url: `/api/v1/episodes/${restricted.id}/co-workers` })).statusCode,
    ).toBe(404);
    expect((await allocate(sam, restricted.id, sam.viewer.id, restricted.version)).statusCode).toBe(404);
  });

  it('counts it in the manager’s team view, and a practitioner made lead worker sees it as theirs', async () => {
    const before = (await t.api(manager.token, { method: 'GET', url: `/api/v1/team?site=${ER}` })).json();
    const managerLoad = before.workers.find((w: { id: string }) => w.id === manager.viewer.id).count;
    const moved = await allocate(manager, restricted.id, sam.viewer.id, restricted.version);
    expect(moved.statusCode).toBe(200);
    const after = (await t.api(manager.token, { method: 'GET', url: `/api/v1/team?site=${ER}` })).json();
    expect(after.workers.find((w: { id: string }) => w.id === manager.viewer.id).count).toBe(managerLoad - 1);
    const samsOwn = await t.api(sam.token, { method: 'GET', url: `/api/v1/caseload?site=${ER}` });
    expect(samsOwn.body).toContain(restricted.id);
    // Kim, a practitioner of the same site, still finds no trace of it.
    expect(
      (await t.api(kim.token, { method: 'GET', url: `/api/v1/caseload?site=${ER}&worker=${sam.viewer.id}` })).body,
    ).not.toContain(restricted.id);
  });
});
