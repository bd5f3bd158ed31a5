// The East of England case study (seed 002), told again through the HTTP API so that the safety net is
// seen to catch what was missed then.
//
// A man in his sixties, with poor hearing and sight, who struggles to read, drinks heavily and is easily
// exploited, is referred to the East of England RECONNECT team from HMP Norwich. His release is expected
// on Monday 7 December 2026 and the team has the release plan half done. On Monday 16 November he is
// released from court, three weeks early, to Southampton: out of the team's area, with nowhere settled to
// live. Then, "a perfect storm trapped in a massive gap in the system": no one told, no contingency plan,
// no housing. Here the worklist shows the right things on the day of release (day 0), on day 3, day 8
// and day 22, and each one goes once the team has done what it asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/testApp.ts';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';

const EAST = SITES.eastOfEngland;
const HAMPSHIRE = SITES.hampshire;

let t: TestApp;
let probation: TestUser;
let eastWorker: TestUser;
let eastManager: TestUser;
let hampshireWorker: TestUser;
let hampshireManager: TestUser;

let eastEpisode = '';
let hampshireEpisode = '';
let handover: { id: string; version: number } = { id: '', version: 0 };
const planVersion: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-10T09:00:00Z'));
  probation = await t.user('referrer', { organisation: 'Probation Service East of England' });
  eastWorker = await t.user('practitioner', { sites: [EAST] });
  eastManager = await t.user('manager', { sites: [EAST] });
  hampshireWorker = await t.user('practitioner', { sites: [HAMPSHIRE] });
  hampshireManager = await t.user('manager', { sites: [HAMPSHIRE] });
});
afterAll(() => t.close());

const setClock = (iso: string) => {
  t.clock.now = new Date(iso);
};

async function ok(res: { statusCode: number; body: string }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body);
}

/** The rules raised for one episode, as the given user sees the worklist now (or as of `asOf`). */
async function rulesFor(user: TestUser, site: string, episodeId: string, asOf?: string): Promise<string[]> {
  const query = `?site=${site}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
  const body = await ok(await t.api(user.token, { method: 'GET', url: `/api/v1/worklist${query}` }));
  return (body.items as { rule: string; episodeId?: string }[])
    .filter((i) => i.episodeId === episodeId)
    .map((i) => i.rule)
    .sort();
}

async function messageOf(user: TestUser, site: string, episodeId: string, rule: string): Promise<string> {
  const body = await ok(await t.api(user.token, { method: 'GET', url: `/api/v1/worklist?site=${site}` }));
  return (
    (body.items as { rule: string; episodeId?: string; message: string }[]).find(
      (i) => i.episodeId === episodeId && i.rule === rule,
    )?.message ?? ''
  );
}

async function updatePlan(user: TestUser, episodeId: string, changes: object) {
  const version = planVersion[episodeId];
  const res = await t.api(user.token, {
    method: 'PUT',
    url: `/api/v1/episodes/${episodeId}/release-plan`,
    payload: changes,
    headers: version === undefined ? {} : { 'if-match': `"${version}"` },
  });
  const body = await ok(res);
  planVersion[episodeId] = body.version;
  return body;
}

async function contact(user: TestUser, episodeId: string, at: string, type: string) {
  await ok(
    await t.api(user.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episodeId}/contacts`,
      payload: { at, type, outcome: 'attended', durationMinutes: 30 },
    }),
    201,
  );
}

