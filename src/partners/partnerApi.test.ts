// The partner directory, the network and partner notes (API.md
// "Partners, meetings and the chronology"), against a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { timelineEvents } from '../db/schema.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let referrer: TestUser;
let elsewhere: TestUser;
let admin: TestUser;
let commissioner: TestUser;
let episode: OpenEpisode;
let probationId: string;
let housingId: string;

const partner = (user: TestUser, payload: object) =>
  t.api(user.token, { method: 'POST', url: '/api/v1/partners', payload });
const onEpisode = (
  user: TestUser,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  payload?: object,
  headers = {},
) =>
  t.api(user.token, { method, url: `/api/v1/episodes/${episode.id}${path}`, ...(payload ? { payload } : {}), headers });
const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  elsewhere = await staffAt(t, SITES.hampshire);
  admin = await t.user('admin');
  commissioner = await t.user('commissioner');
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  probationId = (
    await partner(manager, { name: 'Blackpool Probation Delivery Unit', kind: 'probation', area: 'Blackpool' })
  ).json().id;
  housingId = (
    await partner(admin, { name: 'Blackpool Council Housing Options', kind: 'housing', area: 'Blackpool' })
  ).json().id;
});
afterAll(() => t.close());

describe('the partner directory', () => {
  it('is kept by managers and admins: 201 with the entry and its ETag', async () => {
    const res = await partner(manager, {
      name: 'Fylde Coast CMHT',
      kind: 'community_mental_health',
      area: 'Fylde',
      email: 'cmht@example.org',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Fylde Coast CMHT',
      kind: 'community_mental_health',
      version: 1,
      possibleDuplicates: [],
    });
    expect(res.headers.etag).toBe('"1"');
  });

  it('refuses practitioners, referrers and commissioners (403), and strangers (401)', async () => {
    for (const user of [practitioner, referrer, commissioner]) {
      expect((await partner(user, { name: 'X', kind: 'gp' })).statusCode).toBe(403);
    }
    expect(
      (await t.api(undefined, { method: 'POST', url: '/api/v1/partners', payload: { name: 'X', kind: 'gp' } }))
        .statusCode,
    ).toBe(401);
  });

  it('warns of a possible duplicate (similar name, same kind and area) and never merges', async () => {
    const res = await partner(manager, {
      name: 'Probation Delivery Unit, Blackpool',
      kind: 'probation',
      area: 'blackpool',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().possibleDuplicates).toEqual([
      { id: probationId, name: 'Blackpool Probation Delivery Unit', kind: 'probation', area: 'Blackpool' },
    ]);
    expect(res.json().id).not.toBe(probationId);
    const elsewhereArea = await partner(manager, {
      name: 'Blackpool Probation Delivery Unit',
      kind: 'probation',
      area: 'Preston',
    });
    expect(elsewhereArea.json().possibleDuplicates).toEqual([]);
  });

  it('answers 400 naming each field', async () => {
    const res = await partner(manager, { name: ' ', kind: 'bakery', email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
    expect(fields(res).sort()).toEqual(['email', 'kind', 'name']);
  });

  it('is searchable by words of the name or area, and by kind, for staff and admins', async () => {
    const res = await t.api(practitioner.token, { method: 'GET', url: '/api/v1/partners?q=blackpool%20housing' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([housingId]);
    const probation = await t.api(admin.token, { method: 'GET', url: '/api/v1/partners?kind=probation&q=BLACKPOOL' });
    expect(probation.json().items.every((p: { kind: string }) => p.kind === 'probation')).toBe(true);
    expect((await t.api(referrer.token, { method: 'GET', url: '/api/v1/partners' })).statusCode).toBe(403);
    expect((await t.api(admin.token, { method: 'GET', url: '/api/v1/partners?kind=bakery' })).statusCode).toBe(400);
  });

  it('changes an entry with If-Match: 412 when stale, 428 without', async () => {
    const made = (await partner(admin, { name: 'Renewal Substance Misuse', kind: 'substance_misuse' })).json();
    const body = { name: 'Renewal Substance Misuse Service', kind: 'substance_misuse', area: 'Lancashire' };
    const url = `/api/v1/partners/${made.id}`;
    expect((await t.api(manager.token, { method: 'PUT', url, payload: body })).statusCode).toBe(428);
    const ok = await t.api(manager.token, { method: 'PUT', url, payload: body, headers: { 'if-match': '"1"' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ area: 'Lancashire', version: 2 });
    expect(
      (await t.api(manager.token, { method: 'PUT', url, payload: body, headers: { 'if-match': '"1"' } })).statusCode,
    ).toBe(412);
    expect(
      (await t.api(manager.token, { method: 'GET', url: '/api/v1/partners/00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('the network around the person', () => {
  it('adds professionals for a period and lists current ones first', async () => {
    const past = await onEpisode(practitioner, 'POST', '/network', {
      partnerId: probationId,
      name: 'Chris Former',
      role: 'COM',
      from: '2026-01-05',
      to: '2026-06-30',
    });
    expect(past.statusCode, past.body).toBe(201);
    expect(past.json()).toMatchObject({
      role: 'com',
      current: false,
      organisation: 'Blackpool Probation Delivery Unit',
    });
    const now = await onEpisode(practitioner, 'POST', '/network', {
      partnerId: probationId,
      name: 'Sam Current',
      role: 'com',
      email: 'sam@example.org',
      from: '2026-07-01',
    });
    expect(now.statusCode).toBe(201);
    await onEpisode(practitioner, 'POST', '/network', {
      partnerId: housingId,
      name: 'Hana Housing',
      role: 'housing officer',
      from: '2026-11-01',
    });
    const list = await onEpisode(practitioner, 'GET', '/network');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((m: { name: string; current: boolean }) => [m.name, m.current])).toEqual([
      ['Hana Housing', true],
      ['Sam Current', true],
      ['Chris Former', false],
    ]);
  });

  it('gives the episode page and the release plan who to tell about a release', async () => {
    const current = await t.services.network.currentNetwork(t.services.db, practitioner.viewer, episode.id);
    expect(current.items.map((m) => m.name)).toEqual(['Hana Housing', 'Sam Current']);
    expect(current.tellAboutRelease.map((m) => m.roleText)).toEqual([
      'Housing officer',
      'Community offender manager (COM)',
    ]);
    const hidden = await t.services.network.currentNetwork(t.services.db, elsewhere.viewer, episode.id);
    expect(hidden.items).toEqual([]);
  });

  it('ends a professional’s period with If-Match, and 412 when stale', async () => {
    const member = (await onEpisode(practitioner, 'GET', '/network'))
      .json()
      .items.find((m: { name: string }) => m.name === 'Hana Housing');
    const url = `/network/${member.id}`;
    expect((await onEpisode(practitioner, 'PATCH', url, { to: '2026-11-09' })).statusCode).toBe(428);
    const early = await onEpisode(
      practitioner,
      'PATCH',
      url,
      { to: '2026-10-01' },
      { 'if-match': `"${member.version}"` },
    );
    expect(early.statusCode).toBe(400);
    expect(fields(early)).toEqual(['to']);
    const ended = await onEpisode(
      practitioner,
      'PATCH',
      url,
      { to: '2026-11-09' },
      { 'if-match': `"${member.version}"` },
    );
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ to: '2026-11-09', current: false });
    expect(
      (await onEpisode(practitioner, 'PATCH', url, { to: '2026-11-09' }, { 'if-match': `"${member.version}"` }))
        .statusCode,
    ).toBe(412);
  });

  it('answers 400 with field paths, 404 for other sites, 403 for the referrer', async () => {
    const bad = await onEpisode(practitioner, 'POST', '/network', {
      partnerId: 'nope',
      name: '',
      role: 'captain',
      from: '2026-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad).sort()).toEqual(['from', 'name', 'partnerId', 'role']);
    const unknown = await onEpisode(practitioner, 'POST', '/network', {
      partnerId: '00000000-0000-4000-8000-000000000000',
      name: 'N',
      role: 'gp',
      from: '2026-11-01',
    });
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown)).toEqual(['partnerId']);
    expect((await onEpisode(elsewhere, 'GET', '/network')).statusCode).toBe(404);
    expect(
      (
        await onEpisode(elsewhere, 'POST', '/network', {
          partnerId: probationId,
          name: 'N',
          role: 'gp',
          from: '2026-11-01',
        })
      ).statusCode,
    ).toBe(404);
    expect((await onEpisode(referrer, 'GET', '/network')).statusCode).toBe(403);
  });
});

describe('partner notes', () => {
  it('records what a partner said, placed where it happened however late it is entered', async () => {
    const res = await onEpisode(practitioner, 'POST', '/partner-notes', {
      partnerId: probationId,
      occurredAt: '2026-11-03T10:15:00Z',
      author: 'Sam Current',
      text: 'Approved premises place confirmed for release day.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      occurredAt: '2026-11-03T10:15:00.000Z',
      recordedAt: t.clock.now.toISOString(),
      recordedLater: true,
    });
    const [entry] = await t.services.db
      .select()
      .from(timelineEvents)
      .where(eq(timelineEvents.kind, 'partner_note.recorded'));
    expect(entry?.at.toISOString()).toBe('2026-11-03T10:15:00.000Z');
    const list = await onEpisode(practitioner, 'GET', '/partner-notes');
    expect(list.json().items[0]).toMatchObject({
      organisation: 'Blackpool Probation Delivery Unit',
      author: 'Sam Current',
    });
  });

  it('answers 400 for a time ahead and missing text, 404 for other sites', async () => {
    const res = await onEpisode(practitioner, 'POST', '/partner-notes', {
      partnerId: probationId,
      occurredAt: '2026-11-12',
      text: '',
    });
    expect(fields(res).sort()).toEqual(['text']);
    const ahead = await onEpisode(practitioner, 'POST', '/partner-notes', {
      partnerId: probationId,
      occurredAt: '2026-11-12',
      text: 'x',
    });
    expect(fields(ahead)).toEqual(['occurredAt']);
    expect(
      (
        await onEpisode(elsewhere, 'POST', '/partner-notes', {
          partnerId: probationId,
          occurredAt: '2026-11-01',
          text: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });
});
