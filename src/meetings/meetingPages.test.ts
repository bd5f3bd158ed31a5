// The meetings pages through the forms a user posts without JavaScript: adding rows, errors linked to the
// row's input, the meeting's record, "my actions", closing an action with a note, and 412 when stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, errorSummary, hiddenField } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let probationId: string;

const summary = errorSummary;

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  elsewhere = await staffAt(t, SITES.hampshire);
  const referrer = await t.user('referrer');
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  probationId = (
    await t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/partners',
      payload: { name: 'Blackpool Probation Delivery Unit', kind: 'probation', area: 'Blackpool' },
    })
  ).json().id;
});
afterAll(() => t.close());

const meetingForm = (overrides: Record<string, string> = {}) => ({
  kind: 'professionals',
  'heldOn-day': '6',
  'heldOn-month': '11',
  'heldOn-year': '2026',
  attendeeRows: '4',
  actionRows: '3',
  'attendee-0-name': 'Sam Current',
  'attendee-0-organisation': 'Blackpool Probation Delivery Unit',
  'attendee-0-present': 'yes',
  'attendee-1-name': 'Dr Gill',
  'attendee-1-organisation': 'Layton Medical Centre',
  summary: 'Release in three weeks; no address yet.',
  teamAttended: 'yes',
  teamInformed: 'yes',
  'action-0-description': 'Send the licence conditions',
  'action-0-owner': `partner:${probationId}`,
  'action-0-ownerName': 'Sam Current',
  'action-0-dueOn-day': '8',
  'action-0-dueOn-month': '11',
  'action-0-dueOn-year': '2026',
  'action-2-description': 'Book the GP registration',
  'action-2-owner': `user:${practitioner.viewer.id}`,
  'action-2-dueOn-day': '20',
  'action-2-dueOn-month': '11',
  'action-2-dueOn-year': '2026',
  ...overrides,
});

describe('recording a meeting', () => {
  it('adds a row without saving, for people without JavaScript', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const url = `/episodes/${episode.id}/meetings/new`;
    const more = await page.post(url, { ...meetingForm(), add: 'action' }, url);
    expect(more.statusCode).toBe(200);
    expect(hiddenField(more.body, 'actionRows')).toBe('4');
    expect(more.body).toContain('id="action-3-description"');
    expect(more.body).toContain('value="Send the licence conditions"');
  });

  it('links each error to the row it is about', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const url = `/episodes/${episode.id}/meetings/new`;
    const res = await page.post(
      url,
      meetingForm({ 'action-2-dueOn-day': '31', 'action-2-dueOn-month': '11', summary: '' }),
      url,
    );
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)).toEqual([
      { text: 'The due date must be a real date, like 10 11 2026', href: '#action-2-dueOn-day' },
      { text: 'Summarise the meeting', href: '#summary' },
    ]);
    expect(res.body).toContain('value="Send the licence conditions"');
    const mappa = await page.post(url, meetingForm({ kind: 'mappa' }), url);
    expect(summary(mappa.body)).toEqual([
      { text: 'Choose the MAPPA level (1, 2 or 3)', href: '#mappaLevel' },
      { text: 'Choose the MAPPA category (1, 2, 3 or 4)', href: '#mappaCategory' },
    ]);
    // Issue 10: the level and category are revealed under "MAPPA meeting", open once it is chosen.
    expect(mappa.body).toMatch(
      /<div class="nhsuk-radios__conditional" id="conditional-kind-3">\s*<p[^>]*id="mappa-hint"/,
    );
    expect(mappa.body).toMatch(/id="conditional-kind-3">[\s\S]*?id="mappaLevel"[\s\S]*?id="mappaCategory"/);
  });

  it('saves the meeting and shows its record, which prints as the minutes', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const url = `/episodes/${episode.id}/meetings/new`;
    const saved = await page.post(url, meetingForm(), url);
    expect(saved.statusCode).toBe(303);
    const record = await page.get(saved.headers.location as string);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Professionals’ meeting');
    expect(record.body).toContain('Attended and sent information');
    expect(record.body).toContain('Send the licence conditions');
    expect(record.body).toContain(`${practitioner.viewer.name}, `);
    expect(record.body).toContain('class="app-minutes"');
    const list = await page.get(`/episodes/${episode.id}/meetings`);
    expect(list.body).toMatch(/data-qa="open-actions"/);
    expect(list.body).toContain('Book the GP registration');
  });
});

describe('actions', () => {
  it('lists my actions, and closes one with a note (required), then 412 on a stale form', async () => {
    t.clock.now = new Date('2026-11-21T09:00:00Z');
    const page = await PageSession.signedIn(t.app, practitioner);
    const mine = await page.get('/actions');
    expect(mine.body).toContain('Book the GP registration');
    expect(mine.body).toContain('1 overdue.');
    expect(mine.body).toMatch(/My actions \(1 overdue\)/);
    const id = /href="\/actions\/([0-9a-f-]{36})"/.exec(mine.body)![1]!;
    const url = `/actions/${id}`;
    const noNote = await page.submitFrom(url, url, { status: 'done', note: '' });
    expect(noNote.statusCode).toBe(400);
    expect(summary(noNote.body)).toEqual([{ text: 'Say what was done', href: '#note' }]);
    const stalePage = await page.get(url);
    const done = await page.submitFrom(url, url, { status: 'done', note: 'Registered with Layton Medical Centre.' });
    expect(done.statusCode).toBe(303);
    const closed = await page.get(url);
    expect(closed.body).toContain('Registered with Layton Medical Centre.');
    const stale = await page.post(
      url,
      {
        _csrf: hiddenField(stalePage.body, '_csrf'),
        version: hiddenField(stalePage.body, 'version'),
        status: 'cancelled',
        note: 'x',
      },
      undefined,
      { withCsrf: false },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this action');
    expect((await page.get('/actions')).body).not.toContain('Book the GP registration');
  });

  it('is 404 for another site’s staff', async () => {
    const page = await PageSession.signedIn(t.app, elsewhere);
    const list = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/meetings` });
    const meeting = list.json().items[0];
    for (const url of [
      `/episodes/${episode.id}/meetings`,
      `/episodes/${episode.id}/meetings/new`,
      `/meetings/${meeting.id}`,
      `/actions/${meeting.actions[0].id}`,
    ])
      expect((await page.get(url)).statusCode, url).toBe(404);
  });
});
