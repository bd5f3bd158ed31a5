// Issue 12: the care record through the FHIR facade (CarePlan, Goal, Task, Observation, QuestionnaireResponse),
// the search parameters every type takes (_id, _lastUpdated, _count with next links and total, _include) and
// updates with If-Match, driven by an independent client (fhir-kit-client) over a real listening server; every
// resource returned is checked against the FHIR R4 base specification by @medplum/core's validateResource.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'fhir-kit-client';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { anOpenEpisode, SITES, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { validateR4 } from '../../test/support/fhir.ts';
import { auditEvents } from '../db/schema.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';

const SITE = SITES.lancashire;
let t: TestApp;
let baseUrl: string;
let referrer: TestUser;
let practitioner: TestUser;
let manager: TestUser;
let sameSite: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let restricted: OpenEpisode;
let goalId: string;
let planActionIds: string[];
let meetingActionIds: string[];
let measureIds: string[];
let partnerId: string;

type Json = Record<string, unknown> & { id?: string; resourceType: string };
type Searchset = Json & {
  total: number;
  entry?: { resource: Json; search: { mode: string } }[];
  link: { relation: string; url: string }[];
};

const clientAs = (user: TestUser) => new Client({ baseUrl, bearerToken: user.token });
const today = () => londonDate(t.clock.now);

async function refusal(p: Promise<unknown>): Promise<{ status: number; data: Json }> {
  try {
    await p;
  } catch (e) {
    const { response } = e as { response: { status: number; data: Json } };
    return response;
  }
  throw new Error('expected a refusal');
}

