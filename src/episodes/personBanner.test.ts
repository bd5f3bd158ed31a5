// Issue 10, "a person banner (name, NHS number, date of birth, status) on every page of a record": every page
// of an episode of care and of a referral says whom it is about in the same four facts, and a page that
// refuses the viewer says nothing of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { anOpenEpisode, aReferral, SITES, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { formatNhsNumber } from '../people/presenter.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South' });
  manager = await staffAt(t, SITES.hampshire, 'manager');
  elsewhere = await staffAt(t, SITES.eastOfEngland);
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
});
afterAll(() => t.close());

/** The banner's four facts as the page shows them. */
function banner(body: string) {
  const section = /<section class="app-person-banner"[\s\S]*?<\/section>/.exec(body)?.[0];
  if (!section) return undefined;
  const fact = (qa: string) => new RegExp(`data-qa="${qa}">([^<]*)<`).exec(section)?.[1]?.replace(/&#39;/g, "'");
  return {
    name: fact('banner-name'),
    nhsNumber: fact('banner-nhs-number'),
    dateOfBirth: fact('banner-date-of-birth'),
    status: fact('banner-status'),
  };
}

/** Every page the app has under /episodes/:id, with a real value for each further parameter. */
function episodePages(id: string): string[] {
  const values: Record<string, string> = { domain: 'mental_health', item: 'gp-registration' };
  return (
    t.app.routeCatalogue
      // Files (a PDF, a letter download) are not pages: they carry no banner.
      .filter((r) => r.startsWith('GET /episodes/:id') && !r.endsWith('.pdf') && !r.endsWith('/download'))
      .map((r) => r.slice(4).replace(/:(\w+)/g, (_m, name: string) => (name === 'id' ? id : (values[name] ?? name))))
      .filter((url) => !url.includes('/contacts/contactId'))
  );
}

describe('the person banner', () => {
  it('formats an NHS number in its 3-3-4 groups', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943 476 5919')).toBe('943 476 5919');
    expect(formatNhsNumber(null)).toBe('Not known');
  });

  it('is on every page of an episode of care: name, NHS number, date of birth and status', async () => {
    const page = await PageSession.signedIn(t.app, manager);
    const person = episode.body.person;
    const expected = {
      name: `${person.givenName} ${person.familyName}`,
      nhsNumber: formatNhsNumber(person.nhsNumber),
      dateOfBirth: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(`${person.dateOfBirth}T12:00:00Z`),
      ),
    };
    expect(expected.nhsNumber).toMatch(/^\d{3} \d{3} \d{4}$/);
    const pages = episodePages(episode.id);
    expect(pages.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const url of pages) {
      let res = await page.get(url);
      // The assessment sends to its start page, the chronology to the person's: they keep the banner.
      if (res.statusCode === 303) res = await page.get(String(res.headers.location));
      const shown = banner(res.body);
      if (res.statusCode !== 200 || !shown) missing.push(`${res.statusCode} ${url}`);
      else expect({ ...shown, status: undefined }, url).toEqual({ ...expected, status: undefined });
    }
    expect(missing).toEqual([]);
    expect(banner((await page.get(`/episodes/${episode.id}`)).body)?.status).toBe('Before release');
  });

  it('is on a meeting of the episode and on one of its actions', async () => {
    const made = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/meetings`,
      payload: {
        kind: 'professionals',
        heldOn: '2026-11-09',
        attendees: [{ name: 'Sam Current', organisation: 'Probation South', present: true }],
        summary: 'Release in three weeks; no address yet.',
        teamContribution: { attended: true, informed: true },
        actions: [
          {
            description: 'Chase the housing assessment',
            ownerName: 'The team',
            ownerOrganisation: 'RECONNECT Hampshire',
            ownedByTeam: true,
            dueOn: '2026-11-20',
          },
        ],
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const meeting = made.json<{ id: string; actions: { id: string }[] }>();
    const page = await PageSession.signedIn(t.app, manager);
    const name = `${episode.body.person.givenName} ${episode.body.person.familyName}`;
    for (const url of [`/meetings/${meeting.id}`, `/actions/${meeting.actions[0]!.id}`]) {
      const res = await page.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(banner(res.body)?.name, url).toBe(name);
    }
  });

  it('is on the referral, its access log and its confirmation, with the referral’s status', async () => {
    const waiting = await aReferral(t, referrer, SITES.hampshire);
    const team = await PageSession.signedIn(t.app, manager);
    for (const url of [`/referrals/${waiting.id}`, `/referrals/${waiting.id}/access-log`]) {
      const res = await team.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(banner(res.body), url).toMatchObject({ name: waiting.name, status: 'Awaiting screening' });
    }
    const sender = await PageSession.signedIn(t.app, referrer);
    for (const url of [`/referrals/${waiting.id}`, `/referrals/${waiting.id}/confirmation`]) {
      const res = await sender.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(banner(res.body)?.nhsNumber, url).toBe(formatNhsNumber(waiting.body.person.nhsNumber));
    }
    // An accepted referral with its episode: the referral's own status on its page.
    expect(banner((await team.get(`/referrals/${episode.referralId}`)).body)?.status).toBe('Accepted');
  });

  it('says nothing of the person on a page that refuses the viewer', async () => {
    const other = await PageSession.signedIn(t.app, elsewhere);
    for (const url of [`/episodes/${episode.id}`, `/episodes/${episode.id}/plan`, `/referrals/${episode.referralId}`]) {
      const res = await other.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('data-qa="person-banner"');
      expect(res.body).not.toContain(episode.body.person.familyName);
    }
  });
});

describe('every page of a person’s record in the route catalogue (issue 10)', () => {
  /** The record pages: every GET under these, but files (a PDF, a download) which carry no banner. */
  const RECORD = /^GET \/(referrals|episodes|people|handovers|meetings|actions|case-studies)\/:(\w+)/;

  it('shows the banner on each, and none on an anonymised case study', async () => {
    const api = (url: string, payload: Record<string, unknown>) =>
      t.api(manager.token, { method: 'POST', url, payload });
    const contact = await api(`/api/v1/episodes/${episode.id}/contacts`, {
      at: t.clock.now.toISOString(),
      type: 'in_prison',
      outcome: 'attended',
      durationMinutes: 30,
      notes: 'Talked through the plan for release.',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const meeting = await api(`/api/v1/episodes/${episode.id}/meetings`, {
      kind: 'professionals',
      heldOn: '2026-11-10',
      attendees: [{ name: 'Sam Current', organisation: 'Probation South', present: true }],
      summary: 'Release plan reviewed.',
      teamContribution: { attended: true, informed: true },
      actions: [
        {
          description: 'Book the GP registration',
          ownerName: 'The team',
          ownerOrganisation: 'RECONNECT Hampshire',
          ownedByTeam: true,
          dueOn: '2026-11-21',
        },
      ],
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    const handover = await api(`/api/v1/episodes/${episode.id}/handovers`, {
      kind: 'out_of_area',
      toSite: SITES.eastOfEngland,
      consentToShare: true,
      reason: 'Moving to Norwich to live with family.',
      summary: 'Prefers morning appointments.',
    });
    expect(handover.statusCode, handover.body).toBe(201);
    const caseStudy = await api(`/api/v1/episodes/${episode.id}/case-study`, {});
    expect(caseStudy.statusCode, caseStudy.body).toBe(201);

    const ids: Record<string, string> = {
      referrals: episode.referralId,
      episodes: episode.id,
      people: episode.personId,
      handovers: handover.json<{ id: string }>().id,
      meetings: meeting.json<{ id: string }>().id,
      actions: meeting.json<{ actions: { id: string }[] }>().actions[0]!.id,
      'case-studies': caseStudy.json<{ id: string }>().id,
    };
    const values: Record<string, string> = {
      contactId: contact.json<{ id: string }>().id,
      domain: 'mental_health',
      item: 'gp-registration',
    };
    const routes = t.app.routeCatalogue.filter(
      (r) => RECORD.test(r) && !r.endsWith('.pdf') && !r.endsWith('/download'),
    );
    const team = await PageSession.signedIn(t.app, manager);
    const sender = await PageSession.signedIn(t.app, referrer);
    const kinds = new Set<string>();
    const wrong: string[] = [];
    for (const route of routes) {
      const kind = RECORD.exec(route)![1]!;
      kinds.add(kind);
      const url = route
        .slice(4)
        .replace(/:(\w+)/g, (_m, name: string, at: number) =>
          at === kind.length + 2 ? ids[kind]! : (values[name] ?? name),
        );
      // The confirmation is the sender's page; every other page is the team's.
      const page = url.endsWith('/confirmation') ? sender : team;
      let res = await page.get(url);
      if (res.statusCode === 303) res = await page.get(String(res.headers.location));
      const shown = banner(res.body);
      if (kind === 'case-studies') {
        // Anonymised: the page must not say whom it is about.
        if (res.statusCode !== 200 || shown) wrong.push(`${res.statusCode} ${url}: banner on a case study`);
        else expect(res.body, url).not.toContain(episode.body.person.familyName);
      } else if (res.statusCode !== 200 || shown?.name !== episode.name) wrong.push(`${res.statusCode} ${url}`);
    }
    expect(wrong).toEqual([]);
    expect([...kinds].sort()).toEqual(
      ['actions', 'case-studies', 'episodes', 'handovers', 'meetings', 'people', 'referrals'].sort(),
    );
    expect(routes.length).toBeGreaterThan(25);
  });
});
