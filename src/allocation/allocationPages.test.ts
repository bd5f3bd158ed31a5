// The "Workers" part of an episode and the team view as the team uses them: loads beside each worker, the
// over-maximum warning, co-workers added and removed, a practitioner taking an unallocated case, stale forms,
// and need-to-know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';

const ER = SITES.birmingham;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let jo: TestUser;
let busy: TestUser;
let episode: OpenEpisode;
let unallocated: OpenEpisode;
let restricted: OpenEpisode;

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

const submit = (page: PageSession, from: string, url: string, form: Record<string, string>) =>
  page.submitFrom(from, url, form);

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation West Midlands' });
  manager = await staffAt(t, ER, 'manager');
  jo = await staffAt(t, ER);
  busy = await staffAt(t, ER);
  const who = { referrer, manager };
  for (let i = 0; i < 10; i++) await anOpenEpisode(t, who, ER, { lead: busy });
  episode = await anOpenEpisode(t, who, ER, { lead: jo });
  unallocated = await anOpenEpisode(t, who, ER, { lead: null });
  restricted = await anOpenEpisode(t, who, ER, { lead: manager, restricted: true });
});
afterAll(() => t.close());

describe('the Workers part of an episode', () => {
  it('shows each worker’s load against the maximum, in the episode’s part navigation', async () => {
    const page = await signedIn(manager);
    const res = await page.get(`/episodes/${episode.id}/allocation`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/href="\/episodes\/[^"]+\/allocation" aria-current="page">Workers/);
    expect(res.body).toContain('Leads 10 of 10 open episodes');
    expect(res.body).toContain('Leads 1 of 10 open episodes');
    expect(res.body).not.toContain('data-qa="caseload-warning"');
  });

  it('warns, after saving, when the lead worker is over the maximum', async () => {
    const page = await signedIn(manager);
    const url = `/episodes/${episode.id}/allocation`;
    const res = await submit(page, url, url, { leadWorkerId: busy.viewer.id });
    expect(res.statusCode).toBe(303);
    const shown = await page.get(res.headers.location as string);
    expect(shown.body).toContain('data-qa="caseload-warning"');
    expect(shown.body).toContain(
      `${busy.viewer.name} leads 11 open episodes of care, more than this site's maximum of 10 per worker.`,
    );
    expect(shown.body).toContain('The lead worker has been changed.');
  });

  it('says so when someone else changed the allocation first (412), and asks for a choice (400)', async () => {
    const page = await signedIn(manager);
    const url = `/episodes/${episode.id}/allocation`;
    const stale = await page.post(url, { version: '1', leadWorkerId: jo.viewer.id }, url);
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed who works on this episode after you opened it');
    const none = await page.post(url, { version: '1' }, url);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#leadWorkerId"');
  });

  it('adds a co-worker with a suggested role and removes them, kept as an earlier co-worker', async () => {
    const page = await signedIn(manager);
    const url = `/episodes/${episode.id}/allocation`;
    const form = await page.get(url);
    expect(form.body).toContain('<option value="mental health nurse">');
    const missing = await submit(page, url, `/episodes/${episode.id}/co-workers`, { userId: jo.viewer.id, role: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#coWorker-role"');
    const added = await submit(page, url, `/episodes/${episode.id}/co-workers`, {
      userId: jo.viewer.id,
      role: 'mental health nurse',
    });
    expect(added.statusCode).toBe(303);
    const shown = await page.get(url);
    const row = /data-qa="co-worker">([\s\S]*?)<\/tr>/.exec(shown.body)![1]!;
    expect(row).toContain(jo.viewer.name);
    expect(row).toContain('mental health nurse');
    const removeUrl = /action="(\/episodes\/[^"]+\/co-workers\/[^"]+\/remove)"/.exec(shown.body)![1]!;
    const removed = await submit(page, url, removeUrl, {});
    expect(removed.statusCode).toBe(303);
    const after = await page.get(url);
    expect(after.body).toContain('data-qa="no-co-workers"');
    expect(after.body).toContain('Earlier co-workers');
  });

  it('offers a practitioner an unallocated episode to take, and nothing to change on one led by someone else', async () => {
    const page = await signedIn(jo);
    const url = `/episodes/${unallocated.id}/allocation`;
    const shown = await page.get(url);
    expect(shown.body).toContain('data-qa="take"');
    expect(shown.body).not.toContain('data-qa="lead-form"');
    const taken = await submit(page, url, url, { leadWorkerId: jo.viewer.id });
    expect(taken.statusCode).toBe(303);
    const after = await page.get(url);
    expect(after.body).toMatch(/data-qa="lead-worker">[^<]*Test practitioner/);
    expect(after.body).not.toContain('data-qa="take"');
    expect(after.body).toContain('data-qa="co-worker-form"');
  });

  it('is "Page not found" for a restricted episode the practitioner may not see', async () => {
    const page = await signedIn(jo);
    const res = await page.get(`/episodes/${restricted.id}/allocation`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(restricted.reference);
  });
});

describe('the team view', () => {
  it('shows each worker’s load with an over-maximum tag, and the unallocated episodes with links to allocate', async () => {
    const extra = await anOpenEpisode(t, { referrer, manager }, ER, { lead: null });
    const page = await signedIn(manager);
    const res = await page.get(`/team?site=${ER}`);
    expect(res.statusCode).toBe(200);
    const rows = [...res.body.matchAll(/data-qa="worker">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    const busyRow = rows.find((r) => r.includes(busy.viewer.name))!;
    expect(busyRow).toContain('11 of 10');
    expect(busyRow).toContain('Over maximum');
    expect(busyRow).toContain(`/caseload?site=${ER}&amp;worker=${busy.viewer.id}`);
    expect(res.body).toContain('data-qa="over-warning"');
    expect(res.body).toContain('Not allocated (1)');
    expect(res.body).toContain(`href="/episodes/${extra.id}/allocation"`);
    // The manager sees the restricted episode they lead counted in their own load.
    expect(rows.find((r) => r.includes(manager.viewer.name))).toContain('1 of 10');
  });

  it('is for managers', async () => {
    const page = await signedIn(jo);
    expect((await page.get('/team')).statusCode).toBe(403);
  });

  it('keeps the restricted episode off a practitioner’s caseload of the whole site', async () => {
    const page = await signedIn(jo);
    const res = await page.get(`/caseload?site=${ER}&show=all`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(episode.id);
    expect(res.body).not.toContain(restricted.id);
    expect(res.body).not.toContain(restricted.reference);
  });
});
