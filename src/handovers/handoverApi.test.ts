// docs/api/handovers.md: asking another team to take a person on (transfer, step up, step down,
// out-of-area), every refusal, accepting (a receiving referral and episode, the sender's episode closed),
// declining (the episode goes on), withdrawing, and need-to-know for a restricted person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExampleKind } from '../demo/fictionalReferrals.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, aConsultation, anOpenEpisode, staffAt, type SiteCode } from '../../test/support/factories.ts';
import { openHandoversFor } from './repository.ts';

let t: TestApp;
let referrer: TestUser;
interface Team {
  practitioner: TestUser;
  manager: TestUser;
}
let staff: Record<SiteCode, Team>;
const teamAt = async (site: SiteCode): Promise<Team> => ({
  practitioner: await staffAt(t, site),
  manager: await staffAt(t, site, 'manager'),
});

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation' });
  staff = {
    [SITES.hampshire]: await teamAt(SITES.hampshire),
    [SITES.eastOfEngland]: await teamAt(SITES.eastOfEngland),
    [SITES.lancashire]: await teamAt(SITES.lancashire),
    [SITES.birmingham]: await teamAt(SITES.birmingham),
  };
});
afterAll(() => t.close());

const prac = (site: SiteCode) => staff[site].practitioner;
const mgr = (site: SiteCode) => staff[site].manager;

