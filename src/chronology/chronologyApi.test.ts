// The one chronology (API.md `GET /api/v1/people/{personId}/chronology`), against a real database: every
// source in one order by when it happened, with when it was recorded; filters; the PDF; need-to-know row by
// row; and the read's statement count with 500 entries from 8 agencies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import {
  SITES,
  anOpenEpisode,
  aReferralBody,
  type OpenEpisode,
  recordContact,
  staffAt,
} from '../../test/support/factories.ts';
import * as schema from '../db/schema.ts';
import type { Db } from '../db/client.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let referrer: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let restricted: OpenEpisode;
let probationId: string;
let housingId: string;

const api = (user: TestUser | undefined, url: string) => t.api(user?.token, { method: 'GET', url });
const chronology = (user: TestUser, query = '') => api(user, `/api/v1/people/${episode.personId}/chronology${query}`);
const post = (user: TestUser, url: string, payload: object) => t.api(user.token, { method: 'POST', url, payload });

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-01T09:00:00Z'));
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  elsewhere = await staffAt(t, SITES.hampshire);
  const body = aReferralBody(t, SITES.lancashire);
  body.person = { ...body.person, givenName: 'Jan', familyName: 'Wiśniewski-O’Brien' };
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner, body });
  // A second referral of the same person, in priority group 1: need-to-know, and joined to the same person.
  restricted = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { body: { ...body, priorityGroup: 1 } });
  expect(restricted.personId).toBe(episode.personId);

  const partner = async (name: string, kind: string) =>
    (await post(manager, '/api/v1/partners', { name, kind, area: 'Blackpool' })).json().id as string;
  probationId = await partner('Blackpool Probation Delivery Unit', 'probation');
  housingId = await partner('Blackpool Council Housing Options', 'housing');

  t.clock.now = new Date('2026-11-04T10:00:00Z');
  const e = `/api/v1/episodes/${episode.id}`;
  await recordContact(t, practitioner, episode, {
    at: '2026-11-03T14:00:00Z',
    type: 'in_prison',
    outcome: 'attended',
    durationMinutes: 40,
    notes: 'Talked about housing on release.',
  });
  await post(practitioner, `${e}/network`, {
    partnerId: probationId,
    name: 'Sam Current',
    role: 'com',
    from: '2026-10-01',
  });
  await t.api(practitioner.token, {
    method: 'PUT',
    url: `${e}/consents/${housingId}`,
    payload: { given: true, recordedOn: '2026-11-04' },
  });
  t.clock.now = new Date('2026-11-09T10:00:00Z');
  const meeting = await post(practitioner, `${e}/meetings`, {
    kind: 'professionals',
    heldOn: '2026-11-06',
    attendees: [{ name: 'Sam Current', organisation: 'Blackpool Probation Delivery Unit', present: true }],
    summary: 'Professionals’ meeting a few days after referral (seed 002).',
    actions: [
      {
        description: 'Housing assessment under the Duty to Refer',
        ownerName: 'Hana',
        ownerOrganisation: 'Blackpool Council Housing Options',
        ownerPartnerId: housingId,
        dueOn: '2026-11-08',
      },
      {
        description: 'Send licence conditions',
        ownerName: 'Sam Current',
        ownerOrganisation: 'Blackpool Probation Delivery Unit',
        ownerPartnerId: probationId,
        dueOn: '2026-11-20',
      },
    ],
  });
  expect(meeting.statusCode, meeting.body).toBe(201);
  const done = meeting.json().actions[0];
  await t.api(practitioner.token, {
    method: 'PATCH',
    url: `/api/v1/actions/${done.id}`,
    payload: { status: 'done', note: 'Assessed: priority need.' },
    headers: { 'if-match': '"1"' },
  });
  await post(practitioner, `${e}/sharing`, {
    direction: 'sent',
    partnerId: housingId,
    sharedOn: '2026-11-07',
    what: 'Health needs summary',
    lawfulBasis: 'consent',
  });
  // Probation's news of 2 November, entered a week later: placed on 2 November.
  await post(practitioner, `${e}/partner-notes`, {
    partnerId: probationId,
    occurredAt: '2026-11-02T11:00:00Z',
    author: 'Sam Current',
    text: 'Release date may move: parole hearing brought forward.',
  });
  await post(manager, `/api/v1/episodes/${restricted.id}/partner-notes`, {
    partnerId: probationId,
    occurredAt: '2026-11-05T09:00:00Z',
    text: 'NEED-TO-KNOW: counter-terrorism briefing.',
  });
});
afterAll(() => t.close());