async function api(user: TestUser, method: 'POST' | 'GET', url: string, payload?: object) {
  const res = await t.api(user.token, { method, url, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

async function search(user: TestUser, resourceType: string, searchParams: Record<string, string | number>) {
  const found = (await clientAs(user).search({ resourceType, searchParams })) as Searchset;
  validateR4(found);
  return found;
}

const matches = (b: Searchset) => (b.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => e.resource);
const included = (b: Searchset) => (b.entry ?? []).filter((e) => e.search.mode === 'include').map((e) => e.resource);

async function audited(action: string, recordId: string): Promise<number> {
  const rows = await t.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.recordId, recordId)));
  return rows.length;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/fhir/R4`;
  referrer = await t.user('referrer');
  manager = await staffAt(t, SITE, 'manager');
  practitioner = await staffAt(t, SITE);
  sameSite = await staffAt(t, SITE);
  elsewhere = await staffAt(t, SITES.hampshire);
  episode = await anOpenEpisode(t, { referrer, manager }, SITE, { lead: practitioner });
  restricted = await anOpenEpisode(t, { referrer, manager }, SITE, { restricted: true });

  const plan = `/api/v1/episodes/${episode.id}/plan`;
  goalId = (await api(practitioner, 'POST', `${plan}/goals`, { needDomain: 'strengths', description: 'Cook again' }))
    .id;
  planActionIds = [];
  for (const payload of [
    {
      description: 'Find a cookery course',
      owner: { kind: 'team_member', userId: practitioner.viewer.id },
      dueOn: addDaysIso(today(), 7),
    },
    { description: 'Ask his sister about Sundays', owner: { kind: 'person' }, dueOn: addDaysIso(today(), 14) },
    {
      description: 'Offer a kitchen volunteering place',
      owner: { kind: 'agency', agency: 'Preston Community Kitchen' },
      dueOn: addDaysIso(today(), 21),
    },
  ])
    planActionIds.push((await api(practitioner, 'POST', `${plan}/goals/${goalId}/actions`, payload)).id);

  partnerId = (
    await api(manager, 'POST', '/api/v1/partners', {
      name: 'Blackpool Probation Delivery Unit',
      kind: 'probation',
      area: 'Blackpool',
    })
  ).id;
  const meeting = await api(practitioner, 'POST', `/api/v1/episodes/${episode.id}/meetings`, {
    kind: 'professionals',
    heldOn: today(),
    attendees: [{ name: 'Sam Current', organisation: 'Blackpool Probation Delivery Unit', present: true }],
    summary: 'Release soon.',
    decisions: 'Licence conditions to be shared.',
    actions: [
      {
        description: 'Send the licence conditions',
        ownerName: 'Sam Current',
        ownerOrganisation: 'Blackpool Probation Delivery Unit',
        ownerPartnerId: partnerId,
        dueOn: addDaysIso(today(), 3),
      },
      {
        description: 'Book a GP registration appointment',
        ownerName: practitioner.viewer.name,
        ownerOrganisation: 'Enhanced RECONNECT',
        ownerUserId: practitioner.viewer.id,
        dueOn: addDaysIso(today(), 5),
      },
    ],
  });
  meetingActionIds = (meeting.actions as { id: string }[]).map((a) => a.id);

  measureIds = [];
  for (const payload of [
    { instrument: 'swemwbs', administeredOn: today(), answers: [2, 2, 2, 2, 2, 2, 2] },
    { instrument: 'core10', administeredOn: today(), answers: [1, 3, 3, 1, 1, 0, 2, 1, 1, 1] },
  ])
    measureIds.push((await api(practitioner, 'POST', `/api/v1/episodes/${episode.id}/measures`, payload)).id);
  // Something on the restricted episode too, which no one outside its care may see.
  await api(manager, 'POST', `/api/v1/episodes/${restricted.id}/plan/goals`, {
    needDomain: 'strengths',
    description: 'Quarrington goal',
  });
  await api(manager, 'POST', `/api/v1/episodes/${restricted.id}/measures`, {
    instrument: 'swemwbs',
    administeredOn: today(),
    answers: [3, 3, 3, 3, 3, 3, 3],
  });
});
afterAll(() => t.close());

describe('the capability statement lists the care record', () => {
  it('names CarePlan, Goal, Task, Observation and QuestionnaireResponse, _lastUpdated and the includes', async () => {
    const cs = (await new Client({ baseUrl }).capabilityStatement()) as Json;
    validateR4(cs);
    const resources = (
      cs.rest as {
        resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[];
      }[]
    )[0]!.resource;
    const byType = Object.fromEntries(resources.map((r) => [r.type, r]));
    for (const type of ['CarePlan', 'Goal', 'Task', 'Observation', 'QuestionnaireResponse'])
      expect(byType[type]!.searchParam.map((p) => p.name)).toEqual(['_id', 'patient', '_lastUpdated', '_count']);
    expect(byType.Task!.interaction.map((i) => i.code)).toEqual(['read', 'search-type', 'update']);
    for (const r of resources.filter((r) => r.searchParam.length))
      expect(
        r.searchParam.map((p) => p.name),
        r.type,
      ).toEqual(expect.arrayContaining(['_id', '_lastUpdated']));
    expect(byType.EpisodeOfCare).toMatchObject({ searchInclude: expect.arrayContaining(['EpisodeOfCare:patient']) });
    expect(byType.ServiceRequest).toMatchObject({ searchInclude: expect.arrayContaining(['ServiceRequest:subject']) });
  });
});

describe('CarePlan and Goal: the support plan', () => {
  it('reads the plan by its episode, with its goal and actions, versioned, and audits the read', async () => {
    const before = await audited('care.plan_viewed', episode.id);
    const plan = (await clientAs(practitioner).read({ resourceType: 'CarePlan', id: episode.id })) as Json;
    validateR4(plan);
    expect(plan).toMatchObject({
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${episode.personId}` },
      goal: [{ reference: `Goal/${goalId}` }],
      period: { start: today() },
    });
    expect((plan.activity as { reference: { reference: string } }[]).map((a) => a.reference.reference)).toEqual(
      planActionIds.map((id) => `Task/${id}`),
    );
    // 1 + the goal's version + each action's.
    expect(plan.meta).toMatchObject({ versionId: '5' });
    expect(await audited('care.plan_viewed', episode.id)).toBe(before + 1);
    const byPatient = await search(practitioner, 'CarePlan', { patient: `Patient/${episode.personId}` });
    expect(byPatient.total).toBe(1);
  });

  it('reads a goal, and finds the person’s goals', async () => {
    const goal = (await clientAs(practitioner).read({ resourceType: 'Goal', id: goalId })) as Json;
    validateR4(goal);
    expect(goal).toMatchObject({
      lifecycleStatus: 'active',
      description: { text: 'Cook again' },
      subject: { reference: `Patient/${episode.personId}` },
      category: [{ coding: [{ code: 'strengths' }] }],
      meta: { versionId: '1' },
    });
    const goals = await search(manager, 'Goal', { patient: episode.personId });
    expect(matches(goals).map((g) => g.id)).toEqual([goalId]);
  });
});

