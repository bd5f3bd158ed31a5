// Issue 15, "Case studies for reflective practice", against a real database: a manager of the site drafts an
// anonymised case study from an episode whose person has distinctive values in every field and in the notes,
// and none of them (name, identifiers, date of birth, exact dates, establishment, postcode, places) survives in
// the draft or the approved PDF; edits with If-Match (412 when stale); approval refused while the text still
// identifies the person or the lessons are unwritten; only an approved one downloads; 403/404 by role; pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import {
  SITES,
  anOpenEpisode,
  aReferralBody,
  type OpenEpisode,
  recordContact,
  recordRelease,
  staffAt,
} from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { readPdf } from '../../test/support/pdfText.ts';
import { formatIsoDateLong } from '../identifiers/dates.ts';

const SITE = SITES.hampshire;
let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let otherManager: TestUser;
let referrer: TestUser;
let commissioner: TestUser;
let episode: OpenEpisode;
let restricted: OpenEpisode;

const GIVEN = 'Siân';
const FAMILY = 'Wiśniewski-O’Brien';
const DOB = '1962-03-17';
const ESTABLISHMENT = 'HMP Winchester';
const POSTCODE = 'NR1 3JU';
const ADDRESS = '14 Thorpe Road, Norwich';
const PRACTICE = 'Magdalen Medical Practice';
const PREMISES = 'Bowthorpe House';
const SOURCE = {
  name: 'Llŷr Ó Dónaill',
  organisation: 'Wessex Probation Unit',
  email: 'llyr@example.org',
  phone: '01962 555123',
};

let secrets: string[] = [];

function leaks(text: string): string[] {
  const found = secrets.filter((s) => text.toLowerCase().includes(s.toLowerCase()));
  for (const re of [/\b\d{4}-\d{2}-\d{2}\b/, /\b(?:19|20)\d{2}\b/, /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/])
    if (re.test(text)) found.push(`pattern ${String(re)}: ${re.exec(text)?.[0] ?? ''}`);
  return found;
}

const post = (user: TestUser, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.api(user.token, { method: 'POST', url, ...(payload ? { payload } : {}), headers });
const generate = (user: TestUser, episodeId: string) => post(user, `/api/v1/episodes/${episodeId}/case-study`);

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITE, 'manager');
  practitioner = await staffAt(t, SITE);
  otherManager = await staffAt(t, SITES.lancashire, 'manager');
  referrer = await t.user('referrer');
  commissioner = await t.user('commissioner');
  const base = aReferralBody(t, SITE);
  const body = {
    ...base,
    source: { ...base.source, ...SOURCE },
    person: { ...base.person, givenName: GIVEN, familyName: FAMILY, dateOfBirth: DOB },
    custody: { ...base.custody, establishment: ESTABLISHMENT },
    healthNeeds: `${GIVEN} ${FAMILY}, NHS ${base.person.nhsNumber ?? ''}, born ${DOB}, at ${ESTABLISHMENT}`,
  };
  episode = await anOpenEpisode(t, { referrer, manager }, SITE, { body, lead: practitioner });
  restricted = await anOpenEpisode(t, { referrer, manager }, SITE, { restricted: true });
  const p = body.person;
  secrets = [
    GIVEN,
    'Sian',
    'Wiśniewski',
    'Wisniewski',
    'O’Brien',
    DOB,
    formatIsoDateLong(DOB),
    ESTABLISHMENT,
    'Winchester',
    POSTCODE,
    ADDRESS,
    'Thorpe Road',
    'Norwich',
    PRACTICE,
    PREMISES,
    SOURCE.name,
    'Llŷr',
    SOURCE.organisation,
    SOURCE.email,
    SOURCE.phone,
    episode.reference,
    ...[p.nhsNumber, p.prisonNumber, p.crn, p.pncId].filter((v): v is string => typeof v === 'string' && v !== ''),
  ];
  const plan = await t.api(practitioner.token, {
    method: 'PUT',
    url: `/api/v1/episodes/${episode.id}/release-plan`,
    payload: {
      destination: { postcode: POSTCODE, localAuthority: 'Norfolk', address: ADDRESS },
      approvedPremises: PREMISES,
      gp: { registered: false, practice: PRACTICE },
      contingencyPlan: `If ${GIVEN} is released from court, meet at ${ESTABLISHMENT} gate; call ${SOURCE.phone}`,
    },
  });
  expect(plan.statusCode, plan.body).toBe(200);
  await recordRelease(t, practitioner, episode, {
    releasedOn: '2026-11-10',
    releasedFrom: 'court',
    destination: { postcode: POSTCODE, localAuthority: 'Norfolk' },
  });
  t.clock.now = new Date('2026-11-24T10:00:00Z');
  await recordContact(t, practitioner, episode, {
    at: '2026-11-13T10:00:00Z',
    type: 'phone',
    outcome: 'attended',
    durationMinutes: 20,
    notes: `Spoke to ${GIVEN} ${FAMILY} (NHS ${p.nhsNumber ?? ''}, ${p.prisonNumber ?? ''}) at ${ADDRESS} ${POSTCODE} on 13 November 2026; left ${ESTABLISHMENT}.`,
  });
  const meeting = await post(practitioner, `/api/v1/episodes/${episode.id}/meetings`, {
    kind: 'professionals',
    heldOn: '2026-11-16',
    attendees: [{ name: SOURCE.name, organisation: SOURCE.organisation, present: true }],
    summary: `${GIVEN} ${FAMILY} housed at ${PREMISES}; born ${formatIsoDateLong(DOB)}.`,
    actions: [],
  });
  expect(meeting.statusCode, meeting.body).toBe(201);
});
afterAll(() => t.close());