describe('seed 002: an unplanned early release from court to another area', () => {
  it('before release: referral, accepted, episode, release plan half done; a manager looks ahead', async () => {
    const referral = fictionalReferral(EAST, 2002, t.clock.now);
    referral.person = { ...referral.person, givenName: 'Frank', familyName: 'Example', dateOfBirth: '1961-04-12' };
    referral.custody = {
      ...referral.custody,
      expectedReleaseDate: '2026-12-07',
      establishment: 'HMP Norwich',
      resettlementArea: 'Norfolk',
    };
    referral.healthNeeds =
      'Hearing and sight loss; cannot read letters; alcohol misuse; possible dementia; exploited in the past.';
    const made = await ok(
      await t.api(probation.token, { method: 'POST', url: '/api/v1/referrals', payload: referral }),
      201,
    );
    await ok(
      await t.api(eastWorker.token, {
        method: 'POST',
        url: `/api/v1/referrals/${made.id}/screening`,
        payload: { decision: 'accept' },
        headers: { 'if-match': `"${made.version}"` },
      }),
    );
    eastEpisode = (
      await ok(
        await t.api(eastWorker.token, { method: 'POST', url: '/api/v1/episodes', payload: { referralId: made.id } }),
        201,
      )
    ).id;
    await contact(eastWorker, eastEpisode, '2026-11-10T08:30:00Z', 'in_prison');
    // Half done: probation told and medication arranged; no GP, no housing, substance misuse service not yet found.
    await updatePlan(eastWorker, eastEpisode, {
      releaseType: 'conditional_release',
      destination: { postcode: 'NR1 3QU', localAuthority: 'Norfolk' },
      gp: { registered: false },
      medicationOnRelease: true,
      substanceMisuse: { needed: true },
      accommodation: { status: 'none' },
      localProbationInformed: true,
    });

    expect(await rulesFor(eastWorker, EAST, eastEpisode)).toEqual([]);
    // "What will be due next week": two weeks before the expected release the plan is still half done.
    // Issue 10: seed 002's release "was not thought uncertain", and "no emergency or contingency planning had
    // taken place in case of his release": its absence is flagged in the last weeks before release.
    expect(await rulesFor(eastManager, EAST, eastEpisode, '2026-11-23T12:00:00Z')).toEqual([
      'accommodation_unsettled',
      'no_contingency_plan',
      'release_plan_incomplete',
    ]);
  });

  it('day 0: released from court three weeks early to Southampton; everything due at release is due at once', async () => {
    setClock('2026-11-16T15:00:00Z');
    await ok(
      await t.api(eastWorker.token, {
        method: 'POST',
        url: `/api/v1/episodes/${eastEpisode}/release`,
        payload: {
          releasedOn: '2026-11-16',
          releasedFrom: 'court',
          destination: { postcode: 'SO14 7LY', localAuthority: 'Southampton' },
        },
      }),
    );
    setClock('2026-11-16T16:00:00Z');
    expect(await rulesFor(eastWorker, EAST, eastEpisode)).toEqual([
      'accommodation_unsettled',
      'out_of_area_no_handover',
      'release_date_changed',
    ]);
    expect(await messageOf(eastWorker, EAST, eastEpisode, 'release_date_changed')).toContain(
      'Released from court on 16 November 2026, 21 days before the expected date (7 December 2026)',
    );
    expect(await messageOf(eastWorker, EAST, eastEpisode, 'out_of_area_no_handover')).toContain(
      'hand over to RECONNECT Hampshire',
    );

    // The team acts the same afternoon: the plan updated for Southampton, the Duty to Refer made, a handover asked for.
    setClock('2026-11-16T17:00:00Z');
    await updatePlan(eastWorker, eastEpisode, {
      destination: { postcode: 'SO14 7LY', localAuthority: 'Southampton' },
      accommodation: { status: 'none', dutyToReferDate: '2026-11-16', dutyToReferLocalAuthority: 'Southampton' },
    });
    handover = await ok(
      await t.api(eastWorker.token, {
        method: 'POST',
        url: `/api/v1/episodes/${eastEpisode}/handovers`,
        payload: {
          kind: 'out_of_area',
          toSite: HAMPSHIRE,
          reason: 'Released from court to Southampton, outside our area.',
          summary:
            'Aged 60+, hearing and sight loss, cannot read letters, alcohol misuse, at risk of exploitation. No GP or housing yet.',
          consentToShare: true,
        },
      }),
      201,
    );
    expect(await rulesFor(eastWorker, EAST, eastEpisode)).toEqual([
      'accommodation_unsettled',
      'out_of_area_no_handover',
    ]);
    expect(await messageOf(eastWorker, EAST, eastEpisode, 'out_of_area_no_handover')).toContain(
      'requested but not yet accepted',
    );
  });

  it('day 3: no contact since release; the team phones him, and Hampshire accepts the handover', async () => {
    setClock('2026-11-19T10:00:00Z');
    expect(await rulesFor(eastWorker, EAST, eastEpisode)).toEqual([
      'accommodation_unsettled',
      'no_contact_after_release',
      'out_of_area_no_handover',
    ]);
    setClock('2026-11-19T10:30:00Z');
    await contact(eastWorker, eastEpisode, '2026-11-19T10:30:00Z', 'phone');
    expect(await rulesFor(eastWorker, EAST, eastEpisode)).toEqual([
      'accommodation_unsettled',
      'out_of_area_no_handover',
    ]);

    setClock('2026-11-19T11:00:00Z');
    const accepted = await ok(
      await t.api(hampshireManager.token, {
        method: 'POST',
        url: `/api/v1/handovers/${handover.id}/decision`,
        payload: { decision: 'accept', leadWorkerId: hampshireWorker.viewer.id, note: 'We will visit tomorrow.' },
        headers: { 'if-match': `"${handover.version}"` },
      }),
    );
    hampshireEpisode = accepted.receivingEpisodeId;
    expect(hampshireEpisode).toBeTruthy();
    // The East of England episode is closed by the handover: nothing left on its worklist.
    expect(await rulesFor(eastWorker, EAST, eastEpisode)).toEqual([]);
    // Hampshire now holds the case, and the safety net with it.
    expect(await rulesFor(hampshireWorker, HAMPSHIRE, hampshireEpisode)).toEqual([
      'accommodation_unsettled',
      'no_contact_after_release',
    ]);
    setClock('2026-11-19T12:00:00Z');
    await contact(hampshireWorker, hampshireEpisode, '2026-11-19T12:00:00Z', 'home_visit');
    await updatePlan(hampshireWorker, hampshireEpisode, {
      destination: { postcode: 'SO14 7LY', localAuthority: 'Southampton' },
      gp: { registered: false },
      substanceMisuse: { needed: true },
      accommodation: { status: 'unsettled', dutyToReferDate: '2026-11-16', dutyToReferLocalAuthority: 'Southampton' },
    });
    expect(await rulesFor(hampshireWorker, HAMPSHIRE, hampshireEpisode)).toEqual(['accommodation_unsettled']);
  });

  it('day 8: not registered with a GP by day 7; registering him (and a settled room) clears it', async () => {
    setClock('2026-11-24T10:00:00Z');
    expect(await rulesFor(hampshireWorker, HAMPSHIRE, hampshireEpisode)).toEqual([
      'accommodation_unsettled',
      'gp_not_registered',
    ]);
    const mine = await ok(await t.api(hampshireWorker.token, { method: 'GET', url: '/api/v1/worklist?view=mine' }));
    expect((mine.items as { rule: string }[]).map((i) => i.rule)).toContain('gp_not_registered');
    setClock('2026-11-24T10:30:00Z');
    await contact(hampshireWorker, hampshireEpisode, '2026-11-24T10:30:00Z', 'community');
    await updatePlan(hampshireWorker, hampshireEpisode, {
      gp: { registered: true, practice: 'Bargate Medical Centre' },
      accommodation: { status: 'settled' },
    });
    expect(await rulesFor(hampshireWorker, HAMPSHIRE, hampshireEpisode)).toEqual([]);
  });

  it('day 22: no substance misuse appointment within 21 days; recording the one he went to clears it', async () => {
    setClock('2026-12-08T09:00:00Z');
    expect(await rulesFor(hampshireWorker, HAMPSHIRE, hampshireEpisode)).toEqual(['substance_misuse_link_missing']);
    expect(await messageOf(hampshireWorker, HAMPSHIRE, hampshireEpisode, 'substance_misuse_link_missing')).toContain(
      'within 21 days of release',
    );
    await updatePlan(hampshireWorker, hampshireEpisode, {
      substanceMisuse: { needed: true, appointmentDate: '2026-12-04', service: 'Southampton alcohol service' },
    });
    expect(await rulesFor(hampshireWorker, HAMPSHIRE, hampshireEpisode)).toEqual([]);
  });
});
