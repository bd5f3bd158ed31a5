// Issue 15, "Reports for commissioners and managers", against a real database: month by month per site and
// nationally, each KPI as numerator / denominator; commissioners' counts disclosure-controlled; restricted
// records counted nationally only; no personal data in any report; CSV formula-safe; every view and download
// audited; 403 for the wrong roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anAcceptedReferral, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents } from '../db/schema.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let referrer: TestUser;
let commissioner: TestUser;
let researcher: TestUser;
let otherManager: TestUser;
const episodes: OpenEpisode[] = [];
let restricted: OpenEpisode;

const kpis = (user: TestUser, query: string) =>
  t.api(user.token, { method: 'GET', url: `/api/v1/reports/kpis?${query}` });
type Month = { month: string; referralsReceived: number | null; accepted: number | null; suppressed: string[] };

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  otherManager = await staffAt(t, SITES.hampshire, 'manager');
  referrer = await t.user('referrer');
  commissioner = await t.user('commissioner');
  researcher = await t.user('researcher');
  for (let i = 0; i < 9; i++) episodes.push(await anOpenEpisode(t, { referrer, manager }, SITES.lancashire));
  restricted = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { restricted: true });
  await anAcceptedReferral(t, { referrer, screener: otherManager }, SITES.hampshire);
});
afterAll(() => t.close());

describe('GET /api/v1/reports/kpis', () => {
  it('gives a manager their own site exactly, without the restricted record', async () => {
    const res = await kpis(manager, `from=2026-11&to=2026-11&site=${SITES.lancashire}`);
    expect(res.statusCode, res.body).toBe(200);
    const [site] = res.json().sites;
    expect(site.code).toBe(SITES.lancashire);
    const [nov] = site.months as Month[];
    expect(nov).toMatchObject({ month: '2026-11', referralsReceived: 9, accepted: 9, suppressed: [] });
    expect(site.months[0].screenedOnTime).toMatchObject({ numerator: 9, denominator: 9 });
    expect(site.months[0].openEpisodes).toBe(9);
  });

  it('controls a commissioner’s counts: 9 rounds to 10; nationally the restricted record and the other site count', async () => {
    const site = (await kpis(commissioner, `from=2026-11&to=2026-11&site=${SITES.lancashire}`)).json();
    expect(site.disclosureControl).toContain('1 to 7 are withheld');
    expect(site.sites[0].months[0]).toMatchObject({ referralsReceived: 10, accepted: 10 });
    const national = (await kpis(commissioner, 'from=2026-11&to=2026-11')).json();
    // 11 referrals nationally (9 + restricted + Hampshire) → 10; Hampshire alone (1) is withheld.
    expect(national.sites[0].months[0]).toMatchObject({ referralsReceived: 10 });
    const hampshire = (await kpis(researcher, `from=2026-11&to=2026-11&site=${SITES.hampshire}`)).json();
    expect(hampshire.sites[0].months[0]).toMatchObject({ referralsReceived: null });
    expect(hampshire.sites[0].months[0].suppressed).toContain('referralsReceived');
  });

  it('never carries personal data', async () => {
    const body = (await kpis(commissioner, 'from=2026-01&to=2026-12')).body;
    for (const e of [...episodes, restricted]) {
      expect(body).not.toContain(e.id);
      expect(body).not.toContain(e.reference);
      expect(body).not.toContain(e.body.person.familyName);
      if (e.body.person.nhsNumber) expect(body).not.toContain(e.body.person.nhsNumber);
    }
  });

  it('is 403 for practitioners, referrers and admins, and for a manager asking for another site', async () => {
    expect((await kpis(practitioner, 'from=2026-11&to=2026-11')).statusCode).toBe(403);
    expect((await kpis(referrer, 'from=2026-11&to=2026-11')).statusCode).toBe(403);
    expect((await kpis(manager, `from=2026-11&to=2026-11&site=${SITES.hampshire}`)).statusCode).toBe(403);
    expect((await kpis(commissioner, 'from=2026-11&to=2026-11&site=nowhere')).statusCode).toBe(404);
  });

  it.each([
    ['from=2026-13&to=2026-11', ['from']],
    ['from=2026-11&to=2026-01', ['to']],
    ['from=2020-01&to=2026-11', ['to']],
    ['from=2026-01&to=2026-11&format=xml', ['format']],
  ])('answers 400 with the field for %s', async (query, fields) => {
    const res = await kpis(commissioner, query);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
  });

  it('downloads CSV and audits every view and download', async () => {
    const res = await kpis(commissioner, 'from=2026-10&to=2026-11&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toContain('referrals_received');
    expect(lines).toHaveLength(3);
    const audited = await t.services.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, commissioner.viewer.id), eq(auditEvents.recordType, 'report')));
    const actions = audited.map((a) => a.action);
    expect(actions).toContain('report.viewed');
    expect(actions).toContain('report.downloaded');
  });

  it('leaves a withheld count blank in the CSV, never 0: the one Hampshire referral’s source', async () => {
    const res = await kpis(commissioner, `from=2026-11&to=2026-11&site=${SITES.hampshire}&format=csv`);
    const [header = '', nov = ''] = res.body.trim().split('\r\n');
    const columns = header.split(',');
    const cells = nov.split(',');
    const sources = columns.flatMap((c, i) => (c.startsWith('referrals_from_') ? [cells[i]] : []));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((c) => c === '')).toBe(true);
    expect(cells[columns.indexOf('referrals_received')]).toBe('');
  });
});

describe('the report page', () => {
  it('takes a commissioner from the home page to the national report, with SPC charts, tables and the CSV', async () => {
    const page = await PageSession.signedIn(t.app, commissioner);
    const home = await page.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/reports');
    const report = await page.get('/reports?from=2026-06&to=2026-11');
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('England (all sites)');
    expect(report.body).toContain('<svg');
    expect(report.body).toContain('data-qa="kpi-table"');
    expect(report.body).toContain('Withheld');
    expect(report.body).not.toContain(restricted.body.person.familyName);
    const csv = await page.get('/reports/download?from=2026-06&to=2026-11');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
  });

  it('shows the error summary for a bad month, and 403 for a practitioner', async () => {
    const page = await PageSession.signedIn(t.app, commissioner);
    const bad = await page.get('/reports?from=June&to=2026-11');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#from"');
    const refused = await (await PageSession.signedIn(t.app, practitioner)).get('/reports');
    expect(refused.statusCode).toBe(403);
  });
});
