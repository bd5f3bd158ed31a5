// The handover pages as the teams use them: asking from the episode (suggested teams from the release
// plan, the consent refusal), the receiving team's list with "(N waiting)", declining without a note,
// accepting into Enhanced RECONNECT through the consultation fields, a stale form, withdrawing, and no
// trace of a restricted person for the receiving site's practitioners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasePlans } from '../db/schema.ts';
import type { ExampleKind } from '../demo/fictionalReferrals.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt, type SiteCode } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';

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
  referrer = await t.user('referrer');
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

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

const episodeAt = (site: SiteCode, kind: ExampleKind = 'eligible') =>
  anOpenEpisode(t, { referrer, manager: mgr(site) }, site, { kind });

async function planDestination(episodeId: string, localAuthority: string, by: TestUser) {
  await t.services.db.insert(releasePlans).values({
    episodeId,
    plan: { destination: { postcode: 'B1 1AA', localAuthority } },
    updatedBy: by.viewer.id,
    updatedAt: t.clock.now,
  });
}

const submit = (page: PageSession, from: string, url: string, form: Record<string, string>) =>
  page.submitFrom(from, url, form);

const ask = {
  reason: 'Moving to Birmingham to live with family.',
  summary: 'Depression; alcohol use; prefers morning appointments.',
};

