// The chronology's pages: the filter form (a GET form, so a filtered view is a link), compact and full views,
// the print view and the PDF, and the way in from the episode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, type OpenEpisode, recordContact, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let referrer: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let probationId: string;

const entries = (body: string) => [...body.matchAll(/data-qa="entry-summary">([^<]*)</g)].map((m) => m[1]!);

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-01T09:00:00Z'));
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  referrer = await t.user('referrer');
  elsewhere = await staffAt(t, SITES.hampshire);
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  probationId = (
    await t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/partners',
      payload: { name: 'Blackpool Probation Delivery Unit', kind: 'probation' },
    })
  ).json().id;
  t.clock.now = new Date('2026-11-09T10:00:00Z');
  await t.api(practitioner.token, {
    method: 'POST',
    url: `/api/v1/episodes/${episode.id}/partner-notes`,
    payload: {
      partnerId: probationId,
      occurredAt: '2026-11-02T11:00:00Z',
      author: 'Sam',
      text: 'Parole hearing brought forward to 20 November.',
    },
  });
  await recordContact(t, practitioner, episode, {
    at: '2026-11-08T10:00:00Z',
    type: 'phone',
    outcome: 'attended',
    durationMinutes: 15,
    notes: 'Worried about where he will live.',
  });
});
afterAll(() => t.close());

describe('the chronology page', () => {
  it('is reached from the episode, and lists every entry in compact view with the late news marked', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const way = await page.get(`/episodes/${episode.id}/chronology`);
    expect(way.statusCode).toBe(303);
    const res = await page.get(way.headers.location as string);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(episode.name);
    const summaries = entries(res.body);
    expect(summaries.findIndex((s) => s.includes('Parole hearing'))).toBeLessThan(
      summaries.findIndex((s) => s.startsWith('Contact by phone')),
    );
    expect(res.body).toContain('Recorded later: 9 November 2026 at 10:00am');
    expect(res.body).not.toContain('Worried about where he will live.');
    expect(res.body).toContain(`href="/episodes/${episode.id}"`);
  });

  it('filters by agency (the select lists the teams and agencies it draws on) and shows the full view', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const base = `/people/${episode.personId}/chronology`;
    const all = await page.get(base);
    expect(all.body).toContain(`<option value="partner:${probationId}">Blackpool Probation Delivery Unit</option>`);
    expect(all.body).toContain(`value="team:${SITES.lancashire}"`);
    const probation = await page.get(`${base}?agency=partner:${probationId}`);
    expect(entries(probation.body)).toEqual([
      'Blackpool Probation Delivery Unit (Sam): Parole hearing brought forward to 20 November.',
    ]);
    expect(probation.body).toMatch(/1 of \d+ entries/);
    const full = await page.get(`${base}?kind=contact&view=full`);
    expect(full.body).toContain('Worried about where he will live.');
    expect(entries(full.body)).toEqual(['Contact by phone: attended (15 minutes)']);
  });

  it('says which filter date is wrong, linked to its day box', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const res = await page.get(`/people/${episode.personId}/chronology?from-day=31&from-month=2&from-year=2026`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#from-day"');
  });

  it('has a print view and a PDF of the same filtered entries', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const print = await page.get(`/people/${episode.personId}/chronology/print?kind=partner_note&view=full`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('Chronology: ');
    expect(print.body).toContain('Partner note');
    expect(entries(print.body)).toHaveLength(1);
    const pdf = await page.get(`/people/${episode.personId}/chronology.pdf?kind=partner_note`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is 404 for another site’s staff and 403 for the referrer', async () => {
    for (const [user, status] of [
      [elsewhere, 404],
      [referrer, 403],
    ] as const) {
      const page = await PageSession.signedIn(t.app, user);
      for (const url of [
        `/people/${episode.personId}/chronology`,
        `/people/${episode.personId}/chronology/print`,
        `/people/${episode.personId}/chronology.pdf`,
      ])
        expect((await page.get(url)).statusCode, url).toBe(status);
    }
  });
});
