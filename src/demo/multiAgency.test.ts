// The multi-agency demo (seed 002 from the agencies' side) runs once, on the services the app is built from,
// and tells its story: the professionals' meeting a few days after referral with actions at probation,
// housing and the GP; the MAPPA level 2 meeting; partner notes arriving late; a request refused for want of
// consent; a directory for every site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES } from '../../test/support/factories.ts';
import { meetings, partners } from '../db/schema.ts';
import { seedMultiAgencyDemo } from './multiAgency.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
const ALL = Object.values(SITES);

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.user('manager', { sites: ALL });
  practitioner = await t.user('practitioner', { sites: ALL });
  const referrer = await t.user('referrer', { organisation: 'Probation Service' });
  expect(
    await seedMultiAgencyDemo(t.services, {
      manager: manager.viewer,
      practitioner: practitioner.viewer,
      referrer: referrer.viewer,
    }),
  ).toBe(true);
  expect(
    await seedMultiAgencyDemo(t.services, {
      manager: manager.viewer,
      practitioner: practitioner.viewer,
      referrer: referrer.viewer,
    }),
  ).toBe(false);
});
afterAll(() => t.close());

const api = (url: string, user = manager) => t.api(user.token, { method: 'GET', url }).then((r) => r.json());

describe('the multi-agency demo', () => {
  it('runs once: a second run adds nothing', async () => {
    const [p] = await t.services.db.select({ n: count() }).from(partners);
    const [m] = await t.services.db.select({ n: count() }).from(meetings);
    expect(p!.n).toBe(27);
    expect(m!.n).toBe(2);
  });

  it('keeps a partner directory for every site’s area', async () => {
    for (const q of ['Norwich', 'Blackpool', 'Birmingham', 'Southampton'])
      expect((await api(`/api/v1/partners?q=${q}`)).items.length, q).toBeGreaterThan(0);
  });

  it('tells the East of England case from the agencies’ side', async () => {
    const episodes = (await api(`/api/v1/episodes?site=${SITES.eastOfEngland}`)).items;
    expect(episodes).toHaveLength(1);
    const episode = episodes[0];
    const [meeting] = (await api(`/api/v1/episodes/${episode.id}/meetings`)).items;
    expect(meeting).toMatchObject({ kind: 'professionals', teamContribution: { attended: true, informed: true } });
    expect(
      meeting.actions.map((a: { ownerOrganisation: string; status: string }) => [a.ownerOrganisation, a.status]),
    ).toEqual([
      ['Norwich Probation Delivery Unit', 'done'],
      ['Norwich City Council Housing Options', 'open'],
      ['Riverside Medical Centre, Norwich', 'open'],
      ['RECONNECT East of England', 'done'],
    ]);
    const notes = (await api(`/api/v1/episodes/${episode.id}/partner-notes`)).items;
    expect(notes.every((n: { recordedLater: boolean }) => n.recordedLater)).toBe(true);
    const log = (await api(`/api/v1/episodes/${episode.id}/sharing`)).items;
    expect(log.find((e: { direction: string }) => e.direction === 'declined')).toMatchObject({
      organisation: 'Anchor Lodge Supported Housing',
    });
    expect(
      log.some(
        (e: { lawfulBasis: string; organisation: string }) =>
          e.lawfulBasis === 'consent' && e.organisation === 'Anchor Lodge Supported Housing',
      ),
    ).toBe(false);

    const chronology = await api(`/api/v1/people/${episode.personId}/chronology`);
    expect(chronology.person.name).toBe('Derek Wiśniewski-O’Brien');
    const kinds = new Set(chronology.items.map((i: { kind: string }) => i.kind));
    for (const kind of [
      'referral',
      'screening',
      'episode',
      'network',
      'consent',
      'meeting',
      'action',
      'sharing',
      'partner_note',
    ])
      expect(kinds.has(kind), kind).toBe(true);
  });

  it('has a MAPPA level 2 meeting for the Enhanced RECONNECT case, and overdue actions for the worklist', async () => {
    const [episode] = (await api(`/api/v1/episodes?site=${SITES.lancashire}`)).items;
    const [mappa] = (await api(`/api/v1/episodes/${episode.id}/meetings`)).items;
    expect(mappa).toMatchObject({
      title: 'MAPPA meeting, level 2, category 1',
      convenedBy: { organisation: 'Blackpool Probation Delivery Unit' },
    });
    const overdue = await t.services.actions.overdueActions(t.services.db, manager.viewer, ALL, t.clock.now);
    expect(overdue.map((i) => [i.severity, i.message.slice(0, 40)])).toEqual([
      ['medium', 'The action “Assess under the Duty to Ref'],
      ['high', 'The action “Confirm the approved premise'],
    ]);
  });
});
