// API.md "Episodes of care": opening (after screening; after the consultation for Enhanced RECONNECT),
// contacts, release, recall, re-release, closure, need-to-know, and status computed from the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { fictionalReferral, type ExampleKind } from '../demo/fictionalReferrals.ts';
import { addDaysIso, addMonthsIso, londonDate } from '../identifiers/dates.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anAcceptedReferral, aReferral, aReferralBody, staffAt } from '../../test/support/factories.ts';

const ER = SITES.lancashire;
const RC = SITES.eastOfEngland;

let t: TestApp;
let referrer: TestUser;
let erPractitioner: TestUser;
let erManager: TestUser;
let rcPractitioner: TestUser;
let seed = 700;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  erPractitioner = await staffAt(t, ER);
  erManager = await staffAt(t, ER, 'manager');
  rcPractitioner = await staffAt(t, RC);
});
afterAll(() => t.close());

const today = () => londonDate(t.clock.now);

function consultation(decision: 'accept' | 'decline' = 'accept') {
  return {
    date: today(),
    decision,
    rationale:
      decision === 'accept'
        ? 'High risk of harm and complex needs; agrees to support.'
        : 'Already well supported by the OPD pathway.',
    attendees: [
      { role: 'com', name: 'Chris Offender-Manager', organisation: 'Probation North West' },
      { role: 'pom', name: 'Pat Prison', organisation: 'HMP Preston' },
      { role: 'practitioner', name: 'Sam Worker', organisation: 'Enhanced RECONNECT' },
    ],
  };
}

/** A referral to `site`, optionally accepted at screening by `screener`. */
async function referral(
  site: string,
  options: { screener?: TestUser; kind?: ExampleKind; expectedReleaseDate?: string } = {},
): Promise<string> {
  const body = aReferralBody(t, site, { kind: options.kind ?? 'eligible', seed: seed++ });
  if (options.expectedReleaseDate) body.custody = { ...body.custody, expectedReleaseDate: options.expectedReleaseDate };
  const made = options.screener
    ? await anAcceptedReferral(t, { referrer, screener: options.screener }, site, { body })
    : await aReferral(t, referrer, site, { body });
  return made.id;
}

function open(user: TestUser, payload: object) {
  return t.api(user.token, { method: 'POST', url: '/api/v1/episodes', payload });
}
function get(user: TestUser, id: string) {
  return t.api(user.token, { method: 'GET', url: `/api/v1/episodes/${id}` });
}
function act(user: TestUser, id: string, action: string, payload: object, version?: number) {
  return t.api(user.token, {
    method: 'POST',
    url: `/api/v1/episodes/${id}/${action}`,
    payload,
    headers: version === undefined ? {} : { 'if-match': `"${version}"` },
  });
}
const contact = {
  at: '2026-11-10T08:30:00Z',
  type: 'in_prison',
  outcome: 'attended',
  durationMinutes: 45,
  notes: 'First meeting on the wing.',
};

