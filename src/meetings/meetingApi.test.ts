// Meetings, risk forums and their actions (API.md "Partners, meetings and the chronology"), against a real
// database: recording a meeting with actions, "my actions", closing an action with a note (If-Match: 412
// stale, 428 without), and the overdue read the safety-net worklist takes `action_overdue` from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { meetings as meetingsTable } from '../db/schema.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let colleague: TestUser;
let referrer: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let restrictedEpisode: OpenEpisode;
let probationId: string;

const record = (user: TestUser, episodeId: string, payload: object) =>
  t.api(user.token, { method: 'POST', url: `/api/v1/episodes/${episodeId}/meetings`, payload });
const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

function professionalsMeeting(overrides: object = {}) {
  return {
    kind: 'professionals',
    heldOn: '2026-11-06',
    attendees: [
      {
        name: 'Sam Current',
        organisation: 'Blackpool Probation Delivery Unit',
        role: 'COM',
        present: true,
        partnerId: probationId,
      },
      { name: 'Dr Gill', organisation: 'Layton Medical Centre', present: false },
    ],
    summary: 'Release in three weeks; no address yet.',
    decisions: 'Housing to assess under the Duty to Refer.',
    teamContribution: { attended: true, informed: true, note: 'Shared the health needs summary.' },
    actions: [
      {
        description: 'Send the licence conditions',
        ownerName: 'Sam Current',
        ownerOrganisation: 'Blackpool Probation Delivery Unit',
        ownerPartnerId: probationId,
        dueOn: '2026-11-08',
      },
      {
        description: 'Book a GP registration appointment',
        ownerName: practitioner.viewer.name,
        ownerOrganisation: 'Enhanced RECONNECT',
        ownerUserId: practitioner.viewer.id,
        dueOn: '2026-11-20',
      },
      {
        description: 'Chase the housing assessment',
        ownerName: 'The team',
        ownerOrganisation: 'Enhanced RECONNECT',
        ownedByTeam: true,
        dueOn: '2026-11-09',
      },
    ],
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  colleague = await staffAt(t, SITES.lancashire);
  referrer = await t.user('referrer');
  elsewhere = await staffAt(t, SITES.hampshire);
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  restrictedEpisode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { restricted: true });
  probationId = (
    await t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/partners',
      payload: { name: 'Blackpool Probation Delivery Unit', kind: 'probation', area: 'Blackpool' },
    })
  ).json().id;
});
afterAll(() => t.close());

