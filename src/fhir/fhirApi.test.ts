// Issue 12, "Proof by parties that did not write it": an independent FHIR client from npm (fhir-kit-client)
// drives the facade over a real listening server, and every resource it gets back is checked against the
// FHIR R4 base specification by an independent validator (@medplum/core validateResource).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'fhir-kit-client';
import { and, desc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { aReferralBody, anOpenEpisode, SITES, staffAt } from '../../test/support/factories.ts';
import { serviceRequestOf, validateR4 } from '../../test/support/fhir.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents } from '../db/schema.ts';
import { NHS_NUMBER_SYSTEM } from './systems.ts';
import { EPISODE_STATUS } from './presenter.ts';

const SITE = SITES.hampshire;
let t: TestApp;
let baseUrl: string;
let referrer: TestUser;
let practitioner: TestUser;
let manager: TestUser;

type Json = Record<string, unknown> & { id?: string; resourceType: string };

const clientAs = (user?: TestUser) => new Client({ baseUrl, ...(user ? { bearerToken: user.token } : {}) });

/** The status and OperationOutcome of a request the client was refused. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; data: Json }> {
  try {
    await p;
  } catch (e) {
    const { response } = e as { response: { status: number; data: Json } };
    return response;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/fhir/R4`;
  referrer = await t.user('referrer', { organisation: 'HMP Winchester healthcare' });
  practitioner = await staffAt(t, SITE);
  manager = await staffAt(t, SITE, 'manager');
});
afterAll(() => t.close());

describe('the capability statement and SMART configuration', () => {
  it('says FHIR 4.0.1 and exactly the resources, interactions and search parameters served, without a token', async () => {
    const cs = (await clientAs().capabilityStatement()) as Json;
    validateR4(cs);
    expect(cs.fhirVersion).toBe('4.0.1');
    const rest = (
      cs.rest as { resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[] }[]
    )[0]!;
    const byType = Object.fromEntries(rest.resource.map((r) => [r.type, r]));
    expect(Object.keys(byType).sort()).toEqual([
      'CarePlan',
      'Encounter',
      'EpisodeOfCare',
      'Goal',
      'Observation',
      'Organization',
      'Patient',
      'Practitioner',
      'QuestionnaireResponse',
      'ServiceRequest',
      'Task',
    ]);
    expect(byType.ServiceRequest!.interaction.map((i) => i.code)).toEqual(['read', 'search-type', 'create']);
    expect(byType.Patient!.searchParam.map((p) => p.name)).toEqual(['_id', 'identifier', '_lastUpdated', '_count']);
  });

  it('serves the SMART configuration without a token', async () => {
    const res = await fetch(`${baseUrl}/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { capabilities: string[]; issuer: string };
    expect(body.capabilities).toEqual([]);
    expect(body.issuer).toMatch(/^http/);
  });

  it('answers in application/fhir+json, and 406 for a format it does not serve', async () => {
    const ok = await fetch(`${baseUrl}/metadata`, { headers: { accept: 'application/fhir+json' } });
    expect(ok.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const xml = await fetch(`${baseUrl}/metadata`, { headers: { accept: 'application/fhir+xml' } });
    expect(xml.status).toBe(406);
    const outcome = (await xml.json()) as Json;
    validateR4(outcome);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect((await fetch(`${baseUrl}/metadata?_format=xml`)).status).toBe(406);
  });
});

describe('errors are OperationOutcomes', () => {
  it('401 without a bearer token', async () => {
    const { status, data } = await refusal(clientAs().search({ resourceType: 'Patient', searchParams: { _id: 'x' } }));
    expect(status).toBe(401);
    validateR4(data);
    expect(data).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
  });

  it('404 for an unknown id, a malformed one, and an unknown resource type', async () => {
    for (const [resourceType, id] of [
      ['ServiceRequest', '00000000-0000-4000-8000-000000000000'],
      ['Patient', 'not-an-id'],
      ['EpisodeOfCare', '00000000-0000-4000-8000-000000000000'],
      ['Organization', 'no-such-site'],
      ['Practitioner', '00000000-0000-4000-8000-000000000000'],
      ['Observation', '00000000-0000-4000-8000-000000000000'],
      ['MedicationRequest', '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const { status, data } = await refusal(clientAs(practitioner).read({ resourceType, id }));
      expect(status, resourceType).toBe(404);
      validateR4(data);
      expect(data).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    }
  });

  it('400 for a search parameter it does not support, rather than an unfiltered answer', async () => {
    const { status, data } = await refusal(
      clientAs(practitioner).search({ resourceType: 'Patient', searchParams: { name: 'Smith' } }),
    );
    expect(status).toBe(400);
    validateR4(data);
  });
});

describe('POST ServiceRequest creates a referral as POST /api/v1/referrals does', () => {
  it('answers 201 with Location and ETag, and the resource validates', async () => {
    const body = aReferralBody(t, SITE);
    const res = await fetch(`${baseUrl}/ServiceRequest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${referrer.token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify(serviceRequestOf(body, t.services.fhir.systems)),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Json & { meta: { versionId: string }; subject: { reference: string } };
    validateR4(created);
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.headers.get('location')).toBe(`${baseUrl}/ServiceRequest/${created.id}/_history/1`);
    expect(created).toMatchObject({
      status: 'active',
      intent: 'order',
      performer: [{ reference: `Organization/${SITE}` }],
    });
    // The same referral through the JSON API: eligibility, screening deadline and all.
    const json = (await t.api(referrer.token, { method: 'GET', url: `/api/v1/referrals/${created.id}` })).json();
    expect(json.person).toMatchObject({ nhsNumber: body.person.nhsNumber, familyName: body.person.familyName });
    expect(json.status).toBe('awaiting_screening');
    expect(created.reasonCode).toEqual([
      expect.objectContaining({ coding: [expect.objectContaining({ code: json.eligibility.outcome })] }),
    ]);
  });

  it('is idempotent with If-None-Exist: the same condition again creates nothing new', async () => {
    const resource = serviceRequestOf(aReferralBody(t, SITE), t.services.fhir.systems);
    const headers = { 'If-None-Exist': 'identifier=https://systmone.example/referral|R-1234' };
    const first = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: resource,
      options: { headers },
    })) as Json;
    const again = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: resource,
      options: { headers },
    })) as Json;
    expect(again.id).toBe(first.id);
    const mine = (await clientAs(referrer).search({
      resourceType: 'ServiceRequest',
      searchParams: { patient: (first.subject as { reference: string }).reference },
    })) as Json;
    expect(mine.total).toBe(1);
  });

  it('422 naming the FHIRPath of each problem: an invalid NHS number, no consent, no site', async () => {
    const resource = serviceRequestOf(aReferralBody(t, SITE), t.services.fhir.systems) as Json & {
      contained: { identifier: { system: string; value: string }[] }[];
      extension: { url: string }[];
      performer?: unknown;
    };
    resource.contained[0]!.identifier[0]!.value = '1234567890';
    resource.extension = resource.extension.filter((e) => !e.url.endsWith('/consent-given'));
    delete resource.performer;
    const { status, data } = await refusal(
      clientAs(referrer).create({ resourceType: 'ServiceRequest', body: resource }),
    );
    expect(status).toBe(422);
    validateR4(data);
    const expressions = (data.issue as { expression: string[] }[]).flatMap((i) => i.expression);
    expect(expressions).toEqual(
      expect.arrayContaining([
        `ServiceRequest.contained[0].identifier.where(system='${NHS_NUMBER_SYSTEM}')`,
        `ServiceRequest.extension.where(url='${t.services.fhir.systems.extension('consent-given')}')`,
        'ServiceRequest.performer[0]',
      ]),
    );
  });

  it('400 for what is not a ServiceRequest, or one with no Patient', async () => {
    const notOne = await refusal(
      clientAs(referrer).create({ resourceType: 'ServiceRequest', body: { resourceType: 'Patient' } }),
    );
    expect(notOne.status).toBe(400);
    expect(notOne.data).toMatchObject({ issue: [{ expression: ['ServiceRequest.resourceType'] }] });
    const resource = {
      ...serviceRequestOf(aReferralBody(t, SITE), t.services.fhir.systems),
      subject: { reference: '#nobody' },
    };
    const noPatient = await refusal(clientAs(referrer).create({ resourceType: 'ServiceRequest', body: resource }));
    expect(noPatient.status).toBe(400);
    expect(noPatient.data).toMatchObject({ issue: [{ expression: ['ServiceRequest.subject'] }] });
  });

  it('creates a referral for an existing Patient named by subject', async () => {
    const body = aReferralBody(t, SITE);
    const first = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(body, t.services.fhir.systems),
    })) as Json;
    const subject = first.subject as { reference: string };
    const second = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: { ...serviceRequestOf(aReferralBody(t, SITE), t.services.fhir.systems), contained: undefined, subject },
    })) as Json;
    expect(second.id).not.toBe(first.id);
    expect(second.subject).toEqual(subject);
  });
});

describe('read and search', () => {
  it('reads the Patient with the NHS number in UK Core’s system, versioned, and audits the read', async () => {
    const body = aReferralBody(t, SITE);
    const created = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(body, t.services.fhir.systems),
    })) as Json;
    const patientId = (created.subject as { reference: string }).reference.slice('Patient/'.length);
    const before = await viewedCount(practitioner, created.id!);
    const patient = (await clientAs(practitioner).read({ resourceType: 'Patient', id: patientId })) as Json;
    validateR4(patient);
    expect(patient.meta).toMatchObject({ versionId: '1' });
    expect(patient.identifier).toEqual(
      expect.arrayContaining([
        { system: NHS_NUMBER_SYSTEM, value: body.person.nhsNumber },
        { system: t.services.fhir.systems.prisonNumber, value: body.person.prisonNumber },
      ]),
    );
    expect(await viewedCount(practitioner, created.id!)).toBe(before + 1);
    const res = await fetch(`${baseUrl}/Patient/${patientId}`, {
      headers: { authorization: `Bearer ${practitioner.token}` },
    });
    expect(res.headers.get('etag')).toBe('W/"1"');
  });

  it('finds a Patient by NHS number, with total', async () => {
    const body = aReferralBody(t, SITE);
    await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(body, t.services.fhir.systems),
    });
    const found = (await clientAs(practitioner).search({
      resourceType: 'Patient',
      searchParams: { identifier: `${NHS_NUMBER_SYSTEM}|${body.person.nhsNumber!}` },
    })) as Json & { entry: { resource: Json }[] };
    validateR4(found);
    expect(found).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(found.entry[0]!.resource).toMatchObject({ name: [{ family: body.person.familyName }] });
    const elsewhere = (await clientAs(practitioner).search({
      resourceType: 'Patient',
      searchParams: { identifier: `https://example.org/other|${body.person.nhsNumber!}` },
    })) as Json;
    expect(elsewhere.total).toBe(0);
  });

  it('finds the Patient a read gives, audited as the JSON search and as a read of its newest referral', async () => {
    const body = aReferralBody(t, SITE);
    const created = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(body, t.services.fhir.systems),
    })) as Json;
    const patientId = (created.subject as { reference: string }).reference.slice('Patient/'.length);
    const read = (await clientAs(practitioner).read({ resourceType: 'Patient', id: patientId })) as Json;
    const viewed = await viewedCount(practitioner, created.id!);
    const searches = await searchesBy(practitioner);
    const found = (await clientAs(practitioner).search({
      resourceType: 'Patient',
      searchParams: { identifier: `${NHS_NUMBER_SYSTEM}|${body.person.nhsNumber!}` },
    })) as Json & { entry: { resource: Json }[] };
    expect(found.entry.map((e) => e.resource)).toEqual([read]);
    expect(await viewedCount(practitioner, created.id!)).toBe(viewed + 1);
    const [search, ...earlier] = await searchesBy(practitioner);
    expect(earlier).toHaveLength(searches.length);
    expect(search).toMatchObject({ kind: 'nhsNumber', count: 1, referrals: [created.id] });
  });

  it('pages a search with _count and next links, which the client follows with nextPage', async () => {
    const pager = await t.user('referrer');
    for (let i = 0; i < 5; i++)
      await clientAs(pager).create({
        resourceType: 'ServiceRequest',
        body: serviceRequestOf(aReferralBody(t, SITE), t.services.fhir.systems),
      });
    const client = clientAs(pager);
    const seen: string[] = [];
    let bundle = (await client.search({ resourceType: 'ServiceRequest', searchParams: { _count: 2 } })) as Json & {
      entry?: { resource: Json }[];
      link: { relation: string; url: string }[];
    };
    expect(bundle.total).toBe(5);
    for (;;) {
      validateR4(bundle);
      seen.push(...(bundle.entry ?? []).map((e) => e.resource.id!));
      const next = client.nextPage({ bundle });
      if (!next) break;
      const following: unknown = await next;
      bundle = following as typeof bundle;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('reads an episode as EpisodeOfCare, its lead worker as Practitioner and its site as Organization', async () => {
    const episode = await anOpenEpisode(t, { referrer, manager }, SITE, { lead: practitioner });
    const client = clientAs(practitioner);
    const eoc = (await client.read({ resourceType: 'EpisodeOfCare', id: episode.id })) as Json;
    validateR4(eoc);
    const json = (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}` })).json();
    expect(eoc).toMatchObject({
      status: EPISODE_STATUS[json.status as keyof typeof EPISODE_STATUS],
      period: { start: json.openedOn },
      patient: { reference: `Patient/${episode.personId}` },
      managingOrganization: { reference: `Organization/${SITE}` },
      referralRequest: [{ reference: `ServiceRequest/${episode.referralId}` }],
      careManager: { reference: `Practitioner/${practitioner.viewer.id}` },
    });
    const byPatient = (await client.search({
      resourceType: 'EpisodeOfCare',
      searchParams: { patient: `Patient/${episode.personId}` },
    })) as Json;
    validateR4(byPatient);
    expect(byPatient.total).toBe(1);
    const lead = (await client.read({ resourceType: 'Practitioner', id: practitioner.viewer.id })) as Json;
    validateR4(lead);
    const org = (await client.read({ resourceType: 'Organization', id: SITE })) as Json;
    validateR4(org);
    expect(org.name).toBeTruthy();
    const sites = (await client.search({ resourceType: 'Organization', searchParams: {} })) as Json;
    validateR4(sites);
    expect(sites.total).toBe(4);
    const everything = (await client.operation({
      name: '$everything',
      resourceType: 'Patient',
      id: episode.personId,
      method: 'GET',
    })) as Json & {
      entry: { resource: Json }[];
    };
    validateR4(everything);
    expect(everything.entry.map((e) => `${e.resource.resourceType}/${e.resource.id!}`)).toEqual([
      `Patient/${episode.personId}`,
      `ServiceRequest/${episode.referralId}`,
      `EpisodeOfCare/${episode.id}`,
      // The episode's support plan, a draft until its first goal.
      `CarePlan/${episode.id}`,
      `Organization/${SITE}`,
    ]);
    const recorded = await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/contacts`,
      payload: {
        at: t.clock.now.toISOString(),
        type: 'phone',
        outcome: 'attended',
        durationMinutes: 30,
        notes: 'Private words',
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const contacts = (await client.search({
      resourceType: 'Encounter',
      searchParams: { 'episode-of-care': `EpisodeOfCare/${episode.id}` },
    })) as Json & { entry: { resource: Json }[] };
    validateR4(contacts);
    expect(contacts.total).toBe(1);
    expect(contacts.entry[0]!.resource).toMatchObject({
      status: 'finished',
      class: { code: 'VR' },
      period: { start: '2026-11-10T09:00:00.000Z', end: '2026-11-10T09:30:00.000Z' },
      episodeOfCare: [{ reference: `EpisodeOfCare/${episode.id}` }],
    });
    expect(JSON.stringify(contacts)).not.toContain('Private words');
    const encounter = (await client.read({ resourceType: 'Encounter', id: contacts.entry[0]!.resource.id! })) as Json;
    validateR4(encounter);
    const sr = (await client.read({ resourceType: 'ServiceRequest', id: episode.referralId })) as Json;
    validateR4(sr);
    expect(sr.status).toBe('completed');
  });
});

describe('a browser-free round trip', () => {
  it('a ServiceRequest posted by the client appears in the screening queue page', async () => {
    const body = aReferralBody(t, SITE);
    const created = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(body, t.services.fhir.systems),
    })) as Json;
    const reference = (created.identifier as { value: string }[])[0]!.value;
    const page = await PageSession.signedIn(t.app, practitioner);
    const queue = await page.get(`/screening?site=${SITE}`);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(reference);
    expect(queue.body).toContain(body.person.familyName);
  });
});

describe('a browser-free round trip, onwards', () => {
  it('the client’s referral, accepted and opened as an episode on the page, is readable as EpisodeOfCare', async () => {
    const er = SITES.lancashire;
    const erManager = await staffAt(t, er, 'manager');
    const created = (await clientAs(referrer).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(aReferralBody(t, er), t.services.fhir.systems),
    })) as Json;
    const accepted = await t.api(erManager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${created.id!}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': '"1"' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const page = await PageSession.signedIn(t.app, erManager);
    const opened = await page.submitFrom(`/referrals/${created.id!}/episode/new`, `/referrals/${created.id!}/episode`, {
      'consultation-date-day': '9',
      'consultation-date-month': '11',
      'consultation-date-year': '2026',
      'attendee-1-role': 'com',
      'attendee-1-name': 'Chris Manager',
      'attendee-1-organisation': 'Probation North West',
      decision: 'accept',
      rationale: 'Complex needs; agrees to support.',
    });
    expect(opened.statusCode, opened.body).toBe(303);
    const episodeId = /^\/episodes\/([0-9a-f-]{36})$/.exec(opened.headers.location as string)?.[1];
    expect(episodeId).toBeDefined();
    const client = clientAs(erManager);
    const eoc = (await client.read({ resourceType: 'EpisodeOfCare', id: episodeId! })) as Json;
    validateR4(eoc);
    expect(eoc).toMatchObject({
      referralRequest: [{ reference: `ServiceRequest/${created.id!}` }],
    });
    expect(eoc.patient).toEqual(created.subject);
    const sr = (await client.read({ resourceType: 'ServiceRequest', id: created.id! })) as Json;
    expect(sr.status).toBe('completed');
  });
});

async function viewedCount(user: TestUser, referralId: string): Promise<number> {
  const rows = await t.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'referral.viewed'), eq(auditEvents.recordId, referralId)));
  return rows.filter((r) => JSON.stringify(r).includes(user.viewer.id)).length;
}

/** The details of each search the user made, newest first. */
async function searchesBy(user: TestUser): Promise<Record<string, unknown>[]> {
  const rows = await t.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'search.performed'), eq(auditEvents.actorId, user.viewer.id)))
    .orderBy(desc(auditEvents.id));
  return rows.map((r) => JSON.parse(r.details) as Record<string, unknown>);
}