describe('the life of an Enhanced RECONNECT episode', () => {
  it('opens after the consultation, records contacts, release, recall, re-release and closure', async () => {
    const referralId = await referral(ER, { screener: erPractitioner });
    const referralView = (
      await t.api(erPractitioner.token, { method: 'GET', url: `/api/v1/referrals/${referralId}` })
    ).json();

    const opened = await open(erPractitioner, { referralId, consultation: consultation() });
    expect(opened.statusCode).toBe(201);
    expect(opened.headers.etag).toBe('"1"');
    const episode = opened.json();
    expect(Object.keys(episode)).toEqual(
      expect.arrayContaining([
        'id',
        'referralId',
        'personId',
        'site',
        'status',
        'leadWorkerId',
        'expectedReleaseDate',
        'releasedOn',
        'preReleaseWindowOpensOn',
        'supportEndsOn',
        'version',
      ]),
    );
    const expected: string = referralView.referral.custody.expectedReleaseDate;
    expect(expected).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(episode).toMatchObject({
      referralId,
      site: ER,
      status: 'pre_release',
      leadWorkerId: erPractitioner.viewer.id,
      releasedOn: null,
      // Issue 10: "`supportEndsOn` is projected from the expected release date until release".
      supportEndsOn: addMonthsIso(expected, 12),
      supportEndsOnProjected: true,
      version: 1,
      expectedReleaseDate: expected,
      preReleaseWindowOpensOn: addMonthsIso(expected, -6),
    });

    const read = await get(erPractitioner, episode.id);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toMatchObject({ id: episode.id, status: 'pre_release' });

    const c = await act(erPractitioner, episode.id, 'contacts', { ...contact, at: t.clock.now.toISOString() });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({
      episodeId: episode.id,
      type: 'in_prison',
      outcome: 'attended',
      durationMinutes: 45,
    });

    const released = await act(
      erPractitioner,
      episode.id,
      'release',
      { releasedOn: today(), releasedFrom: 'court', destination: { postcode: 'PR1 2HE', localAuthority: 'Preston' } },
      1,
    );
    expect(released.statusCode).toBe(200);
    expect(released.headers.etag).toBe('"2"');
    expect(released.json()).toMatchObject({
      status: 'post_release',
      releasedOn: today(),
      supportEndsOn: addMonthsIso(today(), 12),
      version: 2,
    });

    t.clock.now = new Date('2026-12-10T09:00:00Z');
    const recalled = await act(erPractitioner, episode.id, 'recall', { reason: 'Breach of licence conditions' });
    expect(recalled.statusCode).toBe(200);
    expect(recalled.json()).toMatchObject({ status: 'paused', version: 3 });

    t.clock.now = new Date('2027-01-09T09:00:00Z');
    const again = await act(erPractitioner, episode.id, 'release', {
      releasedOn: '2027-01-09',
      releasedFrom: 'prison',
    });
    expect(again.statusCode).toBe(200);
    // 30 days in custody are added back to the support window.
    expect(again.json()).toMatchObject({
      status: 'post_release',
      releasedOn: '2026-11-10',
      lastReleasedOn: '2027-01-09',
      supportEndsOn: '2027-12-10',
      version: 4,
    });

    const stale = await act(
      erPractitioner,
      episode.id,
      'close',
      { reason: 'disengaged', summary: 'Stopped attending.' },
      3,
    );
    expect(stale.statusCode).toBe(412);
    const closed = await act(
      erPractitioner,
      episode.id,
      'close',
      { reason: 'support_completed', summary: 'Settled with GP and housing; support ended by agreement.' },
      4,
    );
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'support_completed', version: 5 });

    const refused = await act(erPractitioner, episode.id, 'contacts', { ...contact, at: '2027-01-09T08:00:00Z' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].message).toMatch(/closed/);

    const timeline = await t.api(erPractitioner.token, {
      method: 'GET',
      url: `/api/v1/episodes/${episode.id}/timeline`,
    });
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json().items.map((i: { kind: string }) => i.kind)).toEqual([
      'referral.received',
      'screening.accept',
      'consultation.accept',
      'episode.opened',
      'contact.recorded',
      'episode.released',
      'episode.recalled',
      'episode.released',
      'episode.closed',
    ]);
    expect(timeline.json().items[0]).toEqual(
      expect.objectContaining({ at: expect.any(String), summary: expect.any(String) }),
    );

    const audited = await t.services.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.recordId, episode.id))
      .orderBy(asc(auditEvents.id));
    expect(audited.map((a) => a.action)).toEqual([
      'episode.opened',
      'episode.viewed',
      'episode.contact_recorded',
      'episode.released',
      'episode.recalled',
      'episode.released',
      'episode.closed',
      'episode.timeline_viewed',
    ]);
    t.clock.now = new Date('2026-11-10T09:00:00Z');
  });

  it('needs the consultation (400 naming it); a declined consultation opens nothing and tells the referrer', async () => {
    const referralId = await referral(ER, { screener: erPractitioner });
    const missing = await open(erPractitioner, { referralId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['consultation']);

    const declined = await open(erPractitioner, { referralId, consultation: consultation('decline') });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ declined: true, referralId });
    const list = (await t.api(erPractitioner.token, { method: 'GET', url: `/api/v1/episodes?site=${ER}` })).json()
      .items;
    expect(list.find((e: { referralId: string }) => e.referralId === referralId)).toBeUndefined();
    const notices = (await t.api(referrer.token, { method: 'GET', url: '/api/v1/notifications' })).json().items;
    expect(notices).toContainEqual(
      expect.objectContaining({ kind: 'consultation.decline', link: `/referrals/${referralId}` }),
    );

    const invalid = await open(erPractitioner, {
      referralId,
      consultation: { ...consultation(), attendees: [], decision: 'maybe' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'consultation.attendees',
      'consultation.decision',
    ]);
  });
});