describe('GET /api/v1/people/{personId}/chronology', () => {
  it('gives everything in one order by when it happened, each with when it was recorded', async () => {
    const res = await chronology(practitioner);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      occurredAt: string;
      recordedAt: string;
      kind: string;
      summary: string;
      source: { organisation: string };
    }[];
    const kinds = items.map((i) => i.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'referral',
        'screening',
        'episode',
        'contact',
        'network',
        'consent',
        'meeting',
        'action',
        'sharing',
        'partner_note',
      ]),
    );
    const times = items.map((i) => i.occurredAt);
    expect([...times].sort()).toEqual(times);
    const note = items.find((i) => i.kind === 'partner_note')!;
    expect(note).toMatchObject({
      occurredAt: '2026-11-02T11:00:00.000Z',
      recordedAt: '2026-11-09T10:00:00.000Z',
      source: { organisation: 'Blackpool Probation Delivery Unit' },
    });
    // Placed before the contact of 3 November, although recorded after it.
    expect(items.indexOf(note)).toBeLessThan(items.findIndex((i) => i.kind === 'contact'));
    expect(items.find((i) => i.kind === 'contact')!.summary).toBe('Contact in prison: attended (40 minutes)');
    expect(res.json().person).toEqual({ id: episode.personId, name: 'Jan Wiśniewski-O’Brien' });
  });

  it('shows a restricted episode’s entries only to those who may see it', async () => {
    const seen = (await chronology(practitioner)).body;
    expect(seen).not.toContain('NEED-TO-KNOW');
    expect(seen).not.toContain(restricted.id);
    expect(seen).not.toContain(restricted.referralId);
    const managers = (await chronology(manager)).json().items as { summary: string; restricted: boolean }[];
    expect(managers.find((i) => i.summary.includes('NEED-TO-KNOW'))).toMatchObject({ restricted: true });
  });

  it('filters by agency, kind, date and a keyword (accents ignored)', async () => {
    const byPartner = (await chronology(practitioner, `?partnerId=${housingId}`)).json().items as {
      kind: string;
      source: { partnerId: string };
    }[];
    expect(byPartner.length).toBeGreaterThan(0);
    expect(byPartner.every((i) => i.source.partnerId === housingId)).toBe(true);
    expect(byPartner.map((i) => i.kind)).toEqual(expect.arrayContaining(['consent', 'action', 'sharing']));
    const meetings = (await chronology(practitioner, '?kind=meeting,action')).json().items as { kind: string }[];
    expect(new Set(meetings.map((i) => i.kind))).toEqual(new Set(['meeting', 'action']));
    const dated = (await chronology(practitioner, '?from=2026-11-06&to=2026-11-07')).json().items as {
      occurredAt: string;
    }[];
    expect(dated.every((i) => i.occurredAt >= '2026-11-06' && i.occurredAt < '2026-11-08')).toBe(true);
    const words = (await chronology(practitioner, '?q=PAROLE%20hearing')).json().items as { kind: string }[];
    expect(words.map((i) => i.kind)).toEqual(['partner_note']);
    const team = (await chronology(practitioner, `?team=${SITES.lancashire}&kind=contact`)).json().items;
    expect(team).toHaveLength(1);
  });

  it('answers 400 naming bad filters, 404 for people the viewer may not see, 403 for the referrer, 401 without a token', async () => {
    const bad = await chronology(practitioner, '?from=2026-02-30&kind=gossip');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['from', 'kind.0']);
    expect((await chronology(elsewhere)).statusCode).toBe(404);
    expect((await api(practitioner, '/api/v1/people/00000000-0000-4000-8000-000000000000/chronology')).statusCode).toBe(
      404,
    );
    expect((await api(practitioner, '/api/v1/people/nope/chronology')).statusCode).toBe(404);
    expect((await chronology(referrer)).statusCode).toBe(403);
    expect((await api(undefined, `/api/v1/people/${episode.personId}/chronology`)).statusCode).toBe(401);
  });

  it('gives the same as a PDF, drawn in DejaVu Sans', async () => {
    const res = await chronology(practitioner, '?format=pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toMatch(/DejaVuSans/);
  });
});