describe('POST /api/v1/episodes/{id}/case-study', () => {
  let id = '';

  it('drafts an anonymised case study: no name, identifier, date of birth, exact date, establishment or postcode', async () => {
    const res = await generate(manager, episode.id);
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ status: 'draft', version: 1 });
    expect(typeof made.id).toBe('string');
    id = made.id;
    expect(leaks(made.text)).toEqual([]);
    expect(made.text).toContain('Case study: A, aged 60 or over, the South East');
    expect(made.text).toContain(
      'On the day of release: A was released from court, out of the team’s area, to the East of England.',
    );
    expect(made.text).toContain('Three days after release: The team had contact with A by phone.');
    expect(made.text).toContain('A professionals’ meeting was held about A.');
    expect(made.sections.missedOpportunities).toMatch(/raised .* release/);
    expect(made.sections.missedOpportunities).toContain('GP not registered');
    expect(made.sections.lessons).toContain('[Write here]');
  });

  it('refers to the person as Mr A or Ms A when the manager says so, and answers 400 for anything else', async () => {
    const mr = await post(manager, `/api/v1/episodes/${episode.id}/case-study`, { gender: 'male' });
    expect(mr.statusCode, mr.body).toBe(201);
    expect(mr.json().sections.title).toBe('Case study: Mr A, aged 60 or over, the South East');
    expect(mr.json().text).toContain('Mr A was released from court');
    const ms = await post(manager, `/api/v1/episodes/${episode.id}/case-study`, { gender: 'female' });
    expect(ms.json().sections.title).toContain('Ms A');
    const bad = await post(manager, `/api/v1/episodes/${episode.id}/case-study`, { gender: 'x', name: 'y' });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps the draft back from download, and refuses approval while the lessons are prompts', async () => {
    const pdf = await t.api(manager.token, { method: 'GET', url: `/api/v1/case-studies/${id}?format=pdf` });
    expect(pdf.statusCode).toBe(409);
    const approve = await post(manager, `/api/v1/case-studies/${id}/approve`);
    expect(approve.statusCode).toBe(400);
    expect(approve.json().errors.map((e: { field: string }) => e.field)).toEqual(['lessons']);
  });

  it('edits with If-Match: 428 without, 412 when someone else changed it first', async () => {
    const read = await t.api(manager.token, { method: 'GET', url: `/api/v1/case-studies/${id}` });
    expect(read.headers.etag).toBe('"1"');
    const put = (payload: object, version?: string) =>
      t.api(manager.token, {
        method: 'PUT',
        url: `/api/v1/case-studies/${id}`,
        payload,
        headers: version ? { 'if-match': version } : {},
      });
    expect((await put({ lessons: 'x' })).statusCode).toBe(428);
    expect((await put({ lessons: '' }, '"1"')).json().errors[0].field).toBe('lessons');
    expect((await put({ colour: 'red' }, '"1"')).statusCode).toBe(400);
    const first = await put({ lessons: 'Plan for release from court early.' }, '"1"');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await put({ lessons: 'Someone else’s words' }, '"1"');
    expect(stale.statusCode).toBe(412);
    expect(
      (await t.api(manager.token, { method: 'GET', url: `/api/v1/case-studies/${id}` })).json().sections.lessons,
    ).toBe('Plan for release from court early.');
  });

  it('refuses approval while a section names the person or their prison, saying which line', async () => {
    const named = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/case-studies/${id}`,
      payload: { background: `Siân was at ${ESTABLISHMENT}.` },
      headers: { 'if-match': '"2"' },
    });
    expect(named.statusCode).toBe(200);
    const refused = await post(manager, `/api/v1/case-studies/${id}/approve`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: 'background', message: `Remove what could identify the person: “Siân was at ${ESTABLISHMENT}.”` },
    ]);
    const fixed = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/case-studies/${id}`,
      payload: { background: 'A is aged 60 or over, with hearing and literacy needs.' },
      headers: { 'if-match': '"3"' },
    });
    expect(fixed.statusCode).toBe(200);
  });

  it('approves, then downloads the PDF, in which nothing identifying survives', async () => {
    expect(
      (await post(manager, `/api/v1/case-studies/${id}/approve`, undefined, { 'if-match': '"1"' })).statusCode,
    ).toBe(412);
    const approved = await post(manager, `/api/v1/case-studies/${id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', version: 5 });
    expect((await post(manager, `/api/v1/case-studies/${id}/approve`)).statusCode).toBe(409);
    const edit = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/case-studies/${id}`,
      payload: { lessons: 'Changed after approval' },
      headers: { 'if-match': '"5"' },
    });
    expect(edit.statusCode).toBe(409);
    const pdf = await t.api(manager.token, { method: 'GET', url: `/api/v1/case-studies/${id}?format=pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = readPdf(pdf.rawPayload).text;
    expect(text).toContain('Missed opportunities');
    expect(text).toContain('Plan for release from court early.');
    expect(leaks(text)).toEqual([]);
  });

  it('is for the site’s managers: 403 for those who see the episode, 404 for anyone who cannot', async () => {
    expect((await generate(practitioner, episode.id)).statusCode).toBe(403);
    expect((await generate(referrer, episode.id)).statusCode).toBe(403);
    expect((await generate(otherManager, episode.id)).statusCode).toBe(404);
    expect((await generate(commissioner, episode.id)).statusCode).toBe(404);
    expect((await generate(manager, 'not-an-id')).statusCode).toBe(404);
    expect(
      (await t.api(undefined, { method: 'POST', url: `/api/v1/episodes/${episode.id}/case-study` })).statusCode,
    ).toBe(401);
    // An approved case study is for the whole team to read; a draft and every change are the managers'.
    const asPractitioner = (method: 'GET' | 'PUT', url: string) =>
      t.api(practitioner.token, {
        method,
        url,
        ...(method === 'PUT' ? { payload: { lessons: 'x' } } : {}),
        headers: { 'if-match': '"1"' },
      });
    expect((await asPractitioner('GET', `/api/v1/case-studies/${id}`)).statusCode).toBe(200);
    expect((await asPractitioner('GET', `/api/v1/case-studies/${id}?format=pdf`)).statusCode).toBe(200);
    expect((await post(practitioner, `/api/v1/case-studies/${id}/approve`)).statusCode).toBe(403);
    const draft = (await generate(manager, episode.id)).json().id as string;
    expect((await asPractitioner('GET', `/api/v1/case-studies/${draft}`)).statusCode).toBe(403);
    expect((await asPractitioner('PUT', `/api/v1/case-studies/${draft}`)).statusCode).toBe(403);
    expect((await t.api(referrer.token, { method: 'GET', url: `/api/v1/case-studies/${id}` })).statusCode).toBe(403);
    expect((await t.api(otherManager.token, { method: 'GET', url: `/api/v1/case-studies/${id}` })).statusCode).toBe(
      404,
    );
    expect((await post(otherManager, `/api/v1/case-studies/${id}/approve`)).statusCode).toBe(404);
  });

  it('never drafts from a restricted episode for someone who may not see it', async () => {
    expect((await generate(practitioner, restricted.id)).statusCode).toBe(404);
    expect((await generate(otherManager, restricted.id)).statusCode).toBe(404);
    const own = await generate(manager, restricted.id);
    expect(own.statusCode, own.body).toBe(201);
    expect(
      (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/case-studies/${own.json().id}` })).statusCode,
    ).toBe(404);
  });

  it('audits each draft, edit, approval and download', async () => {
    const { auditEvents } = await import('../db/schema.ts');
    const { eq } = await import('drizzle-orm');
    const rows = await t.services.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'case_study.drafted',
        'case_study.edited',
        'case_study.approved',
        'case_study.downloaded',
      ]),
    );
  });
});

