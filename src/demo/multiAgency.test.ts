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
import { PageSession } from '../../test/support/browserSession.ts';

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

  it('puts the meetings’ overdue actions on the safety-net worklist, with the action’s id (API.md)', async () => {
    const { items } = await api(`/api/v1/worklist?asOf=${t.clock.now.toISOString()}`);
    const fromMeetings = items.filter((i: { actionId?: string }) => i.actionId);
    expect(fromMeetings.map((i: { rule: string; severity: string }) => [i.rule, i.severity])).toEqual([
      ['action_overdue', 'high'],
      ['action_overdue', 'medium'],
    ]);
    expect(fromMeetings[0].link).toBe(`/actions/${fromMeetings[0].actionId}`);
    const page = await PageSession.signedIn(t.app, manager);
    const worklist = await page.get('/worklist?view=team');
    expect(worklist.body).toContain('Confirm the approved premise');
  });

  it('shows the professionals around the person on the episode, and who to tell on the release plan', async () => {
    const [episode] = (await api(`/api/v1/episodes?site=${SITES.eastOfEngland}`)).items;
    const page = await PageSession.signedIn(t.app, practitioner);
    const overview = await page.get(`/episodes/${episode.id}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Professionals around the person');
    expect(overview.body).toContain('data-qa="network-member"');
    const plan = await page.get(`/episodes/${episode.id}/release-plan`);
    expect(plan.body).toContain('Who to tell about a release');
  });

  it('keeps the network off the pages of those who may not read the multi-agency record', async () => {
    const [episode] = (await api(`/api/v1/episodes?site=${SITES.eastOfEngland}`)).items;
    const model = await t.services.episodes.page(t.services.db, manager.viewer, episode.id, 'newest');
    expect(model.currentNetwork).toBeDefined();
    const admin = await t.user('admin');
    await expect(t.services.episodes.page(t.services.db, admin.viewer, episode.id, 'newest')).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
