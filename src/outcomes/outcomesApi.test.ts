// Issue 15, "Outcomes for each person", against a real database: measures scored from their raw answers
// (400 for bad answers, oldest first, change since the first), outcomes after release (`PUT` with If-Match,
// substance misuse within 21 days of the actual release), engagement from contacts, who may see and record,
// and the measures page through its form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import {
  SITES,
  anOpenEpisode,
  type OpenEpisode,
  recordContact,
  recordRelease,
  staffAt,
} from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let referrer: TestUser;
let elsewhere: TestUser;
let commissioner: TestUser;
let episode: OpenEpisode;
let restricted: OpenEpisode;

const measure = (user: TestUser, episodeId: string, payload: object) =>
  t.api(user.token, { method: 'POST', url: `/api/v1/episodes/${episodeId}/measures`, payload });
const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  elsewhere = await staffAt(t, SITES.hampshire);
  referrer = await t.user('referrer');
  commissioner = await t.user('commissioner');
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  restricted = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { restricted: true });
});
afterAll(() => t.close());

describe('POST and GET /api/v1/episodes/{id}/measures', () => {
  it('scores SWEMWBS by the conversion table and says the change since the first, oldest first', async () => {
    const first = await measure(practitioner, episode.id, {
      instrument: 'swemwbs',
      administeredOn: '2026-10-01',
      answers: [2, 2, 2, 2, 2, 2, 2],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ instrument: 'swemwbs', score: { raw: 14, metric: 15.32 } });
    expect(first.json().change).toBeUndefined();
    const second = await measure(practitioner, episode.id, {
      instrument: 'swemwbs',
      administeredOn: '2026-11-05',
      answers: [3, 3, 3, 3, 3, 3, 3],
    });
    expect(second.json()).toMatchObject({
      score: { raw: 21, metric: 19.25 },
      change: { sinceFirst: 3.93, reliable: true },
    });
    const list = await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/measures` });
    expect(list.json().items.map((i: { administeredOn: string }) => i.administeredOn)).toEqual([
      '2026-10-01',
      '2026-11-05',
    ]);
  });

  it('scores CORE-10 with items 2 and 3 reversed, its band and the risk item on its own', async () => {
    const res = await measure(practitioner, episode.id, {
      instrument: 'core10',
      administeredOn: '2026-11-05',
      answers: [2, 1, 1, 2, 2, 1, 2, 2, 2, 2],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().score).toMatchObject({ raw: 21, band: 'moderately_severe', clinical: true, risk: 1 });
  });

  it.each([
    [{ instrument: 'swemwbs', administeredOn: '2026-11-01', answers: [1, 2, 3] }, ['answers']],
    [
      { instrument: 'swemwbs', administeredOn: '2026-11-01', answers: [0, 1, 1, 1, 1, 1, 'x'] },
      ['answers.0', 'answers.6'],
    ],
    [{ instrument: 'core10', administeredOn: '2026-11-01', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 5] }, ['answers.9']],
    [{ instrument: 'phq9', administeredOn: '2026-11-31', answers: [] }, ['instrument', 'administeredOn']],
    [{ instrument: 'swemwbs', administeredOn: '2027-01-01', answers: [1, 1, 1, 1, 1, 1, 1] }, ['administeredOn']],
  ])('answers 400 with the field of each bad answer: %j', async (payload, expected) => {
    const res = await measure(practitioner, episode.id, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res).sort()).toEqual([...expected].sort());
  });

  it('is 404 for a restricted episode and another site, 403 to record for a referrer or a commissioner', async () => {
    const body = { instrument: 'swemwbs', administeredOn: '2026-11-01', answers: [1, 1, 1, 1, 1, 1, 1] };
    expect((await measure(practitioner, restricted.id, body)).statusCode).toBe(404);
    expect((await measure(elsewhere, episode.id, body)).statusCode).toBe(404);
    expect((await measure(commissioner, episode.id, body)).statusCode).toBe(404);
    const refer = await measure(referrer, episode.id, body);
    expect([403, 404]).toContain(refer.statusCode);
  });
});

describe('GET and PUT /api/v1/episodes/{id}/outcomes', () => {
  it('counts substance misuse treatment from the actual release: within 21 days, and a missed window', async () => {
    const plan = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/release-plan`,
      payload: {
        substanceMisuse: { needed: true, appointmentDate: '2026-11-20' },
        accommodation: { status: 'unsettled' },
      },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    await recordRelease(t, practitioner, episode, { releasedOn: '2026-11-10' });
    t.clock.now = new Date('2026-12-05T10:00:00Z');
    await recordContact(t, practitioner, episode, {
      at: '2026-11-13T10:00:00Z',
      type: 'community',
      outcome: 'attended',
      durationMinutes: 30,
    });
    await recordContact(t, practitioner, episode, {
      at: '2026-11-20T10:00:00Z',
      type: 'community',
      outcome: 'did_not_attend',
    });
    // The appointment booked is not engagement: today (5 December) is past day 21 (1 December).
    const before = await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/outcomes` });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({
      linkage: {
        substanceMisuseEngaged: { on: null, within21Days: false },
        gpRegistered: { on: null, within7Days: false },
        accommodation: { onRelease: 'unsettled', now: 'unsettled' },
      },
      engagement: { attended: 1, didNotAttend: 1, cancelled: 0, firstContactAfterReleaseDays: 3 },
      recalled: false,
      endOfService: { goals: 0, achieved: 0, partlyAchieved: 0, notAchieved: 0, notRecorded: 0 },
    });
    expect(before.headers.etag).toBe('"0"');

    const put = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/outcomes`,
      payload: { substanceMisuseEngagedOn: '2026-11-28', gpRegisteredOn: '2026-11-15', accommodationNow: 'settled' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.headers.etag).toBe('"1"');
    expect(put.json().linkage).toMatchObject({
      substanceMisuseEngaged: { on: '2026-11-28', daysFromRelease: 18, within21Days: true },
      gpRegistered: { on: '2026-11-15', daysFromRelease: 5, within7Days: true },
      accommodation: { onRelease: 'unsettled', now: 'settled' },
    });

    const noVersion = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/outcomes`,
      payload: { mentalHealthHandoverOn: '2026-11-01' },
    });
    expect(noVersion.statusCode).toBe(428);
    const stale = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/outcomes`,
      headers: { 'if-match': '"0"' },
      payload: { mentalHealthHandoverOn: '2026-11-01' },
    });
    expect(stale.statusCode).toBe(412);
    const late = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/outcomes`,
      headers: { 'if-match': '"1"' },
      payload: { substanceMisuseEngagedOn: '2026-12-03' },
    });
    expect(late.json().linkage.substanceMisuseEngaged).toMatchObject({ daysFromRelease: 23, within21Days: false });
  });

  it('answers 400 for a future date, an unknown field or accommodation, and 404 for what cannot be seen', async () => {
    const bad = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/outcomes`,
      headers: { 'if-match': '"2"' },
      payload: { gpRegisteredOn: '2027-02-01', accommodationNow: 'castle', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const hidden = await t.api(practitioner.token, {
      method: 'GET',
      url: `/api/v1/episodes/${restricted.id}/outcomes`,
    });
    expect(hidden.statusCode).toBe(404);
    const other = await t.api(elsewhere.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/outcomes` });
    expect(other.statusCode).toBe(404);
  });
});

describe('the outcomes page', () => {
  it('records SWEMWBS through the form: the error summary first, then a chart and its table', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const form = `/episodes/${episode.id}/measures/new?instrument=swemwbs`;
    const shown = await page.get(form);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Item 7');
    const missing = await page.post(
      `/episodes/${episode.id}/measures/new`,
      { instrument: 'swemwbs', 'item-1': '3' },
      form,
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('href="#item-2"');
    expect(missing.body).toContain('href="#administeredOn-day"');
    const answers = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`item-${String(i + 1)}`, '4']));
    const saved = await page.post(
      `/episodes/${episode.id}/measures/new`,
      {
        instrument: 'swemwbs',
        'administeredOn-day': '9',
        'administeredOn-month': '11',
        'administeredOn-year': '2026',
        ...answers,
      },
      form,
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const outcomes = await page.get(`/episodes/${episode.id}/outcomes`);
    expect(outcomes.statusCode).toBe(200);
    expect(outcomes.body).toContain('<svg');
    expect(outcomes.body).toContain('Reliable improvement');
    expect(outcomes.body).toContain('25.03');
    expect(outcomes.body).toContain('data-qa="table-swemwbs"');
    expect(outcomes.body).toContain('data-qa="linkage-within-21-days">No<');
  });

  it('saves links made after release from the form, and refuses a future date with the error summary', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const url = `/episodes/${episode.id}/outcomes`;
    const bad = await page.submitFrom(url, url, {
      'mentalHealthHandoverOn-day': '1',
      'mentalHealthHandoverOn-month': '1',
      'mentalHealthHandoverOn-year': '2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#mentalHealthHandoverOn-day"');
    const ok = await page.submitFrom(url, url, {
      'mentalHealthHandoverOn-day': '1',
      'mentalHealthHandoverOn-month': '12',
      'mentalHealthHandoverOn-year': '2026',
    });
    expect(ok.statusCode, ok.body).toBe(303);
    expect((await page.get(url)).body).toContain('1 December 2026');
  });

  it('is 404 for another site’s staff', async () => {
    const page = await PageSession.signedIn(t.app, elsewhere);
    expect((await page.get(`/episodes/${episode.id}/outcomes`)).statusCode).toBe(404);
  });
});