describe('need-to-know, as the JSON API', () => {
  it('a restricted referral is never in a search, a total or an error for whoever may not see it', async () => {
    const owner = await t.user('referrer');
    const body = aReferralBody(t, SITES.lancashire, { restricted: true });
    const created = (await clientAs(owner).create({
      resourceType: 'ServiceRequest',
      body: serviceRequestOf(body, t.services.fhir.systems),
    })) as Json;
    const patient = (created.subject as { reference: string }).reference;
    const outsider = await staffAt(t, SITES.lancashire);
    const client = clientAs(outsider);
    for (const [resourceType, searchParams] of [
      ['ServiceRequest', { _id: created.id! }],
      ['ServiceRequest', { patient }],
      ['EpisodeOfCare', { patient }],
      ['Patient', { identifier: `${NHS_NUMBER_SYSTEM}|${body.person.nhsNumber!}` }],
    ] as const) {
      const found = (await client.search({ resourceType, searchParams })) as Json;
      expect(found.total, `${resourceType} ${JSON.stringify(searchParams)}`).toBe(0);
      expect(JSON.stringify(found)).not.toContain(body.person.familyName);
    }
    const everything = await refusal(
      client.operation({ name: '$everything', resourceType: 'Patient', id: patient.slice(8), method: 'GET' }),
    );
    expect(everything.status).toBe(404);
    const read = await refusal(client.read({ resourceType: 'ServiceRequest', id: created.id! }));
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.data)).not.toContain(created.id!);
    // Its owner still sees it.
    expect(((await clientAs(owner).read({ resourceType: 'ServiceRequest', id: created.id! })) as Json).id).toBe(
      created.id,
    );
  });
});