describe('Task: support plan and meeting actions, with owner, due date and status', () => {
  it('finds every action of the person, each with its owner and due date', async () => {
    const tasks = await search(practitioner, 'Task', { patient: `Patient/${episode.personId}` });
    expect(tasks.total).toBe(5);
    const byId = Object.fromEntries(matches(tasks).map((r) => [r.id, r]));
    expect(byId[planActionIds[0]!]).toMatchObject({
      status: 'requested',
      intent: 'plan',
      for: { reference: `Patient/${episode.personId}` },
      owner: { reference: `Practitioner/${practitioner.viewer.id}` },
      restriction: { period: { end: addDaysIso(today(), 7) } },
      basedOn: [{ reference: `CarePlan/${episode.id}` }],
      focus: { reference: `Goal/${goalId}` },
    });
    expect(byId[planActionIds[1]!]).toMatchObject({ owner: { reference: `Patient/${episode.personId}` } });
    expect(byId[planActionIds[2]!]).toMatchObject({ owner: { display: 'Preston Community Kitchen' } });
    expect(byId[meetingActionIds[0]!]).toMatchObject({
      status: 'requested',
      owner: { reference: `Organization/${partnerId}` },
      restriction: { period: { end: addDaysIso(today(), 3) } },
      code: { coding: [{ code: 'meeting' }] },
    });
    expect(byId[meetingActionIds[1]!]).toMatchObject({
      owner: { reference: `Practitioner/${practitioner.viewer.id}` },
    });
    for (const id of [...planActionIds, ...meetingActionIds]) {
      const task = (await clientAs(practitioner).read({ resourceType: 'Task', id })) as Json;
      validateR4(task);
      expect(task.id).toBe(id);
    }
  });

  it('pages with _count and next links the client follows, total on every page', async () => {
    const client = clientAs(practitioner);
    let bundle = (await client.search({
      resourceType: 'Task',
      searchParams: { patient: episode.personId, _count: 2 },
    })) as Searchset;
    const seen: string[] = [];
    for (;;) {
      validateR4(bundle);
      expect(bundle.total).toBe(5);
      seen.push(...matches(bundle).map((r) => r.id!));
      const next = client.nextPage({ bundle });
      if (!next) break;
      bundle = (await next) as Searchset;
    }
    expect(new Set(seen).size).toBe(5);
  });

  it('updates a plan action with If-Match: 200 and the new version, 412 when stale, 428 without', async () => {
    const client = clientAs(practitioner);
    const id = planActionIds[0]!;
    const task = (await client.read({ resourceType: 'Task', id })) as Json & { meta: { versionId: string } };
    const body = { ...task, status: 'completed' };
    const updated = (await client.update({
      resourceType: 'Task',
      id,
      body,
      options: { headers: { 'If-Match': `W/"${task.meta.versionId}"` } },
    })) as Json;
    validateR4(updated);
    expect(updated).toMatchObject({ status: 'completed', meta: { versionId: '2' }, executionPeriod: { end: today() } });
    const json = await api(practitioner, 'GET', `/api/v1/episodes/${episode.id}/plan`);
    expect(json.goals[0].actions[0]).toMatchObject({ id, status: 'done', version: 2 });

    const stale = await refusal(
      client.update({
        resourceType: 'Task',
        id,
        body: { ...body, status: 'in-progress' },
        options: { headers: { 'If-Match': 'W/"1"' } },
      }),
    );
    expect(stale.status).toBe(412);
    validateR4(stale.data);
    expect(stale.data).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'conflict' }] });
    const unversioned = await refusal(client.update({ resourceType: 'Task', id, body }));
    expect(unversioned.status).toBe(428);
    const bad = await refusal(
      client.update({
        resourceType: 'Task',
        id,
        body: { ...body, status: 'draft' },
        options: { headers: { 'If-Match': 'W/"2"' } },
      }),
    );
    expect(bad.status).toBe(422);
    expect(bad.data).toMatchObject({ issue: [{ expression: ['Task.status'] }] });
  });

  it('closes a meeting action with its note through the meeting actions’ own update', async () => {
    const client = clientAs(practitioner);
    const id = meetingActionIds[1]!;
    const task = (await client.read({ resourceType: 'Task', id })) as Json;
    const noNote = await refusal(
      client.update({
        resourceType: 'Task',
        id,
        body: { ...task, status: 'completed' },
        options: { headers: { 'If-Match': 'W/"1"' } },
      }),
    );
    expect(noNote.status).toBe(422);
    expect(noNote.data).toMatchObject({ issue: [{ expression: ['Task.note'] }] });
    const done = (await client.update({
      resourceType: 'Task',
      id,
      body: { ...task, status: 'completed', note: [{ text: 'Booked for Tuesday' }] },
      options: { headers: { 'If-Match': 'W/"1"' } },
    })) as Json;
    validateR4(done);
    expect(done).toMatchObject({
      status: 'completed',
      meta: { versionId: '2' },
      note: [{ text: 'Booked for Tuesday' }],
    });
    expect((await api(practitioner, 'GET', `/api/v1/actions/${id}`)).status).toBe('done');
    const renamed = await refusal(
      client.update({
        resourceType: 'Task',
        id,
        body: { ...done, description: 'Something else' },
        options: { headers: { 'If-Match': 'W/"2"' } },
      }),
    );
    expect(renamed.status).toBe(422);
  });

  it('refuses an update from someone outside the site as the JSON API does, and 404s what they cannot see', async () => {
    const id = planActionIds[1]!;
    const task = (await clientAs(practitioner).read({ resourceType: 'Task', id })) as Json;
    const outsider = await refusal(
      clientAs(elsewhere).update({
        resourceType: 'Task',
        id,
        body: { ...task, status: 'completed' },
        options: { headers: { 'If-Match': 'W/"1"' } },
      }),
    );
    expect([403, 404]).toContain(outsider.status);
    validateR4(outsider.data);
  });
});

