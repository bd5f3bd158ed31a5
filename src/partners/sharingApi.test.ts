// Consent to share and the information-sharing log (API.md "Partners, meetings and the chronology"): sharing on
// the basis of consent without that partner's consent in force is 409 and stores nothing (UK GDPR art. 6(1)(a),
// 7(3)); any other basis needs a justification. Against a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { informationSharing } from '../db/schema.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let probationId: string;
let housingId: string;

const onEpisode = (user: TestUser, method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) =>
  t.api(user.token, { method, url: `/api/v1/episodes/${episode.id}${path}`, ...(payload ? { payload } : {}) });
const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  elsewhere = await staffAt(t, SITES.hampshire);
  const referrer = await t.user('referrer');
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: practitioner });
  const partner = async (name: string, kind: string) =>
    (
      await t.api(manager.token, {
        method: 'POST',
        url: '/api/v1/partners',
        payload: { name, kind, area: 'Blackpool' },
      })
    ).json().id as string;
  probationId = await partner('Blackpool Probation Delivery Unit', 'probation');
  housingId = await partner('Blackpool Council Housing Options', 'housing');
});
afterAll(() => t.close());

describe('consent to share and the information-sharing log', () => {
  const share = (user: TestUser, payload: object) => onEpisode(user, 'POST', '/sharing', payload);
  const rows = async () => (await t.services.db.select({ n: count() }).from(informationSharing))[0]!.n;

  it('refuses sharing on the basis of consent without that partner’s consent: 409, nothing stored', async () => {
    const before = await rows();
    const res = await share(practitioner, {
      direction: 'sent',
      partnerId: housingId,
      sharedOn: '2026-11-09',
      what: 'Release date and health needs',
      lawfulBasis: 'consent',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].message).toMatch(
      /consent to share with Blackpool Council Housing Options is not recorded/,
    );
    expect(await rows()).toBe(before);
  });

  it('records consent (PUT), then shares on it, and the entry names the consent relied on', async () => {
    const given = await onEpisode(practitioner, 'PUT', `/consents/${housingId}`, {
      given: true,
      recordedOn: '2026-11-05',
      scope: 'Health needs and the release plan; not offending history',
    });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toMatchObject({
      status: 'given',
      given: true,
      organisation: 'Blackpool Council Housing Options',
    });
    const res = await share(practitioner, {
      direction: 'sent',
      partnerId: housingId,
      sharedOn: '2026-11-09',
      what: 'Release date and health needs',
      lawfulBasis: 'consent',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ lawfulBasis: 'consent', consent: { recordedOn: '2026-11-05' } });
    // Before the consent was given, it was not in force (UK GDPR art. 7(3) reads the other way for withdrawal).
    const earlier = await share(practitioner, {
      direction: 'sent',
      partnerId: housingId,
      sharedOn: '2026-11-01',
      what: 'x',
      lawfulBasis: 'consent',
    });
    expect(earlier.statusCode).toBe(409);
    expect(earlier.json().errors[0].message).toMatch(/given on 5 November 2026, after 1 November 2026/);
  });

  it('records withdrawal as withdrawn, after which consent is no basis', async () => {
    const withdrawn = await onEpisode(practitioner, 'PUT', `/consents/${housingId}`, {
      given: false,
      recordedOn: '2026-11-10',
    });
    expect(withdrawn.json().status).toBe('withdrawn');
    const res = await share(practitioner, {
      direction: 'sent',
      partnerId: housingId,
      sharedOn: '2026-11-10',
      what: 'x',
      lawfulBasis: 'consent',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].message).toMatch(/withdrew consent/);
    const consents = await onEpisode(practitioner, 'GET', '/consents');
    expect(consents.json().items).toEqual([expect.objectContaining({ status: 'withdrawn', partnerId: housingId })]);
    expect(consents.json().history.map((c: { status: string }) => c.status)).toEqual(['given', 'withdrawn']);
  });

  it('needs a justification for any other basis (400 without), and a lawful basis unless declined', async () => {
    const res = await share(practitioner, {
      direction: 'sent',
      partnerId: probationId,
      sharedOn: '2026-11-10',
      what: 'Risk concerns',
      lawfulBasis: 'safeguarding',
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['justification']);
    expect(
      fields(
        await share(practitioner, { direction: 'received', partnerId: probationId, sharedOn: '2026-11-10', what: 'x' }),
      ),
    ).toEqual(['lawfulBasis']);
    const ok = await share(practitioner, {
      direction: 'sent',
      partnerId: probationId,
      sharedOn: '2026-11-10',
      what: 'Risk concerns',
      lawfulBasis: 'public_task',
      justification: 'Joint risk management under MAPPA; the minimum needed for the plan.',
    });
    expect(ok.statusCode).toBe(201);
    const declined = await share(practitioner, {
      direction: 'declined',
      partnerId: housingId,
      sharedOn: '2026-11-10',
      what: 'Asked for his offending history',
      justification: 'He withdrew consent and there is no safeguarding need to override it.',
    });
    expect(declined.statusCode, declined.body).toBe(201);
    expect(declined.json()).toMatchObject({ lawfulBasis: null, directionText: 'Request declined from' });
  });

  it('answers 400 on a date ahead and on unreal values, 404 for other sites and unknown partners', async () => {
    const ahead = await share(practitioner, {
      direction: 'sent',
      partnerId: probationId,
      sharedOn: '2026-11-11',
      what: 'x',
      lawfulBasis: 'public_task',
      justification: 'y',
    });
    expect(ahead.statusCode).toBe(400);
    expect(fields(ahead)).toEqual(['sharedOn']);
    const bad = await share(practitioner, {
      direction: 'sideways',
      partnerId: probationId,
      sharedOn: 'soon',
      what: '',
      lawfulBasis: 'whim',
    });
    expect(fields(bad).sort()).toEqual(['direction', 'lawfulBasis', 'sharedOn', 'what']);
    expect(
      fields(
        await onEpisode(practitioner, 'PUT', `/consents/${housingId}`, { given: 'yes', recordedOn: '2026-13-01' }),
      ).sort(),
    ).toEqual(['given', 'recordedOn']);
    expect(
      (
        await onEpisode(practitioner, 'PUT', '/consents/00000000-0000-4000-8000-000000000000', {
          given: true,
          recordedOn: '2026-11-01',
        })
      ).statusCode,
    ).toBe(404);
    expect((await onEpisode(elsewhere, 'GET', '/sharing')).statusCode).toBe(404);
    expect(
      (await onEpisode(elsewhere, 'PUT', `/consents/${housingId}`, { given: true, recordedOn: '2026-11-01' }))
        .statusCode,
    ).toBe(404);
  });

  it('lists the log newest first, each entry with its basis and who recorded it', async () => {
    const res = await onEpisode(manager, 'GET', '/sharing');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items[0].sharedOn >= items.at(-1).sharedOn).toBe(true);
    expect(items.every((i: { recordedBy: string }) => i.recordedBy === practitioner.viewer.name)).toBe(true);
  });
});