describe('RECONNECT', () => {
  it('opens straight away, with a lead worker of the site', async () => {
    const referralId = await referral(RC, { screener: rcPractitioner });
    const colleague = await staffAt(t, RC);
    const wrongLead = await open(rcPractitioner, { referralId, leadWorkerId: erPractitioner.viewer.id });
    expect(wrongLead.statusCode).toBe(400);
    expect(wrongLead.json().errors[0].field).toBe('leadWorkerId');
    const opened = await open(rcPractitioner, { referralId, leadWorkerId: colleague.viewer.id });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      site: RC,
      status: 'pre_release',
      leadWorkerId: colleague.viewer.id,
      consultation: null,
    });
  });
});

describe('refusals', () => {
  it('refuses a referral not yet accepted at screening (409)', async () => {
    const referralId = await referral(RC);
    const res = await open(rcPractitioner, { referralId });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].message).toMatch(/accepted at screening/);
  });

  it('refuses a second episode for the same referral (409)', async () => {
    const referralId = await referral(RC, { screener: rcPractitioner });
    expect((await open(rcPractitioner, { referralId })).statusCode).toBe(201);
    const second = await open(rcPractitioner, { referralId });
    expect(second.statusCode).toBe(409);
    expect(second.json().errors[0].message).toMatch(/already has an episode/);
  });

  it('hides episodes from other sites (404), and lets the referrer see but not change them (403)', async () => {
    const referralId = await referral(RC, { screener: rcPractitioner });
    expect((await open(erPractitioner, { referralId })).statusCode).toBe(404);
    expect((await open(referrer, { referralId })).statusCode).toBe(403);
    const { id } = (await open(rcPractitioner, { referralId })).json();
    expect((await get(erPractitioner, id)).statusCode).toBe(404);
    expect((await act(erPractitioner, id, 'contacts', contact)).statusCode).toBe(404);
    expect((await act(erPractitioner, id, 'close', { reason: 'disengaged', summary: 'y' })).statusCode).toBe(404);
    expect(
      (await t.api(erPractitioner.token, { method: 'GET', url: `/api/v1/episodes/${id}/timeline` })).statusCode,
    ).toBe(404);
    expect((await get(referrer, id)).statusCode).toBe(200);
    expect((await act(referrer, id, 'contacts', contact)).statusCode).toBe(403);
    expect((await act(referrer, id, 'release', { releasedOn: today(), releasedFrom: 'prison' })).statusCode).toBe(403);
    const stranger = await t.user('referrer');
    expect((await get(stranger, id)).statusCode).toBe(404);
    expect((await get(rcPractitioner, 'not-a-uuid')).statusCode).toBe(404);
    expect((await t.api(undefined, { method: 'GET', url: `/api/v1/episodes/${id}` })).statusCode).toBe(401);
  });

  it('refuses events that cannot happen, with the reason (409), and dates in the future (400)', async () => {
    const referralId = await referral(RC, { screener: rcPractitioner });
    const { id } = (await open(rcPractitioner, { referralId })).json();
    const recall = await act(rcPractitioner, id, 'recall', { reason: 'Licence breach' });
    expect(recall.statusCode).toBe(409);
    expect(recall.json().errors[0].message).toMatch(/can only follow a release/);
    const future = await act(rcPractitioner, id, 'release', {
      releasedOn: addDaysIso(today(), 1),
      releasedFrom: 'prison',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('releasedOn');
    expect((await act(rcPractitioner, id, 'release', { releasedOn: today(), releasedFrom: 'prison' })).statusCode).toBe(
      200,
    );
    const twice = await act(rcPractitioner, id, 'release', { releasedOn: today(), releasedFrom: 'prison' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].message).toMatch(/already released/);
    const bad = await act(rcPractitioner, id, 'contacts', { at: 'yesterday', type: 'pigeon', outcome: 'attended' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['at', 'type']);
  });
});

describe('need-to-know', () => {
  it('hides a restricted (priority group 1) episode from a plain practitioner of the site', async () => {
    if (fictionalReferral(ER, seed, t.clock.now, 'automatic').priorityGroup !== 1) seed++;
    expect(fictionalReferral(ER, seed, t.clock.now, 'automatic').priorityGroup).toBe(1);
    const referralId = await referral(ER, { screener: erManager, kind: 'automatic' });
    const referralView = (
      await t.api(erManager.token, { method: 'GET', url: `/api/v1/referrals/${referralId}` })
    ).json();
    expect(referralView.restricted).toBe(true);
    const opened = await open(erManager, { referralId, consultation: consultation() });
    expect(opened.statusCode).toBe(201);
    const { id } = opened.json();
    expect((await get(erManager, id)).statusCode).toBe(200);
    expect((await get(erPractitioner, id)).statusCode).toBe(404);
    expect((await act(erPractitioner, id, 'contacts', contact)).statusCode).toBe(404);
    const seen = (await t.api(erPractitioner.token, { method: 'GET', url: `/api/v1/episodes?site=${ER}` })).json()
      .items;
    expect(seen.map((e: { id: string }) => e.id)).not.toContain(id);
    const managerSees = (await t.api(erManager.token, { method: 'GET', url: `/api/v1/episodes?site=${ER}` })).json()
      .items;
    expect(managerSees.map((e: { id: string }) => e.id)).toContain(id);
  });

  it('lets the worker allocated as lead see a restricted record, and nobody else of the team', async () => {
    if (fictionalReferral(ER, seed, t.clock.now, 'automatic').priorityGroup !== 1) seed++;
    const referralId = await referral(ER, { screener: erManager, kind: 'automatic' });
    const lead = await staffAt(t, ER);
    const opened = await open(erManager, { referralId, consultation: consultation(), leadWorkerId: lead.viewer.id });
    expect(opened.statusCode).toBe(201);
    expect((await get(lead, opened.json().id)).statusCode).toBe(200);
    expect((await t.api(lead.token, { method: 'GET', url: `/api/v1/referrals/${referralId}` })).statusCode).toBe(200);
    expect((await get(erPractitioner, opened.json().id)).statusCode).toBe(404);
  });
});

describe('status from the clock', () => {
  it('waits for the pre-release window, then enters it, and lists by computed status', async () => {
    const start = t.clock.now;
    const expectedReleaseDate = addDaysIso(today(), 200);
    const referralId = await referral(RC, { screener: rcPractitioner, expectedReleaseDate });
    const opened = await open(rcPractitioner, { referralId });
    expect(opened.statusCode).toBe(201);
    const { id } = opened.json();
    const opensOn = addMonthsIso(expectedReleaseDate, -3);
    expect(opened.json()).toMatchObject({
      status: 'awaiting_window',
      expectedReleaseDate,
      preReleaseWindowOpensOn: opensOn,
      daysToRelease: 200,
    });

    const awaiting = (
      await t.api(rcPractitioner.token, { method: 'GET', url: `/api/v1/episodes?site=${RC}&status=awaiting_window` })
    ).json().items;
    expect(awaiting.map((e: { id: string }) => e.id)).toContain(id);
    expect(awaiting.every((e: { status: string }) => e.status === 'awaiting_window')).toBe(true);

    t.clock.now = new Date(`${addDaysIso(opensOn, -1)}T12:00:00Z`);
    expect((await get(rcPractitioner, id)).json().status).toBe('awaiting_window');
    t.clock.now = new Date(`${opensOn}T12:00:00Z`);
    expect((await get(rcPractitioner, id)).json().status).toBe('pre_release');
    const inWindow = (
      await t.api(rcPractitioner.token, { method: 'GET', url: `/api/v1/episodes?site=${RC}&status=pre_release` })
    ).json().items;
    expect(inWindow.map((e: { id: string }) => e.id)).toContain(id);

    t.clock.now = new Date(`${addDaysIso(expectedReleaseDate, 2)}T12:00:00Z`);
    const overdue = (await get(rcPractitioner, id)).json();
    expect(overdue.status).toBe('pre_release');
    expect(overdue.warnings.join(' ')).toMatch(/has passed/);

    expect(
      (await t.api(rcPractitioner.token, { method: 'GET', url: '/api/v1/episodes?status=sideways' })).statusCode,
    ).toBe(400);
    t.clock.now = start;
  });
});