/** An open episode at `site`: referred, accepted at screening, opened (ER after its consultation). */
const episodeAt = (site: SiteCode, kind: ExampleKind = 'eligible') =>
  anOpenEpisode(t, { referrer, manager: mgr(site) }, site, { kind });

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
    const sending = await episodeAt(SITES.hampshire);
    const asked = await request(prac(SITES.hampshire), sending.id, ask('step_up', SITES.birmingham));
    expect(asked.statusCode).toBe(201);
    expect(asked.headers.etag).toBe('"1"');
    const handover = asked.json();
    expect(handover).toMatchObject({
      kind: 'step_up',
      status: 'requested',
      fromSite: SITES.hampshire,
      toSite: SITES.birmingham,
      episodeId: sending.id,
      consentToShare: true,
    });
    expect((await openHandoversFor(t.services.db, [sending.id])).get(sending.id)).toEqual({
      status: 'requested',
      toSite: SITES.birmingham,
      kind: 'step_up',
    });

    // The receiving team: the handover's own fields, never the sending referral or episode.
    const incoming = await get(prac(SITES.birmingham), `/api/v1/handovers?site=${SITES.birmingham}&direction=incoming`);
    expect(incoming.statusCode).toBe(200);
    const seen = incoming.json().items.find((h: { id: string }) => h.id === handover.id);
    expect(seen).toMatchObject({
      reason: handover.reason,
      summary: handover.summary,
      fromSite: SITES.hampshire,
      person: handover.person,
    });
    expect(JSON.stringify(seen)).not.toContain(sending.id);
    expect(JSON.stringify(seen)).not.toContain(sending.referralId);
    expect((await get(prac(SITES.birmingham), `/api/v1/episodes/${sending.id}`)).statusCode).toBe(404);
    expect((await get(prac(SITES.birmingham), `/api/v1/referrals/${sending.referralId}`)).statusCode).toBe(404);
    expect((await get(prac(SITES.hampshire), `/api/v1/handovers?direction=incoming`)).json().items).toEqual([]);
    expect(
      (await get(prac(SITES.hampshire), `/api/v1/handovers?direction=outgoing&site=${SITES.hampshire}`))
        .json()
        .items.map((h: { id: string }) => h.id),
    ).toContain(handover.id);
    const notices = (await get(mgr(SITES.birmingham), '/api/v1/notifications')).json().items;
    expect(notices.some((n: { kind: string }) => n.kind === 'handover.requested')).toBe(true);

    // Refusals before the acceptance.
    expect((await decide(prac(SITES.birmingham), handover.id, { decision: 'accept' })).statusCode).toBe(428);
    expect(
      (await decide(prac(SITES.birmingham), handover.id, { decision: 'accept', consultation: aConsultation(t) }, 7))
        .statusCode,
    ).toBe(412);
    const noConsultation = await decide(prac(SITES.birmingham), handover.id, { decision: 'accept' }, 1);
    expect(noConsultation.statusCode).toBe(400);
    expect(noConsultation.json().errors[0].field).toBe('consultation');
    expect((await decide(prac(SITES.hampshire), handover.id, { decision: 'accept' }, 1)).statusCode).toBe(403);
    expect((await decide(prac(SITES.eastOfEngland), handover.id, { decision: 'accept' }, 1)).statusCode).toBe(404);

    const accepted = await decide(
      prac(SITES.birmingham),
      handover.id,
      { decision: 'accept', note: 'Welcome.', consultation: aConsultation(t) },
      1,
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2 });
    const { receivingReferralId, receivingEpisodeId } = accepted.json();
    expect(receivingEpisodeId).toMatch(/^[0-9a-f-]{36}$/);

    const receiving = await get(prac(SITES.birmingham), `/api/v1/episodes/${receivingEpisodeId}`);
    expect(receiving.statusCode).toBe(200);
    expect(receiving.json()).toMatchObject({
      site: SITES.birmingham,
      referralId: receivingReferralId,
      status: 'pre_release',
      expectedReleaseDate: sending.expectedReleaseDate,
      leadWorkerId: prac(SITES.birmingham).viewer.id,
    });
    const referral = (await get(prac(SITES.birmingham), `/api/v1/referrals/${receivingReferralId}`)).json();
    expect(referral).toMatchObject({ status: 'accepted', site: SITES.birmingham, restricted: false });
    expect(referral.referral).toMatchObject({
      source: { type: 'reconnect' },
      healthNeeds: handover.summary,
      arrivedBy: { handoverId: handover.id, kind: 'step_up', fromSite: SITES.hampshire },
    });
    // The receiving chronology holds what was shared, not the sending team's record.
    const timeline = (await get(prac(SITES.birmingham), `/api/v1/episodes/${receivingEpisodeId}/timeline`)).json()
      .items as {
      kind: string;
      referralId: string | null;
    }[];
    expect(timeline.every((e) => e.referralId === receivingReferralId || e.referralId === null)).toBe(true);
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['referral.received', 'episode.opened']));

    const closed = (await get(prac(SITES.hampshire), `/api/v1/episodes/${sending.id}`)).json();
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'stepped_up_or_down' });
    expect((await get(prac(SITES.hampshire), `/api/v1/episodes/${receivingEpisodeId}`)).statusCode).toBe(404);
    expect((await get(prac(SITES.hampshire), `/api/v1/referrals/${receivingReferralId}`)).statusCode).toBe(404);
    const told = (await get(prac(SITES.hampshire), '/api/v1/notifications')).json().items;
    expect(told.some((n: { kind: string }) => n.kind === 'handover.accepted')).toBe(true);
    const sendingTimeline = (await get(prac(SITES.hampshire), `/api/v1/episodes/${sending.id}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(sendingTimeline).toEqual(
      expect.arrayContaining(['handover.requested', 'handover.accepted', 'episode.closed']),
    );

    expect(
      (await decide(prac(SITES.birmingham), handover.id, { decision: 'decline', note: 'Too late' }, 2)).statusCode,
    ).toBe(409);
    expect((await openHandoversFor(t.services.db, [sending.id])).get(sending.id)?.status).toBe('accepted');
  });
});

describe('a step down, a transfer and an out-of-area handover', () => {
  it('steps down from Enhanced RECONNECT without a consultation, with the lead worker chosen', async () => {
    const sending = await episodeAt(SITES.lancashire);
    const handover = (await request(prac(SITES.lancashire), sending.id, ask('step_down', SITES.eastOfEngland))).json();
    const badLead = await decide(
      mgr(SITES.eastOfEngland),
      handover.id,
      { decision: 'accept', leadWorkerId: prac(SITES.hampshire).viewer.id },
      1,
    );
    expect(badLead.statusCode).toBe(400);
    expect(badLead.json().errors[0].field).toBe('leadWorkerId');
    const accepted = await decide(
      mgr(SITES.eastOfEngland),
      handover.id,
      { decision: 'accept', leadWorkerId: prac(SITES.eastOfEngland).viewer.id },
      1,
    );
    expect(accepted.statusCode).toBe(200);
    expect(
      (await get(prac(SITES.eastOfEngland), `/api/v1/episodes/${accepted.json().receivingEpisodeId}`)).json(),
    ).toMatchObject({
      site: SITES.eastOfEngland,
      leadWorkerId: prac(SITES.eastOfEngland).viewer.id,
    });
    expect((await get(prac(SITES.lancashire), `/api/v1/episodes/${sending.id}`)).json()).toMatchObject({
      status: 'closed',
      closedReason: 'stepped_up_or_down',
    });
  });

  it('hands over an out-of-area release to a team of any model, closing the sender as moved_and_transferred', async () => {
    const sending = await episodeAt(SITES.lancashire);
    const handover = (await request(mgr(SITES.lancashire), sending.id, ask('out_of_area', SITES.hampshire))).json();
    const accepted = await decide(prac(SITES.hampshire), handover.id, { decision: 'accept' }, 1);
    expect(accepted.statusCode).toBe(200);
    expect((await get(prac(SITES.lancashire), `/api/v1/episodes/${sending.id}`)).json()).toMatchObject({
      status: 'closed',
      closedReason: 'moved_and_transferred',
    });
  });

  it('declines a transfer with a note (the episode goes on), then a new request is withdrawn', async () => {
    const sending = await episodeAt(SITES.hampshire);
    const first = (await request(prac(SITES.hampshire), sending.id, ask('transfer', SITES.eastOfEngland))).json();
    const noNote = await decide(prac(SITES.eastOfEngland), first.id, { decision: 'decline' }, 1);
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('note');
    const declined = await decide(
      prac(SITES.eastOfEngland),
      first.id,
      { decision: 'decline', note: 'No capacity this month; ask again in January.' },
      1,
    );
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({
      status: 'declined',
      decisionNote: 'No capacity this month; ask again in January.',
    });
    expect((await get(prac(SITES.hampshire), `/api/v1/episodes/${sending.id}`)).json().status).not.toBe('closed');
    expect(
      (await get(prac(SITES.hampshire), '/api/v1/notifications'))
        .json()
        .items.some((n: { kind: string }) => n.kind === 'handover.declined'),
    ).toBe(true);
    expect((await openHandoversFor(t.services.db, [sending.id])).has(sending.id)).toBe(false);

    const second = (await request(prac(SITES.hampshire), sending.id, ask('transfer', SITES.eastOfEngland))).json();
    expect(second.status).toBe('requested');
    expect(
      (
        await t.api(prac(SITES.eastOfEngland).token, {
          method: 'POST',
          url: `/api/v1/handovers/${second.id}/withdraw`,
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.api(prac(SITES.hampshire).token, {
          method: 'POST',
          url: `/api/v1/handovers/${second.id}/withdraw`,
          payload: {},
          headers: { 'if-match': '"9"' },
        })
      ).statusCode,
    ).toBe(412);
    const withdrawn = await t.api(prac(SITES.hampshire).token, {
      method: 'POST',
      url: `/api/v1/handovers/${second.id}/withdraw`,
      payload: { note: 'Staying in Hampshire after all.' },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(
      (
        await t.api(prac(SITES.hampshire).token, {
          method: 'POST',
          url: `/api/v1/handovers/${second.id}/withdraw`,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
    expect((await decide(prac(SITES.eastOfEngland), second.id, { decision: 'accept' }, 2)).statusCode).toBe(409);
    const history = await get(prac(SITES.hampshire), `/api/v1/handovers/${first.id}`);
    expect(history.statusCode).toBe(200);
    expect(history.headers.etag).toBe('"2"');
  });
});

describe('refusals when asking', () => {
  let episode: { id: string };
  beforeAll(async () => {
    episode = await episodeAt(SITES.hampshire);
  });

  it('needs the person’s agreement to what is shared', async () => {
    for (const consentToShare of [false, undefined, 'yes']) {
      const res = await request(prac(SITES.hampshire), episode.id, {
        ...ask('transfer', SITES.eastOfEngland),
        consentToShare,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        { field: 'consentToShare', message: expect.stringMatching(/^The person must agree to what is shared/) },
      ]);
    }
  });

  it.each([
    ['a step up from RECONNECT to RECONNECT', 'step_up', SITES.eastOfEngland, 'kind'],
    ['a step down from RECONNECT', 'step_down', SITES.eastOfEngland, 'kind'],
    ['a transfer to another model', 'transfer', SITES.birmingham, 'kind'],
    ['its own team', 'out_of_area', SITES.hampshire, 'toSite'],
    ['an unknown site', 'transfer', 'nowhere', 'toSite'],
  ])('refuses %s with 400', async (_name, kind, toSite, field) => {
    const res = await request(prac(SITES.hampshire), episode.id, ask(kind, toSite));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
  });

  it('refuses a bad kind, an empty reason or summary', async () => {
    const res = await request(prac(SITES.hampshire), episode.id, {
      kind: 'sideways',
      toSite: SITES.eastOfEngland,
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
    expect(
      (await request(prac(SITES.eastOfEngland), episode.id, ask('transfer', SITES.eastOfEngland))).statusCode,
    ).toBe(404);
    expect((await request(referrer, episode.id, ask('transfer', SITES.eastOfEngland))).statusCode).toBe(403);
    expect(
      (
        await request(
          prac(SITES.hampshire),
          '00000000-0000-4000-8000-000000000000',
          ask('transfer', SITES.eastOfEngland),
        )
      ).statusCode,
    ).toBe(404);
    expect((await get(referrer, '/api/v1/handovers')).json().items).toEqual([]);
  });

  it('allows one request at a time, and none on a closed episode', async () => {
    const first = await request(prac(SITES.hampshire), episode.id, ask('transfer', SITES.eastOfEngland));
    expect(first.statusCode).toBe(201);
    const again = await request(prac(SITES.hampshire), episode.id, ask('step_up', SITES.birmingham));
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].message).toMatch(/already a request waiting/);
    await t.api(prac(SITES.hampshire).token, {
      method: 'POST',
      url: `/api/v1/handovers/${first.json().id}/withdraw`,
      payload: {},
    });
    const other = await episodeAt(SITES.hampshire);
    const closed = await t.api(prac(SITES.hampshire).token, {
      method: 'POST',
      url: `/api/v1/episodes/${other.id}/close`,
      payload: { reason: 'disengaged', summary: 'Stopped attending.' },
    });
    expect(closed.statusCode).toBe(200);
    const refused = await request(prac(SITES.hampshire), other.id, ask('transfer', SITES.eastOfEngland));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].message).toMatch(/closed/);
  });
});

describe('need-to-know: a restricted person', () => {
  it('shows the request at the receiving site to its managers only, and the new referral stays restricted', async () => {
    const sending = await episodeAt(SITES.lancashire, 'automatic');
    const sendingReferral = (await get(mgr(SITES.lancashire), `/api/v1/referrals/${sending.referralId}`)).json();
    expect(sendingReferral.restricted).toBe(true);
    const asked = await request(mgr(SITES.lancashire), sending.id, ask('transfer', SITES.birmingham));
    expect(asked.statusCode).toBe(201);
    const handover = asked.json();
    const name = sendingReferral.person.familyName as string;
    // Fictional names repeat between seeds: the name with the date of birth is this person.
    const person = `"familyName":"${name}","dateOfBirth":"${sendingReferral.person.dateOfBirth}"`;

    // The receiving practitioner: no trace at all.
    const practitioner = prac(SITES.birmingham);
    for (const url of [
      '/api/v1/handovers',
      `/api/v1/handovers?site=${SITES.birmingham}&direction=incoming`,
      `/api/v1/handovers/${handover.id}`,
    ]) {
      const res = await get(practitioner, url);
      expect(res.body).not.toContain(handover.id);
      expect(res.body).not.toContain(person);
    }
    expect((await get(practitioner, `/api/v1/handovers/${handover.id}`)).statusCode).toBe(404);
    expect((await decide(practitioner, handover.id, { decision: 'decline', note: 'probe' }, 1)).statusCode).toBe(404);

    // The receiving manager sees and accepts it.
    const managerView = await get(mgr(SITES.birmingham), `/api/v1/handovers/${handover.id}`);
    expect(managerView.statusCode).toBe(200);
    expect(managerView.json().person.familyName).toBe(name);
    const accepted = await decide(
      mgr(SITES.birmingham),
      handover.id,
      { decision: 'accept', consultation: aConsultation(t) },
      1,
    );
    expect(accepted.statusCode).toBe(200);
    const { receivingReferralId, receivingEpisodeId } = accepted.json();
    expect((await get(mgr(SITES.birmingham), `/api/v1/referrals/${receivingReferralId}`)).json()).toMatchObject({
      restricted: true,
    });
    expect((await get(practitioner, `/api/v1/referrals/${receivingReferralId}`)).statusCode).toBe(404);
    expect((await get(practitioner, `/api/v1/episodes/${receivingEpisodeId}`)).statusCode).toBe(404);
    const episodes = await get(practitioner, `/api/v1/episodes?site=${SITES.birmingham}`);
    expect(episodes.body).not.toContain(receivingEpisodeId);
  });
});
