// Issue 15, "The evaluation's minimum dataset", against a real database: the dictionary (JSON, CSV, page), the
// extract (CSV streamed, columns exactly the dictionary's), the same pseudonymous person across a person's
// episodes, no name, identifier, date of birth, exact date, postcode or free text anywhere in an extract of people
// given distinctive values, restricted records left out, every extract audited, the k-anonymity check shown, and
// 403 for every role but the researcher's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import {
  SITES,
  anAcceptedReferral,
  anOpenEpisode,
  aReferralBody,
  type OpenEpisode,
  recordContact,
  recordRelease,
  staffAt,
} from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents } from '../db/schema.ts';
import { nhsNumberCheckDigit } from '../identifiers/nhsNumber.ts';
import { pncCheckLetter } from '../identifiers/pncId.ts';
import { EXTRACT_COLUMNS, DICTIONARY_FIELDS } from './dictionary.ts';
import { personPseudonym } from './pseudonym.ts';

let t: TestApp;
let manager: TestUser;
let hampshireManager: TestUser;
let practitioner: TestUser;
let referrer: TestUser;
let commissioner: TestUser;
let researcher: TestUser;
let admin: TestUser;
const episodes: OpenEpisode[] = [];
let restricted: OpenEpisode;
let secondEpisode: OpenEpisode;

/** A valid NHS number from nine digits (modulus 11), so each person is distinctive and real-looking. */
function nhsNumber(first9: string): string {
  for (let n = Number(first9); ; n++) {
    const nine = String(n).padStart(9, '0');
    const check = nhsNumberCheckDigit(nine);
    if (check !== null) return `${nine}${String(check)}`;
  }
}

const DISTINCTIVE = {
  givenName: 'Zebedee',
  familyName: 'Quillfeather-Marrowbone',
  dateOfBirth: '1987-02-19',
  nhsNumber: nhsNumber('487123650'),
  prisonNumber: 'Q7315ZX',
  crn: 'V918273',
  pncId: `2004/0456789${pncCheckLetter('04', '0456789') ?? 'X'}`,
};
const FREE_TEXT = 'Xylophone-harbour confidential note';
const POSTCODE = 'PR1 8XY';

const extract = (user: TestUser, query = '') =>
  t.api(user.token, { method: 'GET', url: `/api/v1/evaluation/extract${query}` });
const dictionary = (user: TestUser, query = '') =>
  t.api(user.token, { method: 'GET', url: `/api/v1/evaluation/dictionary${query}` });