describe('Observation and QuestionnaireResponse: SWEMWBS and CORE-10', () => {
  it('finds the scores with their raw answers included, items by number only', async () => {
    const before = await audited('measures.viewed', episode.id);
    const found = await search(practitioner, 'Observation', {
      patient: episode.personId,
      _include: 'Observation:derived-from',
    });
    expect(found.total).toBe(2);
    expect(await audited('measures.viewed', episode.id)).toBeGreaterThan(before);
    const byCode = (code: string) =>
      matches(found).find((r) => (r.code as { coding: { code: string }[] }).coding[0]!.code === code);
    const [swemwbs, core10] = [byCode('swemwbs'), byCode('core10')];
    expect(swemwbs).toMatchObject({
      status: 'final',
      code: { coding: [{ code: 'swemwbs' }] },
      valueQuantity: { value: 15.32 },
      effectiveDateTime: today(),
      derivedFrom: [{ reference: `QuestionnaireResponse/${measureIds[0]!}` }],
    });
    expect(core10).toMatchObject({ code: { coding: [{ code: 'core10' }] }, valueInteger: 10 });
    const answers = included(found);
    expect(answers.map((r) => `${r.resourceType}/${r.id!}`).sort()).toEqual(
      measureIds.map((id) => `QuestionnaireResponse/${id}`).sort(),
    );
    const swemwbsAnswers = answers.find((r) => r.id === measureIds[0]);
    expect(swemwbsAnswers).toMatchObject({
      status: 'completed',
      subject: { reference: `Patient/${episode.personId}` },
    });
    const items = swemwbsAnswers!.item as { linkId: string; text: string; answer: { valueInteger: number }[] }[];
    expect(items.map((i) => [i.linkId, i.text, i.answer[0]!.valueInteger])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => [String(n), `Item ${n}`, 2]),
    );
    for (const id of measureIds) {
      validateR4(await clientAs(manager).read({ resourceType: 'Observation', id }));
      validateR4(await clientAs(manager).read({ resourceType: 'QuestionnaireResponse', id }));
    }
    const qr = await search(manager, 'QuestionnaireResponse', { patient: episode.personId });
    expect(qr.total).toBe(2);
  });
});