describe('POST /api/v1/episodes/{id}/meetings', () => {
  it('records a meeting with its actions: 201 with their ids, open, version 1', async () => {
    const res = await record(practitioner, episode.id, professionalsMeeting());
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({
      kind: 'professionals',
      title: 'Professionals’ meeting',
      heldOn: '2026-11-06',
      version: 1,
    });
    expect(m.actions).toHaveLength(3);
    expect(m.actions.map((a: { status: string; version: number }) => [a.status, a.version])).toEqual([
      ['open', 1],
      ['open', 1],
      ['open', 1],
    ]);
    expect(m.actions[2]).toMatchObject({ ownedByTeam: true, description: 'Chase the housing assessment' });
    expect(m.teamContributionText).toBe('Attended and sent information: Shared the health needs summary.');
    const list = await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/meetings` });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([m.id]);
  });

  it('records a MAPPA meeting only with its level and category', async () => {
    const missing = await record(practitioner, episode.id, professionalsMeeting({ kind: 'mappa', actions: [] }));
    expect(missing.statusCode).toBe(400);
    expect(fields(missing).sort()).toEqual(['mappaCategory', 'mappaLevel']);
    const stray = await record(practitioner, episode.id, professionalsMeeting({ mappaLevel: 2 }));
    expect(fields(stray)).toEqual(['mappaLevel']);
    const ok = await record(
      practitioner,
      episode.id,
      professionalsMeeting({ kind: 'mappa', mappaLevel: 2, mappaCategory: 1, actions: [] }),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ title: 'MAPPA meeting, level 2, category 1', riskForum: true });
  });

  it('answers 400 with the field path of each bad attendee and action, and stores nothing', async () => {
    const [before] = await t.services.db.select({ n: count() }).from(meetingsTable);
    const res = await record(
      practitioner,
      episode.id,
      professionalsMeeting({
        kind: 'party',
        heldOn: '2026-11-31',
        attendees: [{ name: '', organisation: 'X', present: 'yes' }],
        actions: [{ description: 'x', ownerName: 'y', ownerOrganisation: 'z', dueOn: 'next week' }],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(fields(res).sort()).toEqual([
      'actions.0.dueOn',
      'attendees.0.name',
      'attendees.0.present',
      'heldOn',
      'kind',
    ]);
    const ahead = await record(practitioner, episode.id, professionalsMeeting({ heldOn: '2026-11-11' }));
    expect(fields(ahead)).toEqual(['heldOn']);
    const strangers = await record(
      practitioner,
      episode.id,
      professionalsMeeting({
        actions: [
          {
            description: 'x',
            ownerName: 'y',
            ownerOrganisation: 'z',
            dueOn: '2026-11-20',
            ownerUserId: elsewhere.viewer.id,
          },
        ],
      }),
    );
    expect(fields(strangers)).toEqual(['actions.0.ownerUserId']);
    const [after] = await t.services.db.select({ n: count() }).from(meetingsTable);
    expect(after!.n).toBe(before!.n);
  });

  it('is 404 for other sites and restricted episodes the viewer may not see, 403 for the referrer', async () => {
    expect((await record(elsewhere, episode.id, professionalsMeeting())).statusCode).toBe(404);
    expect((await record(practitioner, restrictedEpisode.id, professionalsMeeting({ actions: [] }))).statusCode).toBe(
      404,
    );
    expect(
      (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${restrictedEpisode.id}/meetings` }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.api(referrer.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/meetings` })).statusCode,
    ).toBe(403);
    expect((await record(manager, restrictedEpisode.id, professionalsMeeting({ actions: [] }))).statusCode).toBe(201);
  });
});

describe('actions', () => {
  let actionIds: string[];
  beforeAll(async () => {
    const res = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/actions` });
    actionIds = res.json().items.map((a: { id: string }) => a.id);
  });

  it('lists the open actions of every meeting on the episode, due first', async () => {
    const res = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/actions` });
    expect(res.json().items.map((a: { dueOn: string }) => a.dueOn)).toEqual(['2026-11-08', '2026-11-09', '2026-11-20']);
    expect(res.json().items[0].overdue).toBe(true);
  });

  it('puts actions on "my actions": the owner’s, and the team’s on every team member’s', async () => {
    const mine = await t.api(practitioner.token, { method: 'GET', url: '/api/v1/actions' });
    expect(mine.json().items.map((a: { description: string }) => a.description)).toEqual([
      'Chase the housing assessment',
      'Book a GP registration appointment',
    ]);
    const theirs = await t.api(colleague.token, { method: 'GET', url: '/api/v1/actions' });
    expect(theirs.json().items.map((a: { description: string }) => a.description)).toEqual([
      'Chase the housing assessment',
    ]);
    expect((await t.api(elsewhere.token, { method: 'GET', url: '/api/v1/actions' })).json().items).toEqual([]);
    expect((await t.api(referrer.token, { method: 'GET', url: '/api/v1/actions' })).statusCode).toBe(403);
  });

  it('closes an action with a note: 428 without If-Match, 400 without a note, 412 when stale', async () => {
    const id = actionIds[0]!;
    const url = `/api/v1/actions/${id}`;
    expect(
      (await t.api(practitioner.token, { method: 'PATCH', url, payload: { status: 'done', note: 'Sent' } })).statusCode,
    ).toBe(428);
    const noNote = await t.api(practitioner.token, {
      method: 'PATCH',
      url,
      payload: { status: 'done' },
      headers: { 'if-match': '"1"' },
    });
    expect(noNote.statusCode).toBe(400);
    expect(fields(noNote)).toEqual(['note']);
    const done = await t.api(practitioner.token, {
      method: 'PATCH',
      url,
      payload: { status: 'done', note: 'Licence conditions received by email.' },
      headers: { 'if-match': '"1"' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      closedNote: 'Licence conditions received by email.',
      closedBy: practitioner.viewer.name,
      version: 2,
    });
    expect(done.headers.etag).toBe('"2"');
    const stale = await t.api(colleague.token, {
      method: 'PATCH',
      url,
      payload: { status: 'cancelled', note: 'Not needed' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    const reopened = await t.api(colleague.token, {
      method: 'PATCH',
      url,
      payload: { status: 'open' },
      headers: { 'if-match': '"2"' },
    });
    expect(reopened.json()).toMatchObject({ status: 'open', closedNote: null, version: 3 });
  });

  it('is 404 for actions of other sites and hidden records, 400 for a bad status', async () => {
    const url = `/api/v1/actions/${actionIds[1]!}`;
    expect(
      (
        await t.api(elsewhere.token, {
          method: 'PATCH',
          url,
          payload: { status: 'done', note: 'x' },
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.api(elsewhere.token, { method: 'GET', url })).statusCode).toBe(404);
    expect(
      (
        await t.api(practitioner.token, {
          method: 'PATCH',
          url: '/api/v1/actions/nope',
          payload: { status: 'done', note: 'x' },
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      fields(
        await t.api(practitioner.token, {
          method: 'PATCH',
          url,
          payload: { status: 'finished' },
          headers: { 'if-match': '"1"' },
        }),
      ),
    ).toEqual(['status']);
  });
});

describe('overdueActions: the worklist’s action_overdue', () => {
  it('gives worklist-shaped items with the action’s id, once past the due date, scoped by need-to-know', async () => {
    const { actions, db } = t.services;
    const restricted = await record(
      manager,
      restrictedEpisode.id,
      professionalsMeeting({
        actions: [{ description: 'Restricted action', ownerName: 'A', ownerOrganisation: 'B', dueOn: '2026-11-01' }],
      }),
    );
    expect(restricted.statusCode).toBe(201);
    const asOf = new Date('2026-11-10T09:00:00Z');
    const items = await actions.overdueActions(db, practitioner.viewer, [SITES.lancashire], asOf);
    expect(items.map((i) => [i.rule, i.severity, i.dueAt.toISOString()])).toEqual([
      ['action_overdue', 'medium', '2026-11-09T00:00:00.000Z'],
      ['action_overdue', 'medium', '2026-11-10T00:00:00.000Z'],
    ]);
    expect(items[0]).toMatchObject({ episodeId: episode.id, link: `/actions/${items[0]!.actionId}` });
    expect(items.some((i) => i.message.includes('Restricted action'))).toBe(false);
    const system = await actions.overdueActions(db, 'system', [SITES.lancashire], asOf);
    expect(system.some((i) => i.message.includes('Restricted action'))).toBe(true);
    expect(await actions.overdueActions(db, elsewhere.viewer, [SITES.lancashire], asOf)).toEqual([]);
    // Looking back: on the day it was due it is not yet overdue.
    expect(
      await actions.overdueActions(db, practitioner.viewer, [SITES.lancashire], new Date('2026-11-08T23:30:00Z')),
    ).toEqual([]);
  });
});