describe('a step up through the pages', () => {
  it('asks from the episode, is answered by the receiving team through the consultation, and closes the sender', async () => {
    const sending = await episodeAt(SITES.hampshire);
    await planDestination(sending.id, 'Birmingham', prac(SITES.hampshire));
    const sender = await signedIn(prac(SITES.hampshire));
    const form = await sender.get(`/episodes/${sending.id}/handover`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-qa="episode-nav"');
    expect(form.body).toMatch(/aria-current="page">Transfer or handover/);
    expect(form.body).toContain('data-qa="covering"');
    expect(form.body).toMatch(
      /<option value="er-birmingham-solihull" selected>Enhanced RECONNECT Birmingham and Solihull \(covers Birmingham\)/,
    );
    expect(form.body).toMatch(/value="step_up" checked/);

    const noConsent = await submit(sender, `/episodes/${sending.id}/handover`, `/episodes/${sending.id}/handover`, {
      kind: 'step_up',
      toSite: SITES.birmingham,
      ...ask,
    });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('There is a problem');
    expect(noConsent.body).toMatch(/href="#consentToShare">\s*The person must agree to what is shared/);
    expect(noConsent.body).toContain(ask.summary);

    const sent = await submit(sender, `/episodes/${sending.id}/handover`, `/episodes/${sending.id}/handover`, {
      kind: 'step_up',
      toSite: SITES.birmingham,
      consentToShare: 'yes',
      ...ask,
    });
    expect(sent.statusCode).toBe(303);
    const after = await sender.get(`/episodes/${sending.id}/handover`);
    expect(after.body).toContain('data-qa="open-request"');
    expect(after.body).not.toContain('data-qa="request-form"');
    const handoverId = /href="\/handovers\/([0-9a-f-]{36})"/.exec(after.body)![1]!;

    // The receiving manager: the count in the navigation, the list, the request.
    const receiver = await signedIn(mgr(SITES.birmingham));
    const list = await receiver.get('/handovers');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Handovers (1 waiting)');
    expect(list.body).toContain(`/handovers/${handoverId}`);
    const shown = await receiver.get(`/handovers/${handoverId}`);
    expect(shown.body).toContain(ask.summary);
    expect(shown.body).toContain('data-qa="decision-form"');
    expect(shown.body).toContain('consultation-date-day');
    expect(shown.body).not.toContain(sending.id);
    expect(shown.body).not.toContain(sending.referralId);

    const noNote = await submit(receiver, `/handovers/${handoverId}`, `/handovers/${handoverId}/decision`, {
      decision: 'decline',
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toMatch(/href="#note">\s*Say why the handover is declined/);
    const noMeeting = await submit(receiver, `/handovers/${handoverId}`, `/handovers/${handoverId}/decision`, {
      decision: 'accept',
    });
    expect(noMeeting.statusCode).toBe(400);
    expect(noMeeting.body).toContain('href="#consultation-date-day"');

    const stale = await receiver.post(
      `/handovers/${handoverId}/decision`,
      { version: '9', decision: 'decline', note: 'No.' },
      `/handovers/${handoverId}`,
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this request after you opened it');

    const accepted = await submit(receiver, `/handovers/${handoverId}`, `/handovers/${handoverId}/decision`, {
      decision: 'accept',
      note: 'Welcome.',
      leadWorkerId: mgr(SITES.birmingham).viewer.id,
      'consultation-date-day': '10',
      'consultation-date-month': '11',
      'consultation-date-year': '2026',
      'attendee-1-role': 'com',
      'attendee-1-name': 'Chris Offender-Manager',
      'attendee-1-organisation': 'Probation',
      rationale: 'High risk of harm; complex needs.',
    });
    expect(accepted.statusCode).toBe(303);
    const receivingEpisode = accepted.headers.location as string;
    expect(receivingEpisode).toMatch(/^\/episodes\/[0-9a-f-]{36}$/);
    expect((await receiver.get(receivingEpisode)).statusCode).toBe(200);
    const referralPage = await receiver.get(
      `/referrals/${(await t.api(mgr(SITES.birmingham).token, { method: 'GET', url: `/api/v1${receivingEpisode}` })).json().referralId}`,
    );
    expect(referralPage.statusCode).toBe(200);
    expect(referralPage.body).toContain(ask.summary);
    expect((await receiver.get('/handovers')).body).not.toContain('waiting)');

    const closed = await sender.get(`/episodes/${sending.id}/handover`);
    expect(closed.body).toContain('data-qa="closed-notice"');
    expect(closed.body).toContain('Accepted');
  });

  it.each([
    // Issue 10: "The handover tab says 'no team covers Southampton' while the release plan says Southampton is
    // in RECONNECT Hampshire's area: one function decides coverage, used by both."
    [SITES.hampshire, 'Southampton', 'Southampton is in RECONNECT Hampshire’s area'],
    [SITES.eastOfEngland, 'Southampton', 'covered by RECONNECT Hampshire'],
  ])('at %s, a release to %s: the handover tab says what the release plan says', async (site, area, text) => {
    const sending = await episodeAt(site);
    await planDestination(sending.id, area, prac(site));
    const page = await signedIn(prac(site));
    const plan = await page.get(`/episodes/${sending.id}/release-plan`);
    const form = await page.get(`/episodes/${sending.id}/handover`);
    expect(form.body).not.toContain('data-qa="no-covering-site"');
    expect(form.body).toContain(text);
    expect(plan.body).toContain(area);
  });

  it('says so when no team covers the destination, and lets the sender withdraw', async () => {
    const sending = await episodeAt(SITES.eastOfEngland);
    await planDestination(sending.id, 'Cornwall', prac(SITES.eastOfEngland));
    const sender = await signedIn(prac(SITES.eastOfEngland));
    const form = await sender.get(`/episodes/${sending.id}/handover`);
    expect(form.body).toContain('data-qa="no-covering-site"');
    expect(form.body).toContain('community mental health team');
    const sent = await submit(sender, `/episodes/${sending.id}/handover`, `/episodes/${sending.id}/handover`, {
      kind: 'transfer',
      toSite: SITES.hampshire,
      consentToShare: 'yes',
      ...ask,
    });
    expect(sent.statusCode).toBe(303);
    const handoverId = /href="\/handovers\/([0-9a-f-]{36})"/.exec(
      (await sender.get(`/episodes/${sending.id}/handover`)).body,
    )![1]!;
    const withdrawn = await submit(sender, `/handovers/${handoverId}`, `/handovers/${handoverId}/withdraw`, {
      note: 'Staying put.',
    });
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe(`/episodes/${sending.id}/handover`);
    const again = await sender.get(`/episodes/${sending.id}/handover`);
    expect(again.body).toContain('Withdrawn');
    expect(again.body).toContain('data-qa="request-form"');
  });

  it('refuses a kind that does not fit the teams, on the same page', async () => {
    const sending = await episodeAt(SITES.hampshire);
    const sender = await signedIn(prac(SITES.hampshire));
    const res = await submit(sender, `/episodes/${sending.id}/handover`, `/episodes/${sending.id}/handover`, {
      kind: 'step_down',
      toSite: SITES.eastOfEngland,
      consentToShare: 'yes',
      ...ask,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/href="#kind">\s*A step down goes from an Enhanced RECONNECT team/);
  });
});

describe('need-to-know at the receiving site', () => {
  it('leaves no trace of a restricted person for its practitioners; its managers see and answer it', async () => {
    const sending = await episodeAt(SITES.lancashire, 'automatic');
    const person = (
      await t.api(mgr(SITES.lancashire).token, { method: 'GET', url: `/api/v1/referrals/${sending.referralId}` })
    ).json().person;
    const asked = await t.api(mgr(SITES.lancashire).token, {
      method: 'POST',
      url: `/api/v1/episodes/${sending.id}/handovers`,
      payload: { kind: 'out_of_area', toSite: SITES.eastOfEngland, consentToShare: true, ...ask },
    });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id;
    const practitioner = await signedIn(prac(SITES.eastOfEngland));
    const list = await practitioner.get('/handovers');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(id);
    expect(list.body).not.toContain(`${person.givenName} ${person.familyName}`);
    expect(list.body).not.toContain('waiting)');
    expect((await practitioner.get(`/handovers/${id}`)).statusCode).toBe(404);
    const manager = await signedIn(mgr(SITES.eastOfEngland));
    const shown = await manager.get('/handovers');
    expect(shown.body).toContain('Handovers (1 waiting)');
    expect(shown.body).toContain(`/handovers/${id}`);
  });
});

describe('the person banner on a handover (issue 10)', () => {
  /** The banner's facts as the page shows them, or undefined when the page has none. */
  const bannerOf = (body: string) => {
    const section = /<section class="app-person-banner"[\s\S]*?<\/section>/.exec(body)?.[0];
    if (!section) return undefined;
    const fact = (qa: string) => new RegExp(`data-qa="${qa}">([^<]*)<`).exec(section)?.[1];
    return { name: fact('banner-name'), nhsNumber: fact('banner-nhs-number'), status: fact('banner-status') };
  };

  it('names the person to both teams, but gives the receiving team only what the request shares', async () => {
    const sending = await episodeAt(SITES.hampshire);
    const person = (
      await t.api(mgr(SITES.hampshire).token, { method: 'GET', url: `/api/v1/referrals/${sending.referralId}` })
    ).json().person;
    const asked = await t.api(mgr(SITES.hampshire).token, {
      method: 'POST',
      url: `/api/v1/episodes/${sending.id}/handovers`,
      payload: { kind: 'out_of_area', toSite: SITES.eastOfEngland, consentToShare: true, ...ask },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id;
    const name = `${person.givenName} ${person.familyName}`;

    const sender = await (await signedIn(prac(SITES.hampshire))).get(`/handovers/${id}`);
    expect(sender.statusCode).toBe(200);
    expect(bannerOf(sender.body)).toMatchObject({ name, status: 'Before release' });
    expect(bannerOf(sender.body)?.nhsNumber).toMatch(/^\d{3} \d{3} \d{4}$/);

    const receiver = await (await signedIn(prac(SITES.eastOfEngland))).get(`/handovers/${id}`);
    expect(receiver.statusCode).toBe(200);
    expect(bannerOf(receiver.body)).toEqual({
      name,
      nhsNumber: 'Not shared with your team',
      status: 'Handover: Waiting for an answer',
    });
    // Nothing the request does not share: not the NHS number, in any grouping.
    const digits = String(person.nhsNumber ?? '').replace(/\s/g, '');
    expect(digits).toMatch(/^\d{10}$/);
    expect(receiver.body.replace(/\s/g, '')).not.toContain(digits);

    // A team that is not party to it gets a 404 and no banner.
    const outsider = await (await signedIn(prac(SITES.lancashire))).get(`/handovers/${id}`);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.body).not.toContain('data-qa="person-banner"');
    expect(outsider.body).not.toContain(person.familyName);
  });
});
