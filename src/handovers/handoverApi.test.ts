// docs/api/handovers.md: asking another team to take a person on (transfer, step up, step down,
// out-of-area), every refusal, accepting (a receiving referral and episode, the sender's episode closed),
// declining (the episode goes on), withdrawing, and need-to-know for a restricted person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fictionalReferral, type ExampleKind } from '../demo/fictionalReferrals.ts';
import { londonDate } from '../identifiers/dates.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { openHandoversFor } from './repository.ts';

const HAMPSHIRE = 'reconnect-hampshire';
const EAST = 'reconnect-east-of-england';
const LANCASHIRE = 'er-lancashire-cumbria';
const BIRMINGHAM = 'er-birmingham-solihull';

let t: TestApp;
let referrer: TestUser;
const staff: Record<string, { practitioner: TestUser; manager: TestUser }> = {};
let seed = 300;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation' });
  for (const site of [HAMPSHIRE, EAST, LANCASHIRE, BIRMINGHAM]) {
    staff[site] = {
      practitioner: await t.user('practitioner', { sites: [site] }),
      manager: await t.user('manager', { sites: [site] }),
    };
  }
});
afterAll(() => t.close());

const today = () => londonDate(t.clock.now);
const prac = (site: string) => staff[site]!.practitioner;
const mgr = (site: string) => staff[site]!.manager;

function consultation() {
  return {
    date: today(),
    decision: 'accept',
    rationale: 'High risk of harm with complex needs; agrees to the step up.',
    attendees: [{ role: 'com', name: 'Chris Offender-Manager', organisation: 'Probation' }],
  };
}

/** An open episode at `site`: referred, accepted at screening, opened (ER after its consultation). */
async function episodeAt(
  site: string,
  kind: ExampleKind = 'eligible',
): Promise<{ id: string; referralId: string; expectedReleaseDate: string | null }> {
  const made = await t.api(referrer.token, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: fictionalReferral(site, seed++, t.clock.now, kind),
  });
  expect(made.statusCode).toBe(201);
  const { id, version } = made.json();
  const screened = await t.api(mgr(site).token, {
    method: 'POST',
    url: `/api/v1/referrals/${id}/screening`,
    payload: { decision: 'accept' },
    headers: { 'if-match': `"${version}"` },
  });
  expect(screened.statusCode).toBe(200);
  const opened = await t.api(mgr(site).token, {
    method: 'POST',
    url: '/api/v1/episodes',
    payload: { referralId: id, ...(site.startsWith('er-') ? { consultation: consultation() } : {}) },
  });
  expect(opened.statusCode).toBe(201);
  return { id: opened.json().id, referralId: id, expectedReleaseDate: opened.json().expectedReleaseDate };
}

const request = (user: TestUser, episodeId: string, payload: object) =>
  t.api(user.token, { method: 'POST', url: `/api/v1/episodes/${episodeId}/handovers`, payload });
const ask = (kind: string, toSite: string) => ({
  kind,
  toSite,
  reason: 'Moving to live with a sister.',
  summary: 'Alcohol use; registered with a GP; prefers phone contact.',
  consentToShare: true,
});
const decide = (user: TestUser, id: string, payload: object, version?: number) =>
  t.api(user.token, {
    method: 'POST',
    url: `/api/v1/handovers/${id}/decision`,
    payload,
    headers: version === undefined ? {} : { 'if-match': `"${version}"` },
  });
const get = (user: TestUser, url: string) => t.api(user.token, { method: 'GET', url });

