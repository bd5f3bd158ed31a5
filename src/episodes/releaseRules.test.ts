// Issue 10, "Hold the hard rules": releasing with the plan at 3 of 11 (what is missing is shown and the
// override recorded), a destination known only by its town, and a contact that did not happen needs no duration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, recordRelease, staffAt } from '../../test/support/factories.ts';
import { auditEvents } from '../db/schema.ts';
import { assessedDutyToRefer } from '../releasePlanning/rules.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South' });
  manager = await staffAt(t, SITES.hampshire, 'manager');
});
afterAll(() => t.close());

const openEpisode = () => anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
const api = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.api(manager.token, { method, url, ...(payload ? { payload } : {}), headers });
const detailsOf = (d: unknown): unknown => (typeof d === 'string' ? JSON.parse(d) : d);
const today = () => t.clock.now.toISOString().slice(0, 10);

describe('"Releasing with the plan at 3 of 11": the page shows what is missing and asks first', () => {
  it('refuses the first time with the missing items, records it once confirmed, and the timeline says so', async () => {
    const episode = await openEpisode();
    const page = await PageSession.signedIn(t.app, manager);
    const [year, month, day] = today().split('-') as [string, string, string];
    const form = { 'releasedOn-day': day, 'releasedOn-month': month, 'releasedOn-year': year, releasedFrom: 'court' };
    const asked = await page.submitFrom(`/episodes/${episode.id}`, `/episodes/${episode.id}/release`, form);
    expect(asked.statusCode).toBe(409);
    expect(asked.body).toContain('The release plan is not finished');
    expect(asked.body).toContain('Contingency plan for an unplanned release');
    expect(asked.body).toContain('name="confirmIncomplete"');
    const view = (await api('GET', `/api/v1/episodes/${episode.id}`)).json();
    expect(view.releasedOn).toBeNull();

    const done = await page.submitFrom(`/episodes/${episode.id}`, `/episodes/${episode.id}/release`, {
      ...form,
      confirmIncomplete: 'yes',
    });
    expect(done.statusCode).toBe(303);
    const timeline = (await api('GET', `/api/v1/episodes/${episode.id}/timeline`)).json().items as {
      summary: string;
    }[];
    expect(timeline.map((e) => e.summary).join('\n')).toMatch(
      /Recorded with the release plan not finished \(\d+ of 11/,
    );
    const [audit] = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, episode.id), eq(auditEvents.action, 'episode.released')));
    expect(detailsOf(audit?.details)).toMatchObject({ releasePlanIncomplete: { confirmed: true } });
  });

  it('the API records a release with the plan incomplete (the person is out) and says what was missing', async () => {
    const episode = await openEpisode();
    const res = await api('POST', `/api/v1/episodes/${episode.id}/release`, {
      releasedOn: today(),
      releasedFrom: 'court',
      destination: { localAuthority: 'Southampton' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [audit] = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, episode.id), eq(auditEvents.action, 'episode.released')));
    expect(detailsOf(audit?.details)).toMatchObject({
      releasePlanIncomplete: {
        confirmed: false,
        missing: expect.arrayContaining(['Contingency plan for an unplanned release']),
      },
    });
  });
});