describe('search parameters on every type: _id, _lastUpdated, _include', () => {
  it('_lastUpdated with ge, gt, le and lt bounds, on a database-paged search and an in-memory one', async () => {
    const tomorrow = addDaysIso(today(), 1);
    const past = '2000-01-01';
    for (const [resourceType, params] of [
      ['ServiceRequest', { patient: episode.personId }],
      ['EpisodeOfCare', { patient: episode.personId }],
      ['Task', { patient: episode.personId }],
      ['Observation', { patient: episode.personId }],
      ['Goal', { patient: episode.personId }],
      ['CarePlan', { patient: episode.personId }],
    ] as const) {
      const all = (await search(practitioner, resourceType, params)).total;
      expect(all, resourceType).toBeGreaterThan(0);
      expect((await search(practitioner, resourceType, { ...params, _lastUpdated: `ge${past}` })).total).toBe(all);
      expect((await search(practitioner, resourceType, { ...params, _lastUpdated: `gt${tomorrow}` })).total).toBe(0);
      expect((await search(practitioner, resourceType, { ...params, _lastUpdated: `lt${past}` })).total).toBe(0);
      expect((await search(practitioner, resourceType, { ...params, _lastUpdated: `le${tomorrow}` })).total).toBe(all);
    }
    const range = await fetch(
      `${baseUrl}/Task?patient=${episode.personId}&_lastUpdated=ge${past}&_lastUpdated=lt${tomorrow}&_count=2`,
      { headers: { authorization: `Bearer ${practitioner.token}` } },
    );
    const page = (await range.json()) as Searchset;
    expect(page.total).toBe(5);
    expect(page.link.find((l) => l.relation === 'next')?.url).toContain('_lastUpdated=');
    const bad = await fetch(`${baseUrl}/Task?patient=${episode.personId}&_lastUpdated=yesterday`, {
      headers: { authorization: `Bearer ${practitioner.token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('_id on every searchable type', async () => {
    for (const [resourceType, id, params] of [
      ['CarePlan', episode.id, { _id: episode.id }],
      ['Goal', goalId, { _id: goalId }],
      ['Task', meetingActionIds[0]!, { _id: meetingActionIds[0]! }],
      ['Observation', measureIds[1]!, { patient: episode.personId, _id: measureIds[1]! }],
      ['QuestionnaireResponse', measureIds[0]!, { _id: measureIds[0]! }],
      ['EpisodeOfCare', episode.id, { _id: episode.id }],
      ['ServiceRequest', episode.referralId, { _id: episode.referralId }],
      ['Patient', episode.personId, { _id: episode.personId }],
      ['Organization', SITE, { _id: SITE }],
    ] as const) {
      const found = await search(practitioner, resourceType, params);
      expect(found.total, resourceType).toBe(1);
      expect(matches(found)[0]!.id).toBe(id);
    }
  });

  it('_include saves a round trip: the episode with its Patient, a referral with its subject', async () => {
    const episodes = await search(practitioner, 'EpisodeOfCare', {
      patient: episode.personId,
      _include: 'EpisodeOfCare:patient',
    });
    expect(episodes.total).toBe(1);
    expect(included(episodes).map((r) => `${r.resourceType}/${r.id!}`)).toEqual([`Patient/${episode.personId}`]);
    const referrals = await search(practitioner, 'ServiceRequest', {
      _id: episode.referralId,
      _include: 'ServiceRequest:subject',
    });
    expect(included(referrals).map((r) => r.resourceType)).toEqual(['Patient']);
    const tasks = await search(practitioner, 'Task', { patient: episode.personId, _include: 'Task:focus' });
    expect(included(tasks).map((r) => `${r.resourceType}/${r.id!}`)).toEqual([`Goal/${goalId}`]);
    const unsupported = await refusal(
      clientAs(practitioner).search({
        resourceType: 'Task',
        searchParams: { patient: episode.personId, _include: 'Task:owner' },
      }),
    );
    expect(unsupported.status).toBe(400);
  });
});

describe('Patient/$everything includes the care record', () => {
  it('has the plan, goal, actions and measures beside the referral and episode', async () => {
    const everything = (await clientAs(practitioner).operation({
      name: '$everything',
      resourceType: 'Patient',
      id: episode.personId,
      method: 'GET',
    })) as Searchset;
    validateR4(everything);
    const types = (everything.entry ?? []).map((e) => e.resource.resourceType);
    for (const [type, n] of [
      ['CarePlan', 1],
      ['Goal', 1],
      ['Task', 5],
      ['Observation', 2],
      ['QuestionnaireResponse', 2],
    ] as const)
      expect(
        types.filter((x) => x === type),
        type,
      ).toHaveLength(n);
  });
});

describe('need-to-know, as the JSON API', () => {
  it('a restricted episode’s care record is in no search, include, total or $everything of whoever may not see it', async () => {
    for (const user of [sameSite, elsewhere, referrer]) {
      for (const type of ['CarePlan', 'Goal', 'Task', 'Observation', 'QuestionnaireResponse']) {
        const found = await search(user, type, { patient: restricted.personId });
        expect(found.total, `${type} as ${user.viewer.role}`).toBe(0);
        expect(JSON.stringify(found)).not.toContain('Quarrington');
      }
      // The referrer may know the episode of their own referral (as on the JSON API), but not its care record.
      const plan = await refusal(clientAs(user).read({ resourceType: 'CarePlan', id: restricted.id }));
      expect(plan.status, user.viewer.role).toBe(user === referrer ? 403 : 404);
      expect(JSON.stringify(plan.data)).not.toContain(restricted.id);
    }
    // Its own team still sees it.
    expect((await search(manager, 'Goal', { patient: restricted.personId })).total).toBe(1);
  });

  it('someone of another site sees none of this person’s care record, by search, _id or read', async () => {
    for (const type of ['CarePlan', 'Goal', 'Task', 'Observation', 'QuestionnaireResponse'])
      expect((await search(elsewhere, type, { patient: episode.personId })).total, type).toBe(0);
    expect((await search(elsewhere, 'Task', { _id: planActionIds[0]! })).total).toBe(0);
    for (const [resourceType, id] of [
      ['Goal', goalId],
      ['Task', meetingActionIds[0]!],
      ['Observation', measureIds[0]!],
      ['QuestionnaireResponse', measureIds[0]!],
    ] as const)
      expect((await refusal(clientAs(elsewhere).read({ resourceType, id }))).status, resourceType).toBe(404);
  });
});