/** A Db on the same connection that counts the statements it sends (transaction control aside). */
function countingDb(): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const logger = {
    logQuery(query: string) {
      if (!/^\s*(begin|commit|rollback|savepoint|release)/i.test(query)) statements.push(query);
    },
  };
  const { database } = t.services;
  const client = (database.db as unknown as { $client: unknown }).$client;
  const db =
    database.kind === 'pglite'
      ? (drizzlePglite(client as PGlite, { schema, logger }) as unknown as Db)
      : (drizzlePostgres(client as pg.Pool, { schema, logger }) as unknown as Db);
  return { db, statements };
}

describe('a chronology of 500 entries from 8 agencies', () => {
  it('is read in three statements (the scope, one UNION ALL, the audit entry)', async () => {
    const { network, sharing, meetings, db } = t.services;
    const partners: string[] = [];
    for (let i = 0; i < 8; i++) {
      const made = await post(manager, '/api/v1/partners', {
        name: `Agency ${i}`,
        kind: i % 2 ? 'voluntary' : 'gp',
        area: `Area ${i}`,
      });
      partners.push(made.json().id);
    }
    const before = (await chronology(practitioner)).json().items.length;
    await db.transaction(async (tx) => {
      for (let i = 0; i < 8; i++)
        await sharing.setConsent(tx, practitioner.viewer, episode.id, partners[i]!, {
          given: true,
          recordedOn: '2026-11-01',
        });
      for (let i = 0; (before as number) + 8 + i < 500; i++) {
        const partnerId = partners[i % 8]!;
        const at = new Date(Date.UTC(2026, 10, 1, 8, i % 60));
        if (i % 3 === 0)
          await network.addNote(tx, practitioner.viewer, episode.id, {
            partnerId,
            occurredAt: at.toISOString(),
            text: `Note ${i}`,
          });
        else if (i % 3 === 1)
          await sharing.share(tx, practitioner.viewer, episode.id, {
            direction: 'received',
            partnerId,
            sharedOn: '2026-11-02',
            what: `Letter ${i}`,
            lawfulBasis: 'consent',
          });
        else
          await meetings.record(tx, practitioner.viewer, episode.id, {
            kind: 'mdt',
            heldOn: '2026-11-05',
            attendees: [{ name: 'A', organisation: `Agency ${i % 8}`, present: true }],
            summary: `MDT ${i}`,
            actions: [],
          });
      }
    });
    const items = (await chronology(practitioner)).json().items;
    expect(items.length).toBeGreaterThanOrEqual(500);
    expect(
      new Set(
        items
          .filter((i: { source: { partnerId?: string } }) => i.source.partnerId)
          .map((i: { source: { partnerId: string } }) => i.source.partnerId),
      ).size,
    ).toBeGreaterThanOrEqual(8);

    const counting = countingDb();
    const started = performance.now();
    const read = await counting.db.transaction((tx) =>
      t.services.chronology.read(tx, practitioner.viewer, episode.personId, {}),
    );
    const ms = performance.now() - started;
    expect(read.items.length).toBe(items.length);
    expect(counting.statements).toHaveLength(3);
    expect(counting.statements[0]).toMatch(/from "referrals"/);
    expect(counting.statements[1]).toMatch(/union all/);
    expect(counting.statements[2]).toMatch(/insert into "audit_events"/);
    console.info(
      `chronology of ${read.items.length} entries read in ${ms.toFixed(1)} ms on ${t.services.database.kind}`,
    );
  });
});