describe('"A destination known only by its town"', () => {
  it.each([
    [{ localAuthority: 'Southampton' }, 200],
    [{ postcode: 'SO14 7LY' }, 200],
    [{ postcode: 'SO14 7LY', localAuthority: 'Southampton' }, 200],
    [{}, 400],
  ])('release plan destination %j → %i', async (destination, status) => {
    const episode = await openEpisode();
    const current = await api('GET', `/api/v1/episodes/${episode.id}/release-plan`);
    const res = await api(
      'PUT',
      `/api/v1/episodes/${episode.id}/release-plan`,
      { destination },
      {
        'if-match': current.headers.etag as string,
      },
    );
    expect(res.statusCode, res.body).toBe(status);
    if (status === 400) expect(res.json().errors[0].field).toBe('destination.localAuthority');
  });

  it('a release from court to "Southampton", no postcode', async () => {
    const episode = await openEpisode();
    const res = await api('POST', `/api/v1/episodes/${episode.id}/release`, {
      releasedOn: today(),
      releasedFrom: 'court',
      destination: { localAuthority: 'Southampton' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const timeline = (await api('GET', `/api/v1/episodes/${episode.id}/timeline`)).json().items as {
      summary: string;
    }[];
    expect(timeline.map((e) => e.summary).join('\n')).toContain('Released from court on');
    expect(timeline.map((e) => e.summary).join('\n')).toContain('to Southampton.');
  });

  it('a release with a destination of neither is 400 on destination.localAuthority', async () => {
    const episode = await openEpisode();
    const res = await api('POST', `/api/v1/episodes/${episode.id}/release`, {
      releasedOn: today(),
      releasedFrom: 'court',
      destination: {},
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('destination.localAuthority');
  });
});

describe('"Did not attend needs no duration (now 400 for 0)"', () => {
  it.each([
    [{ outcome: 'did_not_attend', durationMinutes: 0 }, 201],
    [{ outcome: 'did_not_attend' }, 201],
    [{ outcome: 'cancelled', cancelledReason: 'Prison lockdown', durationMinutes: 0 }, 201],
    [{ outcome: 'attended', durationMinutes: 0 }, 400],
    [{ outcome: 'attended', durationMinutes: 30 }, 201],
  ])('%j → %i', async (contact, status) => {
    const episode = await openEpisode();
    const res = await api('POST', `/api/v1/episodes/${episode.id}/contacts`, {
      at: new Date(t.clock.now.getTime() - 3_600_000).toISOString(),
      type: 'in_prison',
      ...contact,
    });
    expect(res.statusCode, res.body).toBe(status);
    if (status === 201 && contact.outcome !== 'attended') expect(res.json().durationMinutes ?? null).toBeNull();
  });
});

describe('"supportEndsOn is projected" ("Support ends: not known until release" hides a known date)', () => {
  it('the API and the episode page show the projected end before release, and the counted end after', async () => {
    const episode = await openEpisode();
    const before = (await api('GET', `/api/v1/episodes/${episode.id}`)).json();
    expect(before.supportEndsOnProjected).toBe(true);
    expect(before.supportEndsOn).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    const page = await PageSession.signedIn(t.app, manager);
    const shown = await page.get(`/episodes/${episode.id}`);
    expect(shown.body).toContain('(projected from the expected release date');
    expect(shown.body).not.toContain('Not known until release');
    await recordRelease(t, manager, episode, { releasedOn: today() });
    const after = (await api('GET', `/api/v1/episodes/${episode.id}`)).json();
    expect(after.supportEndsOnProjected).toBe(false);
    expect(after.supportEndsOn > today()).toBe(true);
  });
});

describe('"The assessment\'s Duty to Refer answer reaches the release plan"', () => {
  it.each([
    [{ accommodation: { fields: { dutyToReferMade: true } } }, /has been made/],
    [{ accommodation: { fields: { dutyToReferMade: false } } }, /has not been made/],
    [{ accommodation: { fields: {} } }, null],
    [undefined, null],
  ])('%j', (domains, text) => {
    const said = assessedDutyToRefer(domains);
    if (text === null) expect(said).toBeNull();
    else expect(said).toMatch(text);
  });

  it('the release plan page says what the assessment answered', async () => {
    const episode = await openEpisode();
    const started = await api('POST', `/api/v1/episodes/${episode.id}/assessments`, {});
    expect(started.statusCode, started.body).toBe(201);
    const answered = await api(
      'PUT',
      `/api/v1/episodes/${episode.id}/assessments/1/domains/accommodation`,
      { complete: false, level: 'high', fields: { onRelease: 'none', dutyToReferMade: false } },
      { 'if-match': started.headers.etag as string },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    const page = await PageSession.signedIn(t.app, manager);
    const plan = await page.get(`/episodes/${episode.id}/release-plan`);
    expect(plan.body).toContain('data-qa="duty-to-refer-assessed"');
    expect(plan.body).toContain('The assessment says the Duty to Refer has not been made yet');
  });
});
