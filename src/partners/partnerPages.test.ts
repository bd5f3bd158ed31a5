// The partner directory's pages and the episode's partners and sharing pages, through the forms a user posts
// (without JavaScript): what each page says, the error summary's links, the duplicate warning, the refusal
// to share without consent, and 404 for what the viewer may not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, errorSummary } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let housingId: string;

const summary = errorSummary;

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  elsewhere = await staffAt(t, SITES.hampshire);
  const referrer = await t.user('referrer');
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  housingId = (
    await t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/partners',
      payload: { name: 'Blackpool Council Housing Options', kind: 'housing', area: 'Blackpool' },
    })
  ).json().id;
});
afterAll(() => t.close());

describe('the partner directory pages', () => {
  it('adds an organisation, warning first of a possible duplicate', async () => {
    const page = await PageSession.signedIn(t.app, manager);
    const empty = await page.post('/partners/new', {}, '/partners/new');
    expect(empty.statusCode).toBe(400);
    expect(summary(empty.body)).toEqual([
      { text: 'Enter the organisation’s name', href: '#name' },
      { text: 'Select one of the options', href: '#kind' },
    ]);
    const form = { name: 'Housing Options, Blackpool Council', kind: 'housing', area: 'Blackpool' };
    const warned = await page.post('/partners/new', form, '/partners/new');
    expect(warned.statusCode).toBe(200);
    expect(warned.body).toContain('This may already be in the directory');
    expect(warned.body).toContain(`/partners/${housingId}`);
    const added = await page.post('/partners/new', { ...form, confirmDuplicate: 'yes' }, '/partners/new');
    expect(added.statusCode).toBe(303);
    const shown = await page.get(added.headers.location as string);
    expect(shown.body).toContain('Housing Options, Blackpool Council');
  });

  it('searches the directory; practitioners read it but cannot add to it', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const found = await page.get('/partners?q=housing&kind=housing');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Blackpool Council Housing Options');
    expect(found.body).not.toContain('Add an organisation');
    expect((await page.get('/partners/new')).statusCode).toBe(403);
  });

  it('changes an entry, and says so when someone else changed it first (412)', async () => {
    const page = await PageSession.signedIn(t.app, manager);
    const edit = `/partners/${housingId}/edit`;
    const first = await page.submitFrom(edit, edit, {
      name: 'Blackpool Council Housing Options',
      kind: 'housing',
      area: 'Blackpool and the Fylde',
    });
    expect(first.statusCode).toBe(303);
    const stale = await page.post(edit, { name: 'X', kind: 'housing', version: '1' }, edit);
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this entry');
    expect(stale.body).toContain('Blackpool and the Fylde');
  });
});

describe('the episode’s partners and sharing pages', () => {
  const base = () => `/episodes/${episode.id}`;

  it('adds a professional, with errors linked to their inputs', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const bad = await page.post(
      `${base()}/network/new`,
      { 'from-day': '31', 'from-month': '2', 'from-year': '2026' },
      `${base()}/network/new`,
    );
    expect(bad.statusCode).toBe(400);
    expect(summary(bad.body).map((e) => e.href)).toEqual(['#from-day', '#partnerId', '#name', '#role']);
    const ok = await page.post(
      `${base()}/network/new`,
      {
        partnerId: housingId,
        name: 'Hana Housing',
        role: 'housing_officer',
        'from-day': '1',
        'from-month': '11',
        'from-year': '2026',
      },
      `${base()}/network/new`,
    );
    expect(ok.statusCode).toBe(303);
    const partners = await page.get(`${base()}/partners`);
    expect(partners.body).toContain('Hana Housing, Housing officer');
    expect(partners.body).toContain('Current');
  });

  it('refuses to share on consent without it, in the rule’s words, and stores nothing; shares once consent is recorded', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const form = {
      partnerId: housingId,
      direction: 'sent',
      'sharedOn-day': '9',
      'sharedOn-month': '11',
      'sharedOn-year': '2026',
      what: 'Release date',
      lawfulBasis: 'consent',
    };
    const refused = await page.post(`${base()}/sharing/new`, form, `${base()}/sharing/new`);
    expect(refused.statusCode).toBe(409);
    expect(summary(refused.body)).toEqual([
      {
        text: expect.stringMatching(/consent to share with Blackpool Council Housing Options is not recorded/),
        href: '#lawfulBasis',
      },
    ]);
    expect((await page.get(`${base()}/sharing`)).body).toContain('Nothing has been shared or received yet.');
    const consent = await page.post(
      `${base()}/consents/new`,
      {
        partnerId: housingId,
        given: 'yes',
        'recordedOn-day': '8',
        'recordedOn-month': '11',
        'recordedOn-year': '2026',
      },
      `${base()}/consents/new`,
    );
    expect(consent.statusCode).toBe(303);
    expect((await page.post(`${base()}/sharing/new`, form, `${base()}/sharing/new`)).statusCode).toBe(303);
    const log = await page.get(`${base()}/sharing`);
    expect(log.body).toContain('Shared with Blackpool Council Housing Options');
    expect(log.body).toContain('Consent (UK GDPR article 6(1)(a))');
  });

  it('records a partner note with a time, and places it where it happened', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const bad = await page.post(
      `${base()}/partner-notes/new`,
      {
        partnerId: housingId,
        'occurredAt-day': '3',
        'occurredAt-month': '11',
        'occurredAt-year': '2026',
        'occurredAt-time': '25:00',
        text: 'x',
      },
      `${base()}/partner-notes/new`,
    );
    expect(summary(bad.body)).toEqual([{ text: 'Enter a time like 14:30 or 2:30pm', href: '#occurredAt-time' }]);
    const ok = await page.post(
      `${base()}/partner-notes/new`,
      {
        partnerId: housingId,
        author: 'Hana',
        'occurredAt-day': '3',
        'occurredAt-month': '11',
        'occurredAt-year': '2026',
        'occurredAt-time': '2:30pm',
        text: 'A room is likely.',
      },
      `${base()}/partner-notes/new`,
    );
    expect(ok.statusCode).toBe(303);
    const partners = await page.get(`${base()}/partners`);
    expect(partners.body).toContain('3 November 2026 at 2:30pm');
    expect(partners.body).toContain('(later than it happened)');
  });

  it('is 404 for another site’s staff, page by page', async () => {
    const page = await PageSession.signedIn(t.app, elsewhere);
    for (const url of ['partners', 'sharing', 'network/new', 'consents/new', 'sharing/new', 'partner-notes/new'])
      expect((await page.get(`${base()}/${url}`)).statusCode, url).toBe(404);
  });
});