describe('a step up from RECONNECT to Enhanced RECONNECT', () => {
  it('is asked, seen by the receiving team with only its own fields, accepted after the consultation, and closes the sender', async () => {
    const sending = await episodeAt(HAMPSHIRE);
    const asked = await request(prac(HAMPSHIRE), sending.id, ask('step_up', BIRMINGHAM));
    expect(asked.statusCode).toBe(201);
    expect(asked.headers.etag).toBe('"1"');
    const handover = asked.json();
    expect(handover).toMatchObject({
      kind: 'step_up',
      status: 'requested',
      fromSite: HAMPSHIRE,
      toSite: BIRMINGHAM,
      episodeId: sending.id,
      consentToShare: true,
    });
    expect((await openHandoversFor(t.services.db, [sending.id])).get(sending.id)).toEqual({
      status: 'requested',
      toSite: BIRMINGHAM,
      kind: 'step_up',
    });

    // The receiving team: the handover's own fields, never the sending referral or episode.
    const incoming = await get(prac(BIRMINGHAM), `/api/v1/handovers?site=${BIRMINGHAM}&direction=incoming`);
    expect(incoming.statusCode).toBe(200);
    const seen = incoming.json().items.find((h: { id: string }) => h.id === handover.id);
    expect(seen).toMatchObject({
      reason: handover.reason,
      summary: handover.summary,
      fromSite: HAMPSHIRE,
      person: handover.person,
    });
    expect(JSON.stringify(seen)).not.toContain(sending.id);
    expect(JSON.stringify(seen)).not.toContain(sending.referralId);
    expect((await get(prac(BIRMINGHAM), `/api/v1/episodes/${sending.id}`)).statusCode).toBe(404);
    expect((await get(prac(BIRMINGHAM), `/api/v1/referrals/${sending.referralId}`)).statusCode).toBe(404);
    expect((await get(prac(HAMPSHIRE), `/api/v1/handovers?direction=incoming`)).json().items).toEqual([]);
    expect(
      (await get(prac(HAMPSHIRE), `/api/v1/handovers?direction=outgoing&site=${HAMPSHIRE}`))
        .json()
        .items.map((h: { id: string }) => h.id),
    ).toContain(handover.id);
    const notices = (await get(mgr(BIRMINGHAM), '/api/v1/notifications')).json().items;
    expect(notices.some((n: { kind: string }) => n.kind === 'handover.requested')).toBe(true);

    // Refusals before the acceptance.
    expect((await decide(prac(BIRMINGHAM), handover.id, { decision: 'accept' })).statusCode).toBe(428);
    expect(
      (await decide(prac(BIRMINGHAM), handover.id, { decision: 'accept', consultation: consultation() }, 7)).statusCode,
    ).toBe(412);
    const noConsultation = await decide(prac(BIRMINGHAM), handover.id, { decision: 'accept' }, 1);
    expect(noConsultation.statusCode).toBe(400);
    expect(noConsultation.json().errors[0].field).toBe('consultation');
    expect((await decide(prac(HAMPSHIRE), handover.id, { decision: 'accept' }, 1)).statusCode).toBe(403);
    expect((await decide(prac(EAST), handover.id, { decision: 'accept' }, 1)).statusCode).toBe(404);

    const accepted = await decide(
      prac(BIRMINGHAM),
      handover.id,
      { decision: 'accept', note: 'Welcome.', consultation: consultation() },
      1,
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2 });
    const { receivingReferralId, receivingEpisodeId } = accepted.json();
    expect(receivingEpisodeId).toMatch(/^[0-9a-f-]{36}$/);

    const receiving = await get(prac(BIRMINGHAM), `/api/v1/episodes/${receivingEpisodeId}`);
    expect(receiving.statusCode).toBe(200);
    expect(receiving.json()).toMatchObject({
      site: BIRMINGHAM,
      referralId: receivingReferralId,
      status: 'pre_release',
      expectedReleaseDate: sending.expectedReleaseDate,
      leadWorkerId: prac(BIRMINGHAM).viewer.id,
    });
    const referral = (await get(prac(BIRMINGHAM), `/api/v1/referrals/${receivingReferralId}`)).json();
    expect(referral).toMatchObject({ status: 'accepted', site: BIRMINGHAM, restricted: false });
    expect(referral.referral).toMatchObject({
      source: { type: 'reconnect' },
      healthNeeds: handover.summary,
      arrivedBy: { handoverId: handover.id, kind: 'step_up', fromSite: HAMPSHIRE },
    });
    // The receiving chronology holds what was shared, not the sending team's record.
    const timeline = (await get(prac(BIRMINGHAM), `/api/v1/episodes/${receivingEpisodeId}/timeline`)).json().items as {
      kind: string;
      referralId: string | null;
    }[];
    expect(timeline.every((e) => e.referralId === receivingReferralId || e.referralId === null)).toBe(true);
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['referral.received', 'episode.opened']));

    const closed = (await get(prac(HAMPSHIRE), `/api/v1/episodes/${sending.id}`)).json();
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'stepped_up_or_down' });
    expect((await get(prac(HAMPSHIRE), `/api/v1/episodes/${receivingEpisodeId}`)).statusCode).toBe(404);
    expect((await get(prac(HAMPSHIRE), `/api/v1/referrals/${receivingReferralId}`)).statusCode).toBe(404);
    const told = (await get(prac(HAMPSHIRE), '/api/v1/notifications')).json().items;
    expect(told.some((n: { kind: string }) => n.kind === 'handover.accepted')).toBe(true);
    const sendingTimeline = (await get(prac(HAMPSHIRE), `/api/v1/episodes/${sending.id}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(sendingTimeline).toEqual(
      expect.arrayContaining(['handover.requested', 'handover.accepted', 'episode.closed']),
    );

    expect((await decide(prac(BIRMINGHAM), handover.id, { decision: 'decline', note: 'Too late' }, 2)).statusCode).toBe(
      409,
    );
    expect((await openHandoversFor(t.services.db, [sending.id])).get(sending.id)?.status).toBe('accepted');
  });
});

describe('a step down, a transfer and an out-of-area handover', () => {
  it('steps down from Enhanced RECONNECT without a consultation, with the lead worker chosen', async () => {
    const sending = await episodeAt(LANCASHIRE);
    const handover = (await request(prac(LANCASHIRE), sending.id, ask('step_down', EAST))).json();
    const badLead = await decide(
      mgr(EAST),
      handover.id,
      { decision: 'accept', leadWorkerId: prac(HAMPSHIRE).viewer.id },
      1,
    );
    expect(badLead.statusCode).toBe(400);
    expect(badLead.json().errors[0].field).toBe('leadWorkerId');
    const accepted = await decide(
      mgr(EAST),
      handover.id,
      { decision: 'accept', leadWorkerId: prac(EAST).viewer.id },
      1,
    );
    expect(accepted.statusCode).toBe(200);
    expect((await get(prac(EAST), `/api/v1/episodes/${accepted.json().receivingEpisodeId}`)).json()).toMatchObject({
      site: EAST,
      leadWorkerId: prac(EAST).viewer.id,
    });
    expect((await get(prac(LANCASHIRE), `/api/v1/episodes/${sending.id}`)).json()).toMatchObject({
      status: 'closed',
      closedReason: 'stepped_up_or_down',
    });
  });

  it('hands over an out-of-area release to a team of any model, closing the sender as moved_and_transferred', async () => {
    const sending = await episodeAt(LANCASHIRE);
    const handover = (await request(mgr(LANCASHIRE), sending.id, ask('out_of_area', HAMPSHIRE))).json();
    const accepted = await decide(prac(HAMPSHIRE), handover.id, { decision: 'accept' }, 1);
    expect(accepted.statusCode).toBe(200);
    expect((await get(prac(LANCASHIRE), `/api/v1/episodes/${sending.id}`)).json()).toMatchObject({
      status: 'closed',
      closedReason: 'moved_and_transferred',
    });
  });

  it('declines a transfer with a note (the episode goes on), then a new request is withdrawn', async () => {
    const sending = await episodeAt(HAMPSHIRE);
    const first = (await request(prac(HAMPSHIRE), sending.id, ask('transfer', EAST))).json();
    const noNote = await decide(prac(EAST), first.id, { decision: 'decline' }, 1);
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('note');
    const declined = await decide(
      prac(EAST),
      first.id,
      { decision: 'decline', note: 'No capacity this month; ask again in January.' },
      1,
    );
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({
      status: 'declined',
      decisionNote: 'No capacity this month; ask again in January.',
    });
    expect((await get(prac(HAMPSHIRE), `/api/v1/episodes/${sending.id}`)).json().status).not.toBe('closed');
    expect(
      (await get(prac(HAMPSHIRE), '/api/v1/notifications'))
        .json()
        .items.some((n: { kind: string }) => n.kind === 'handover.declined'),
    ).toBe(true);
    expect((await openHandoversFor(t.services.db, [sending.id])).has(sending.id)).toBe(false);

    const second = (await request(prac(HAMPSHIRE), sending.id, ask('transfer', EAST))).json();
    expect(second.status).toBe('requested');
    expect(
      (await t.api(prac(EAST).token, { method: 'POST', url: `/api/v1/handovers/${second.id}/withdraw`, payload: {} }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.api(prac(HAMPSHIRE).token, {
          method: 'POST',
          url: `/api/v1/handovers/${second.id}/withdraw`,
          payload: {},
          headers: { 'if-match': '"9"' },
        })
      ).statusCode,
    ).toBe(412);
    const withdrawn = await t.api(prac(HAMPSHIRE).token, {
      method: 'POST',
      url: `/api/v1/handovers/${second.id}/withdraw`,
      payload: { note: 'Staying in Hampshire after all.' },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(
      (
        await t.api(prac(HAMPSHIRE).token, {
          method: 'POST',
          url: `/api/v1/handovers/${second.id}/withdraw`,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
    expect((await decide(prac(EAST), second.id, { decision: 'accept' }, 2)).statusCode).toBe(409);
    const history = await get(prac(HAMPSHIRE), `/api/v1/handovers/${first.id}`);
    expect(history.statusCode).toBe(200);
    expect(history.headers.etag).toBe('"2"');
  });
});

describe('refusals when asking', () => {
  let episode: { id: string };
  beforeAll(async () => {
    episode = await episodeAt(HAMPSHIRE);
  });

  it('needs the person’s agreement to what is shared', async () => {
    for (const consentToShare of [false, undefined, 'yes']) {
      const res = await request(prac(HAMPSHIRE), episode.id, { ...ask('transfer', EAST), consentToShare });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        { field: 'consentToShare', message: expect.stringMatching(/^The person must agree to what is shared/) },
      ]);
    }
  });

  it.each([
    ['a step up from RECONNECT to RECONNECT', 'step_up', EAST, 'kind'],
    ['a step down from RECONNECT', 'step_down', EAST, 'kind'],
    ['a transfer to another model', 'transfer', BIRMINGHAM, 'kind'],
    ['its own team', 'out_of_area', HAMPSHIRE, 'toSite'],
    ['an unknown site', 'transfer', 'nowhere', 'toSite'],
  ])('refuses %s with 400', async (_name, kind, toSite, field) => {
    const res = await request(prac(HAMPSHIRE), episode.id, ask(kind, toSite));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
  });

  it('refuses a bad kind, an empty reason or summary', async () => {
    const res = await request(prac(HAMPSHIRE), episode.id, {
      kind: 'sideways',
      toSite: EAST,
      reason: ' ',
      summary: '',
      consentToShare: true,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['kind', 'reason', 'summary']);
  });

  it('is only for the team: 404 for those who cannot see the episode, 403 for those who can but do not work there', async () => {
    expect((await request(prac(EAST), episode.id, ask('transfer', EAST))).statusCode).toBe(404);
    expect((await request(referrer, episode.id, ask('transfer', EAST))).statusCode).toBe(403);
    expect(
      (await request(prac(HAMPSHIRE), '00000000-0000-4000-8000-000000000000', ask('transfer', EAST))).statusCode,
    ).toBe(404);
    expect((await get(referrer, '/api/v1/handovers')).json().items).toEqual([]);
  });

  it('allows one request at a time, and none on a closed episode', async () => {
    const first = await request(prac(HAMPSHIRE), episode.id, ask('transfer', EAST));
    expect(first.statusCode).toBe(201);
    const again = await request(prac(HAMPSHIRE), episode.id, ask('step_up', BIRMINGHAM));
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].message).toMatch(/already a request waiting/);
    await t.api(prac(HAMPSHIRE).token, {
      method: 'POST',
      url: `/api/v1/handovers/${first.json().id}/withdraw`,
      payload: {},
    });
    const other = await episodeAt(HAMPSHIRE);
    const closed = await t.api(prac(HAMPSHIRE).token, {
      method: 'POST',
      url: `/api/v1/episodes/${other.id}/close`,
      payload: { reason: 'disengaged', summary: 'Stopped attending.' },
    });
    expect(closed.statusCode).toBe(200);
    const refused = await request(prac(HAMPSHIRE), other.id, ask('transfer', EAST));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].message).toMatch(/closed/);
  });
});

describe('need-to-know: a restricted person', () => {
  it('shows the request at the receiving site to its managers only, and the new referral stays restricted', async () => {
    const sending = await episodeAt(LANCASHIRE, 'automatic');
    const sendingReferral = (await get(mgr(LANCASHIRE), `/api/v1/referrals/${sending.referralId}`)).json();
    expect(sendingReferral.restricted).toBe(true);
    const asked = await request(mgr(LANCASHIRE), sending.id, ask('transfer', BIRMINGHAM));
    expect(asked.statusCode).toBe(201);
    const handover = asked.json();
    const name = sendingReferral.person.familyName as string;
    // Fictional names repeat between seeds: the name with the date of birth is this person.
    const person = `"familyName":"${name}","dateOfBirth":"${sendingReferral.person.dateOfBirth}"`;

    // The receiving practitioner: no trace at all.
    const practitioner = prac(BIRMINGHAM);
    for (const url of [
      '/api/v1/handovers',
      `/api/v1/handovers?site=${BIRMINGHAM}&direction=incoming`,
      `/api/v1/handovers/${handover.id}`,
    ]) {
      const res = await get(practitioner, url);
      expect(res.body).not.toContain(handover.id);
      expect(res.body).not.toContain(person);
    }
    expect((await get(practitioner, `/api/v1/handovers/${handover.id}`)).statusCode).toBe(404);
    expect((await decide(practitioner, handover.id, { decision: 'decline', note: 'probe' }, 1)).statusCode).toBe(404);

    // The receiving manager sees and accepts it.
    const managerView = await get(mgr(BIRMINGHAM), `/api/v1/handovers/${handover.id}`);
    expect(managerView.statusCode).toBe(200);
    expect(managerView.json().person.familyName).toBe(name);
    const accepted = await decide(
      mgr(BIRMINGHAM),
      handover.id,
      { decision: 'accept', consultation: consultation() },
      1,
    );
    expect(accepted.statusCode).toBe(200);
    const { receivingReferralId, receivingEpisodeId } = accepted.json();
    expect((await get(mgr(BIRMINGHAM), `/api/v1/referrals/${receivingReferralId}`)).json()).toMatchObject({
      restricted: true,
    });
    expect((await get(practitioner, `/api/v1/referrals/${receivingReferralId}`)).statusCode).toBe(404);
    expect((await get(practitioner, `/api/v1/episodes/${receivingEpisodeId}`)).statusCode).toBe(404);
    const episodes = await get(practitioner, `/api/v1/episodes?site=${BIRMINGHAM}`);
    expect(episodes.body).not.toContain(receivingEpisodeId);
  });
});