describe('the case study pages', () => {
  it('drafts from the episode, edits ("someone else changed this"), approves with the error summary, downloads', async () => {
    const page = await PageSession.signedIn(t.app, manager);
    const list = await page.get(`/episodes/${episode.id}/case-studies`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Draft a case study');
    const made = await page.post(`/episodes/${episode.id}/case-studies`, {}, `/episodes/${episode.id}/case-studies`);
    expect(made.statusCode).toBe(303);
    const url = made.headers.location as string;
    const shown = await page.get(url);
    expect(shown.statusCode).toBe(200);
    expect(leaks(shown.body.replace(/<[^>]+>/g, ' '))).toEqual([]);
    const approveEarly = await page.submitFrom(url, `${url}/approve`, {});
    expect(approveEarly.statusCode).toBe(400);
    expect(approveEarly.body).toContain('There is a problem');
    expect(approveEarly.body).toContain('Write the lessons');
    const fields = {
      title: 'Case study: A, released from court',
      background: 'A is aged 60 or over.',
      whatHappened: 'On the day of release: A was released from court.',
      missedOpportunities: 'No contingency plan.',
    };
    // Someone else saves first: the stale form is not saved and says so.
    const staleForm = await page.get(url);
    await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/case-studies/${url.split('/').at(-1) ?? ''}`,
      payload: { lessons: 'Their lessons' },
      headers: { 'if-match': '"1"' },
    });
    const stale = await page.post(url, {
      ...fields,
      lessons: 'Mine',
      version: /name="version" value="(\d+)"/.exec(staleForm.body)?.[1] ?? '',
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this case study');
    const saved = await page.submitFrom(url, url, { ...fields, lessons: 'Plan early for court releases.' });
    expect(saved.statusCode).toBe(303);
    const approved = await page.submitFrom(url, `${url}/approve`, {});
    expect(approved.statusCode).toBe(303);
    const after = await page.get(url);
    expect(after.body).toContain('Download the case study (PDF)');
    const pdf = await page.get(`${url}/download`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('shows a practitioner the approved case studies only, to read and download, and no draft button', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const list = await page.get(`/episodes/${episode.id}/case-studies`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Draft a case study');
    expect(list.body).not.toMatch(/nhsuk-tag--grey/);
    expect(list.body).toContain('Approved');
    const link = /href="(\/case-studies\/[0-9a-f-]+)"/.exec(list.body)?.[1] ?? '';
    const shown = await page.get(link);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain('Approve the case study');
    expect((await page.get(`${link}/download`)).statusCode).toBe(200);
  });
});
