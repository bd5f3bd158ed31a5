// API.md `PUT /api/v1/episodes/{id}/release-plan` and `GET` (docs/api/release-plan.md): every field
// optional and merged, the response says what is still missing, If-Match (428 / 412), 400 with field
// paths, 404 for those who may not see the episode, and the expected release date kept with who and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let erPractitioner: TestUser;
let otherSite: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'HMP Winchester healthcare' });
  practitioner = await staffAt(t, SITES.hampshire);
  erPractitioner = await staffAt(t, SITES.lancashire);
  otherSite = await staffAt(t, SITES.eastOfEngland);
});
afterAll(() => t.close());

const today = () => londonDate(t.clock.now);

/** An accepted RECONNECT Hampshire referral with its episode open; its expected release is 40-79 days ahead. */
const episode = async () => (await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire)).id;

const get = (user: TestUser, id: string) =>
  t.api(user.token, { method: 'GET', url: `/api/v1/episodes/${id}/release-plan` });
const put = (user: TestUser, id: string, payload: object, version?: string) =>
  t.api(user.token, {
    method: 'PUT',
    url: `/api/v1/episodes/${id}/release-plan`,
    payload,
    headers: version === undefined ? {} : { 'if-match': version },
  });

describe('the release plan of an episode', () => {
  it('starts empty, with every item still to do, a contingency plan among them (issue 10)', async () => {
    const id = await episode();
    const res = await get(practitioner, id);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    const view = res.json();
    expect(view).toMatchObject({ episodeId: id, version: 0, plan: {}, destinationCoverage: { kind: 'unknown' } });
    expect(view.readiness.total).toBe(11);
    // Issue 10: "'Contingency plan' and 'needs flagged to court' must not default to 'not needed'".
    expect(view.readiness.done).toBe(0);
    expect(view.readiness.text).toMatch(/^0 of 11 done, \d+ days to release$/);
    expect(view.missing.map((m: { code: string }) => m.code)).toEqual(
      expect.arrayContaining(['contingency_plan', 'needs_flagged_to_court']),
    );
    expect(view.releaseDateHistory).toHaveLength(1);
    expect(view.releaseDateHistory[0].reason).toBe('From the referral');
  });

  it('merges each PUT into the plan and says what is still missing', async () => {
    const id = await episode();
    const first = await put(practitioner, id, {
      releaseType: 'release_from_court',
      releaseUncertain: true,
      gp: { registered: true, practice: 'Jubilee Surgery' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    expect(first.json().changed).toEqual(['releaseType', 'releaseUncertain', 'gp']);
    // Seed 002: release from court with no contingency plan is what went wrong.
    expect(first.json().missing.map((m: { code: string }) => m.code)).toEqual(
      expect.arrayContaining(['contingency_plan', 'needs_flagged_to_court']),
    );

    const second = await put(
      practitioner,
      id,
      {
        contingencyPlan:
          'If released from court, the duty worker meets him at court and takes him to the Southampton hub.',
        needsFlaggedToCourt: true,
        medicationOnRelease: true,
        substanceMisuse: { needed: false },
        mentalHealthHandover: { needed: true, done: true, service: 'Southampton CMHT' },
        accommodation: { status: 'none', dutyToReferDate: addDaysIso(today(), -3) },
        destination: { postcode: 'so14 7aa', localAuthority: 'Southampton' },
        idAndMoney: true,
        localProbationInformed: true,
        communityServicesInformed: true,
        meetAtTheGate: { planned: true, by: 'Sam (peer worker)' },
      },
      '"1"',
    );
    expect(second.statusCode).toBe(200);
    const view = second.json();
    expect(view.plan.gp).toEqual({ registered: true, practice: 'Jubilee Surgery' });
    expect(view.plan.destination.postcode).toBe('SO14 7AA');
    expect(view.destinationCoverage.kind).toBe('in_catchment');
    expect(view.missing).toEqual([]);
    expect(view.readiness.text).toMatch(/^11 of 11 done, \d+ days to release$/);
    expect(view.checklist.find((i: { code: string }) => i.code === 'accommodation').note).toMatch(
      /Duty to Refer made to Southampton/,
    );

    const cleared = await put(practitioner, id, { contingencyPlan: null }, '"2"');
    expect(cleared.json().plan.contingencyPlan).toBeUndefined();
    expect(cleared.json().missing.map((m: { code: string }) => m.code)).toEqual(['contingency_plan']);

    const timeline = (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${id}/timeline` })).json()
      .items;
    expect(
      timeline
        .filter((e: { kind: string }) => e.kind === 'release_plan.updated')
        .map((e: { summary: string }) => e.summary)[0],
    ).toMatch(
      /^Release plan updated: release type, whether the release date is uncertain, GP registration\. Readiness: \d+ of 11 done/,
    );
    const audit = await t.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, id))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['release_plan.updated']));
  });

  it('a PUT that changes nothing writes nothing', async () => {
    const id = await episode();
    await put(practitioner, id, { idAndMoney: true });
    const again = await put(practitioner, id, { idAndMoney: true }, '"1"');
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe('"1"');
    expect(again.json().changed).toEqual([]);
  });

  it('changes the expected release date through the episode, keeping who and why', async () => {
    const id = await episode();
    const newDate = addDaysIso(today(), 30);
    const res = await put(practitioner, id, {
      expectedReleaseDate: newDate,
      releaseDateChangeReason: 'Parole hearing brought forward',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().expectedReleaseDate).toBe(newDate);
    expect(res.json().readiness.text).toMatch(/, 30 days to release$/);
    const history = res.json().releaseDateHistory;
    expect(history.at(-1)).toMatchObject({
      expectedReleaseDate: newDate,
      reason: 'Parole hearing brought forward',
      by: practitioner.viewer.name,
    });
    const episodeView = (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${id}` })).json();
    expect(episodeView.expectedReleaseDate).toBe(newDate);

    const defaulted = await put(practitioner, id, { expectedReleaseDate: addDaysIso(today(), 31) }, '"1"');
    expect(defaulted.json().releaseDateHistory.at(-1).reason).toBe('Updated in the release plan');
  });

  it('shows an out-of-area destination and the team that covers it', async () => {
    const id = await episode();
    const covered = await put(practitioner, id, { destination: { postcode: 'NR1 1AA', localAuthority: 'Norfolk' } });
    expect(covered.json().destinationCoverage).toMatchObject({
      kind: 'covered_by',
      sites: [{ code: SITES.eastOfEngland }],
    });
    const none = await put(
      practitioner,
      id,
      { destination: { postcode: 'M1 1AA', localAuthority: 'Manchester' } },
      '"1"',
    );
    expect(none.json().destinationCoverage.kind).toBe('no_site');
    expect(none.json().destinationCoverage.text).toMatch(/no Reconnect team covers Manchester/);
  });
});

describe('versions', () => {
  it('lets the first PUT omit If-Match, then requires it: 428 without, 412 stale', async () => {
    const id = await episode();
    expect((await put(practitioner, id, { idAndMoney: true }, '"3"')).statusCode).toBe(412);
    expect((await put(practitioner, id, { idAndMoney: true }, '"0"')).statusCode).toBe(200);
    expect((await put(practitioner, id, { medicationOnRelease: true })).statusCode).toBe(428);
    expect((await put(practitioner, id, { medicationOnRelease: true }, '"0"')).statusCode).toBe(412);
    const ok = await put(practitioner, id, { medicationOnRelease: true }, '"1"');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown release type', { releaseType: 'early' }, 'releaseType'],
    ['an impossible date', { expectedReleaseDate: '2027-02-30' }, 'expectedReleaseDate'],
    ['a date in the past', { expectedReleaseDate: '2026-01-01' }, 'expectedReleaseDate'],
    ['a reason without a date', { releaseDateChangeReason: 'moved' }, 'releaseDateChangeReason'],
    ['a bad postcode', { destination: { postcode: 'XX', localAuthority: 'Southampton' } }, 'destination.postcode'],
    ['a destination of neither postcode nor local authority', { destination: {} }, 'destination.localAuthority'],
    [
      'a Duty to Refer in the future',
      { accommodation: { status: 'none', dutyToReferDate: '2030-01-01' } },
      'accommodation.dutyToReferDate',
    ],
    ['an unknown accommodation status', { accommodation: { status: 'hostel' } }, 'accommodation.status'],
    ['a misspelt field', { gp: { registred: true } }, 'gp.registred'],
    [
      'an appointment that is not needed',
      { substanceMisuse: { needed: false, appointmentDate: '2026-12-01' } },
      'substanceMisuse.appointmentDate',
    ],
    ['a string for a yes or no', { idAndMoney: 'yes' }, 'idAndMoney'],
    ['an empty contingency plan', { contingencyPlan: '  ' }, 'contingencyPlan'],
  ])('refuses %s with 400 naming the field', async (_name, payload, field) => {
    const id = await episode();
    const res = await put(practitioner, id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await get(practitioner, id)).json().version).toBe(0);
  });

  it('refuses a body that is not an object', async () => {
    const id = await episode();
    expect((await put(practitioner, id, [1, 2])).statusCode).toBe(400);
  });
});

describe('who may see and change it', () => {
  it('is not found for those who may not see the episode, and for nonsense ids', async () => {
    const id = await episode();
    expect((await get(otherSite, id)).statusCode).toBe(404);
    expect((await put(otherSite, id, { idAndMoney: true })).statusCode).toBe(404);
    expect((await get(erPractitioner, id)).statusCode).toBe(404);
    expect((await get(practitioner, 'not-an-id')).statusCode).toBe(404);
    expect((await get(practitioner, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('is read-only for a referrer who can see the episode', async () => {
    const id = await episode();
    const read = await get(referrer, id);
    if (read.statusCode === 200) expect((await put(referrer, id, { idAndMoney: true })).statusCode).toBe(403);
    else expect(read.statusCode).toBe(404);
  });

  it('is read-only once the episode is closed', async () => {
    const id = await episode();
    const closed = await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/episodes/${id}/close`,
      payload: { reason: 'moved_and_transferred', summary: 'Left the area.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await put(practitioner, id, { idAndMoney: true })).statusCode).toBe(409);
  });
});