const parse = (csv: string) =>
  csv
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  hampshireManager = await staffAt(t, SITES.hampshire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  referrer = await t.user('referrer');
  commissioner = await t.user('commissioner');
  researcher = await t.user('researcher');
  admin = await t.user('admin');

  const base = aReferralBody(t, SITES.lancashire);
  const distinctive = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, {
    body: {
      ...base,
      person: { ...base.person, ...DISTINCTIVE },
      healthNeeds: FREE_TEXT,
      source: { ...base.source, name: 'Ophelia Referrer-Snodgrass', organisation: 'Probation Xanadu' },
    },
  });
  episodes.push(distinctive);
  for (let i = 0; i < 3; i++) episodes.push(await anOpenEpisode(t, { referrer, manager }, SITES.lancashire));
  restricted = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { restricted: true });

  // The distinctive person's release: a plan with an address and postcode, contacts with notes, outcomes, measures.
  const id = distinctive.id;
  const plan = await t.api(manager.token, {
    method: 'PUT',
    url: `/api/v1/episodes/${id}/release-plan`,
    payload: {
      releaseType: 'conditional_release',
      destination: { address: `Flat 9, ${FREE_TEXT}`, postcode: POSTCODE, localAuthority: 'Preston' },
      substanceMisuse: { needed: true, service: FREE_TEXT },
      accommodation: { status: 'unsettled' },
      contingencyPlan: FREE_TEXT,
    },
  });
  expect(plan.statusCode, plan.body).toBe(200);
  await recordRelease(t, manager, distinctive, { releasedOn: '2026-11-10' });
  t.clock.now = new Date('2026-12-05T10:00:00Z');
  await recordContact(t, manager, distinctive, {
    at: '2026-11-13T10:00:00Z',
    type: 'community',
    outcome: 'attended',
    durationMinutes: 30,
    notes: FREE_TEXT,
  });
  const outcomes = await t.api(manager.token, {
    method: 'PUT',
    url: `/api/v1/episodes/${id}/outcomes`,
    payload: { substanceMisuseEngagedOn: '2026-11-28', gpRegisteredOn: '2026-11-15', accommodationNow: 'settled' },
  });
  expect(outcomes.statusCode, outcomes.body).toBe(200);
  for (const [on, answers] of [
    ['2026-11-12', [2, 3, 2, 3, 2, 3, 2]],
    ['2026-12-01', [4, 4, 3, 4, 4, 3, 4]],
  ] as const) {
    const m = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${id}/measures`,
      payload: { instrument: 'swemwbs', administeredOn: on, answers },
    });
    expect(m.statusCode, m.body).toBe(201);
  }

  // The same person referred again, to another team, with spaces in the NHS number.
  const again = aReferralBody(t, SITES.hampshire);
  const spaced = `${DISTINCTIVE.nhsNumber.slice(0, 3)} ${DISTINCTIVE.nhsNumber.slice(3, 6)} ${DISTINCTIVE.nhsNumber.slice(6)}`;
  secondEpisode = await anOpenEpisode(t, { referrer, manager: hampshireManager }, SITES.hampshire, {
    body: { ...again, person: { ...again.person, ...DISTINCTIVE, nhsNumber: spaced } },
  });
  // A referral not yet an episode is not in the extract.
  await anAcceptedReferral(t, { referrer, screener: hampshireManager }, SITES.hampshire);
});
afterAll(() => t.close());

describe('GET /api/v1/evaluation/dictionary', () => {
  it('gives the versioned fields as API.md says, and the same as CSV', async () => {
    const res = await dictionary(researcher);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(body.fields.map((f: { name: string }) => f.name)).toEqual([...EXTRACT_COLUMNS]);
    for (const f of body.fields)
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'description', 'type', 'source']));
    const csv = await dictionary(commissioner, '?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(parse(csv.body)[0]).toEqual(['name', 'description', 'type', 'values', 'source', 'standard', 'version']);
    expect(csv.body.trim().split('\r\n')).toHaveLength(DICTIONARY_FIELDS.length + 1);
    expect((await dictionary(manager)).statusCode).toBe(200);
    expect((await dictionary(researcher, '?format=xml')).statusCode).toBe(400);
  });

  it('is 403 for practitioners, referrers and admins; 401 without a token', async () => {
    for (const u of [practitioner, referrer, admin]) expect((await dictionary(u)).statusCode).toBe(403);
    expect((await t.api(undefined, { method: 'GET', url: '/api/v1/evaluation/dictionary' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/evaluation/extract', () => {
  it('streams one row per episode, columns exactly the dictionary’s, restricted records left out', async () => {
    const res = await extract(researcher);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="reconnect-evaluation-v[\d.]+-start-end\.csv"$/,
    );
    const [header, ...rows] = parse(res.body);
    expect(header).toEqual([...EXTRACT_COLUMNS]);
    // 4 at Lancashire and 1 at Hampshire; not the restricted episode, not the referral without an episode.
    expect(rows).toHaveLength(5);
    expect(res.headers['x-extract-rows']).toBe('5');
    const restrictedPerson = personPseudonym(t.services.config.pseudonymisationKey, {
      personId: restricted.personId,
      nhsNumber: restricted.body.person.nhsNumber ?? null,
      prisonNumber: restricted.body.person.prisonNumber ?? null,
      crn: restricted.body.person.crn ?? null,
      pncId: restricted.body.person.pncId ?? null,
    });
    expect(res.body).not.toContain(restrictedPerson);
  });

  it('gives the same person id to both of a person’s episodes (spaces in the NHS number or not)', async () => {
    const [header, ...rows] = parse((await extract(researcher)).body);
    const col = (name: string) => header!.indexOf(name);
    const ofSite = (site: string) => rows.filter((r) => r[col('site')] === site);
    const distinctiveRow = rows.find((r) => r[col('swemwbs_last')] !== '')!;
    const hampshire = ofSite(SITES.hampshire);
    expect(hampshire).toHaveLength(1);
    expect(hampshire[0]![col('person')]).toBe(distinctiveRow[col('person')]);
    expect(new Set(rows.map((r) => r[col('person')])).size).toBe(4);
    expect(new Set(rows.map((r) => r[col('episode')])).size).toBe(5);
    expect(distinctiveRow[col('person')]).toMatch(/^[0-9a-f]{64}$/);
    // Intervals in days, as the outcomes count them.
    expect(Object.fromEntries(header!.map((h, i) => [h, distinctiveRow[i]]))).toMatchObject({
      age_band: '35-44',
      local_authority: 'Preston',
      out_of_area: 'no',
      release_type: 'conditional_release',
      released: 'yes',
      days_release_to_first_contact: '3',
      days_release_to_gp_registration: '5',
      gp_registered_by_day_7: 'yes',
      days_release_to_substance_misuse_treatment: '18',
      substance_misuse_treatment_within_21_days: 'yes',
      accommodation_on_release: 'unsettled',
      accommodation_now: 'settled',
      status: 'open',
    });
    expect(secondEpisode.personId).toBeTruthy();
  });

  it('holds no name, identifier, date of birth, exact date, postcode or free text', async () => {
    const body = (await extract(researcher)).body;
    const secrets = [
      DISTINCTIVE.givenName,
      DISTINCTIVE.familyName,
      DISTINCTIVE.nhsNumber,
      DISTINCTIVE.nhsNumber.slice(0, 3) + ' ',
      DISTINCTIVE.prisonNumber,
      DISTINCTIVE.crn,
      DISTINCTIVE.pncId,
      DISTINCTIVE.dateOfBirth,
      '1987',
      POSTCODE,
      'PR1',
      'Xylophone',
      'Snodgrass',
      'Xanadu',
      'Flat 9',
      ...[...episodes, secondEpisode, restricted].flatMap((e) => [
        e.id,
        e.referralId,
        e.reference,
        e.personId,
        e.body.person.familyName,
        e.body.person.givenName,
        ...(e.body.person.nhsNumber ? [e.body.person.nhsNumber] : []),
        ...(e.body.person.prisonNumber ? [e.body.person.prisonNumber] : []),
        e.body.person.dateOfBirth,
        ...(e.body.custody.establishment ? [e.body.custody.establishment] : []),
      ]),
    ];
    for (const s of secrets) expect(body, `the extract holds ${s}`).not.toContain(s);
    // No date in any form: ISO, UK, or a month.
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|\b(19|20)\d{2}-\d{2}\b/);
    expect(body).not.toMatch(/@/);
  });

  it('takes a range of opening dates (400 with the field for a bad one) and audits every extract', async () => {
    const none = await extract(researcher, '?from=2027-01-01&to=2027-02-01');
    expect(none.statusCode).toBe(200);
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    const bad = await extract(researcher, '?from=2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('from');
    const backwards = await extract(researcher, '?from=2026-12-01&to=2026-11-01');
    expect(backwards.json().errors[0].field).toBe('to');
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'evaluation.extracted'));
    const ranged = audited.find((e) => JSON.parse(e.details).from === '2027-01-01');
    expect(ranged).toMatchObject({ actorId: researcher.viewer.id, recordType: 'evaluation_extract' });
    expect(JSON.parse(ranged!.details)).toMatchObject({
      from: '2027-01-01',
      to: '2027-02-01',
      channel: 'api',
      rows: 0,
    });
    expect(ranged!.actorLabel).toContain(researcher.email);
  });

  it('says what the k-anonymity check found in headers (k = 5)', async () => {
    const res = await extract(researcher);
    expect(res.headers['x-k-anonymity-k']).toBe('5');
    expect(Number(res.headers['x-k-anonymity-smallest-class'])).toBeLessThan(5);
    expect(Number(res.headers['x-k-anonymity-classes-under-k'])).toBeGreaterThan(0);
  });

  it('is 403 for every role but the researcher’s; 401 without a token', async () => {
    for (const u of [practitioner, manager, referrer, admin, commissioner]) {
      const res = await extract(u);
      expect(res.statusCode, u.email).toBe(403);
      expect(res.body).not.toContain(DISTINCTIVE.familyName);
    }
    expect((await t.api(undefined, { method: 'GET', url: '/api/v1/evaluation/extract' })).statusCode).toBe(401);
  });
});

describe('the researcher’s pages', () => {
  it('home is the evaluation page: the dictionary, the k-anonymity warning before download, and the extract', async () => {
    const page = await PageSession.signedIn(t.app, { email: researcher.email, password: researcher.password });
    const home = await page.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/evaluation');
    const res = await page.get('/evaluation');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('There is nothing for your role here yet');
    expect(res.body).toContain('href="/evaluation/dictionary"');
    expect(res.body).toContain('data-qa="k-anonymity-warning"');
    expect(res.body).toContain('href="/evaluation/extract"');
    expect(res.body).toContain('href="/evaluation"');
    const csv = await page.get('/evaluation/extract');
    expect(csv.statusCode).toBe(200);
    expect(parse(csv.body)[0]).toEqual([...EXTRACT_COLUMNS]);
    const dict = await page.get('/evaluation/dictionary');
    expect(dict.statusCode).toBe(200);
    expect(dict.body).toContain('days_release_to_substance_misuse_treatment');
    const bad = await page.get('/evaluation?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#from"');
  });

  it('a commissioner reads the dictionary and the reports, not the extract', async () => {
    const page = await PageSession.signedIn(t.app, { email: commissioner.email, password: commissioner.password });
    expect((await page.get('/evaluation/dictionary')).statusCode).toBe(200);
    expect((await page.get('/evaluation')).statusCode).toBe(403);
    expect((await page.get('/evaluation?from=bad')).statusCode).toBe(403);
    expect((await page.get('/evaluation/extract')).statusCode).toBe(403);
    const reports = await page.get('/reports');
    expect(reports.body).toContain('href="/reports"');
    expect(reports.body).toContain('href="/evaluation/dictionary"');
    expect(reports.body).not.toContain('href="/evaluation"');
  });
});
