// docs/api/care.md: the assessment, formulation and support plan of an episode through the JSON API,
// with every refusal: 400 with field paths, 404 for what cannot be seen, 403, 409 (closed, in progress,
// incomplete), 412 and 428.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { episodeEvents } from '../db/schema.ts';
import { seedCareDemo } from '../demo/care.ts';
import { SITES, anOpenEpisode, staffAt } from '../../test/support/factories.ts';
import { completeAnswer, completeEveryDomain } from '../../test/support/care.ts';

const ER = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let manager: TestUser;
let hampshire: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  practitioner = await staffAt(t, ER);
  manager = await staffAt(t, ER, 'manager');
  hampshire = await staffAt(t, SITES.hampshire);
  admin = await t.user('admin');
});
afterAll(() => t.close());

/** An Enhanced RECONNECT episode referred by `from`, accepted and opened (after its consultation) by `worker`. */
async function openEpisode(from: TestUser, worker: TestUser): Promise<{ episodeId: string; referralId: string }> {
  const episode = await anOpenEpisode(t, { referrer: from, manager: worker }, ER);
  return { episodeId: episode.id, referralId: episode.referralId };
}

const today = () => londonDate(t.clock.now);
const call = (
  user: TestUser,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
  version?: number | string,
) =>
  t.api(user.token, {
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: version === undefined ? {} : { 'if-match': `"${version}"` },
  });
const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

describe('an assessment', () => {
  let episodeId: string;
  beforeAll(async () => ({ episodeId } = await openEpisode(referrer, practitioner)));

  it('starts, saves domain by domain as a task list, and completes once every domain is done', async () => {
    const base = `/api/v1/episodes/${episodeId}/assessments`;
    expect((await call(practitioner, 'GET', base)).json()).toEqual({ items: [] });

    const started = await call(practitioner, 'POST', base, {});
    expect(started.statusCode).toBe(201);
    expect(started.headers.etag).toBe('"1"');
    expect(started.headers.location).toBe(`${base}/1`);
    expect(started.json()).toMatchObject({
      number: 1,
      status: 'in_progress',
      completedDomains: 0,
      totalDomains: 15,
      progress: { canComplete: false },
    });
    expect(started.json().progress.items[0]).toMatchObject({ domain: 'mental_health', status: 'not_started' });

    const again = await call(manager, 'POST', base, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].message).toMatch(/Assessment 1 is still in progress/);

    const domain = `${base}/1/domains/risk_to_others`;
    expect((await call(practitioner, 'PUT', domain, { complete: false, fields: { rosh: 'high' } })).statusCode).toBe(
      428,
    );
    const draft = await call(practitioner, 'PUT', domain, { complete: false, fields: { rosh: 'high' } }, 1);
    expect(draft.statusCode).toBe(200);
    expect(draft.headers.etag).toBe('"2"');
    expect(draft.json().domains.risk_to_others).toMatchObject({
      status: 'incomplete',
      level: null,
      fields: { rosh: 'high' },
    });
    expect(draft.json().progress.items.find((i: { domain: string }) => i.domain === 'risk_to_others').status).toBe(
      'incomplete',
    );

    expect((await call(practitioner, 'PUT', domain, { complete: false }, 1)).statusCode).toBe(412);
    const bad = await call(
      practitioner,
      'PUT',
      domain,
      { complete: true, level: 'severe', fields: { rosh: 'high', mappaCategory: '2', shoeSize: 9 } },
      2,
    );
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(expect.arrayContaining(['level', 'fields']));
    const mappa = await call(
      practitioner,
      'PUT',
      domain,
      { complete: true, level: 'high', fields: { rosh: 'high', mappaCategory: '2' } },
      2,
    );
    expect(fields(mappa)).toEqual(['fields.mappaLevel']);
    expect((await call(practitioner, 'PUT', `${base}/1/domains/horoscope`, { complete: false }, 2)).statusCode).toBe(
      404,
    );
    expect((await call(practitioner, 'PUT', `${base}/9/domains/money`, { complete: false }, 2)).statusCode).toBe(404);
    expect((await call(practitioner, 'GET', `${base}/one`)).statusCode).toBe(404);

    const early = await call(practitioner, 'POST', `${base}/1/complete`);
    expect(early.statusCode).toBe(409);
    expect(early.json().errors[0].message).toMatch(/Still to complete: Mental health, Physical health/);

    const version = await completeEveryDomain(t, practitioner, episodeId, 1, 2);
    const read = await call(manager, 'GET', `${base}/1`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe(`"${version}"`);
    expect(read.json()).toMatchObject({
      progress: { canComplete: true },
      needs: expect.arrayContaining(['mental_health', 'accommodation', 'risk_to_others', 'communication']),
    });
    expect(read.json().needs).not.toContain('money');

    expect((await call(practitioner, 'POST', `${base}/1/complete`, undefined, version - 1)).statusCode).toBe(412);
    const completed = await call(practitioner, 'POST', `${base}/1/complete`, undefined, version);
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({
      status: 'completed',
      completedBy: { id: practitioner.viewer.id },
      version: version + 1,
    });
    expect(
      (await call(practitioner, 'PUT', `${base}/1/domains/money`, completeAnswer('money'), version + 1)).statusCode,
    ).toBe(409);
    expect((await call(practitioner, 'POST', `${base}/1/complete`)).statusCode).toBe(409);
  });

  it('starts the next one from the previous answers, each to be confirmed again', async () => {
    const base = `/api/v1/episodes/${episodeId}/assessments`;
    const bad = await call(practitioner, 'POST', base, { startFrom: 'yesterday' });
    expect(fields(bad)).toEqual(['startFrom']);
    const second = await call(practitioner, 'POST', base, { startFrom: 'previous' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ number: 2, status: 'in_progress', completedDomains: 0 });
    expect(second.json().domains.accommodation).toMatchObject({
      status: 'incomplete',
      level: 'high',
      fields: { onRelease: 'none' },
    });
    const list = (await call(practitioner, 'GET', base)).json().items;
    expect(list.map((a: { number: number; status: string }) => [a.number, a.status])).toEqual([
      [2, 'in_progress'],
      [1, 'completed'],
    ]);

    const timeline = (await call(practitioner, 'GET', `/api/v1/episodes/${episodeId}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['assessment.started', 'assessment.completed']));
  });
});

describe('the formulation', () => {
  const fiveP = {
    presenting: 'Low mood, drinking to cope',
    predisposing: 'Care history; bereavement',
    precipitating: 'Loss of his flat',
    perpetuating: 'Isolation; no GP',
    protective: 'His sister; wants to work',
    writtenWithPerson: true,
    personsView: 'I want a fresh start.',
  };

  it('keeps every revision, newest first, and refuses writing over a newer one', async () => {
    const { episodeId } = await openEpisode(referrer, practitioner);
    const url = `/api/v1/episodes/${episodeId}/formulations`;
    const empty = await call(practitioner, 'GET', url);
    expect(empty.json()).toEqual({ items: [] });
    expect(empty.headers.etag).toBe('"0"');

    const missing = await call(practitioner, 'POST', url, { ...fiveP, presenting: ' ', writtenWithPerson: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(fields(missing)).toEqual(['presenting', 'writtenWithPerson']);

    const first = await call(practitioner, 'POST', url, fiveP, 0);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      number: 1,
      writtenWithPerson: true,
      recordedBy: { id: practitioner.viewer.id },
    });
    expect((await call(manager, 'POST', url, fiveP, 0)).statusCode).toBe(412);
    const second = await call(
      manager,
      'POST',
      url,
      { ...fiveP, protective: 'His sister; his cooking course', personsView: undefined },
      1,
    );
    expect(second.statusCode).toBe(201);

    const all = await call(practitioner, 'GET', url);
    expect(all.headers.etag).toBe('"2"');
    expect(
      all.json().items.map((f: { number: number; personsView: string | null }) => [f.number, f.personsView]),
    ).toEqual([
      [2, null],
      [1, 'I want a fresh start.'],
    ]);
  });
});

describe('the support plan', () => {
  let episodeId: string;
  const plan = () => `/api/v1/episodes/${episodeId}/plan`;

  beforeAll(async () => {
    ({ episodeId } = await openEpisode(referrer, practitioner));
    const started = await call(practitioner, 'POST', `/api/v1/episodes/${episodeId}/assessments`, {});
    await completeEveryDomain(t, practitioner, episodeId, 1, started.json().version);
  });

  it('links goals to assessed needs or strengths, with actions owned by the person, the team or an agency, and reviews', async () => {
    const empty = (await call(practitioner, 'GET', plan())).json();
    expect(empty).toMatchObject({
      goals: [],
      reviews: [],
      nextReview: { dueOn: null, basis: 'no_plan' },
      reviewEveryWeeks: 6,
    });
    expect(empty.needDomains).toEqual(expect.arrayContaining(['mental_health', 'accommodation', 'strengths']));
    expect(empty.needDomains).not.toContain('money');

    const noReview = await call(practitioner, 'POST', `${plan()}/reviews`, {
      reviewedOn: today(),
      notes: 'Nothing yet',
      withPerson: false,
    });
    expect(noReview.statusCode).toBe(409);

    const notANeed = await call(practitioner, 'POST', `${plan()}/goals`, {
      needDomain: 'money',
      description: 'Open a bank account',
    });
    expect(notANeed.statusCode).toBe(400);
    expect(fields(notANeed)).toEqual(['needDomain']);
    expect(
      fields(await call(practitioner, 'POST', `${plan()}/goals`, { needDomain: 'astrology', description: '' })),
    ).toEqual(['needDomain', 'description']);

    const housing = await call(practitioner, 'POST', `${plan()}/goals`, {
      needDomain: 'accommodation',
      description: 'Somewhere safe to live on release',
    });
    expect(housing.statusCode).toBe(201);
    expect(housing.json()).toMatchObject({
      needDomain: 'accommodation',
      needLabel: 'Accommodation',
      version: 1,
      actions: [],
    });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    const strengths = await call(manager, 'POST', `${plan()}/goals`, {
      needDomain: 'strengths',
      description: 'Cook for his sister’s family',
    });
    expect(strengths.statusCode).toBe(201);
    const goalId = housing.json().id;

    const goalUrl = `${plan()}/goals/${goalId}`;
    expect((await call(practitioner, 'PUT', goalUrl, { description: 'A flat near his sister' })).statusCode).toBe(428);
    expect((await call(practitioner, 'PUT', goalUrl, { description: 'A flat near his sister' }, 7)).statusCode).toBe(
      412,
    );
    expect(fields(await call(practitioner, 'PUT', goalUrl, {}, 1))).toEqual(['body']);
    const changed = await call(practitioner, 'PUT', goalUrl, { description: 'A flat near his sister' }, 1);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(
      (await call(practitioner, 'PUT', `${plan()}/goals/00000000-0000-4000-8000-000000000000`, { description: 'x' }, 1))
        .statusCode,
    ).toBe(404);

    const actions = `${goalUrl}/actions`;
    const outsider = await call(practitioner, 'POST', actions, {
      description: 'Book the housing appointment',
      owner: { kind: 'team_member', userId: hampshire.viewer.id },
      dueOn: addDaysIso(today(), 7),
    });
    expect(fields(outsider)).toEqual(['owner.userId']);
    expect(
      fields(
        await call(practitioner, 'POST', actions, {
          description: 'x',
          owner: { kind: 'council' },
          dueOn: '2026-02-30',
        }),
      ),
    ).toEqual(['owner.kind', 'dueOn']);
    const mine = await call(practitioner, 'POST', actions, {
      description: 'Make the Duty to Refer',
      owner: { kind: 'team_member', userId: practitioner.viewer.id },
      dueOn: addDaysIso(today(), 7),
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({
      owner: { kind: 'team_member', userId: practitioner.viewer.id, name: practitioner.viewer.name },
      status: 'not_started',
      overdue: false,
    });
    const council = await call(practitioner, 'POST', actions, {
      description: 'Assess for a tenancy',
      owner: { kind: 'agency', agency: 'Preston City Council housing options' },
      dueOn: addDaysIso(today(), 3),
    });
    expect(council.statusCode).toBe(201);
    const his = await call(practitioner, 'POST', actions, {
      description: 'Bring his ID to the appointment',
      owner: { kind: 'person' },
      dueOn: addDaysIso(today(), 14),
    });
    expect(his.statusCode).toBe(201);

    const next = await t.services.supportPlans.nextActionsFor(t.services.db, [
      episodeId,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(next.get(episodeId)).toEqual({ description: 'Assess for a tenancy', dueOn: addDaysIso(today(), 3) });
    expect(next.size).toBe(1);

    const actionUrl = `${plan()}/actions/${council.json().id}`;
    expect((await call(practitioner, 'PUT', actionUrl, { status: 'done' })).statusCode).toBe(428);
    expect(fields(await call(practitioner, 'PUT', actionUrl, { status: 'finished' }, 1))).toEqual(['status']);
    const done = await call(practitioner, 'PUT', actionUrl, { status: 'done' }, 1);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedOn: today(), version: 2 });
    expect((await call(practitioner, 'PUT', actionUrl, { status: 'in_progress' }, 1)).statusCode).toBe(412);
    expect((await t.services.supportPlans.nextActionsFor(t.services.db, [episodeId])).get(episodeId)?.description).toBe(
      'Make the Duty to Refer',
    );

    const future = await call(practitioner, 'POST', `${plan()}/reviews`, {
      reviewedOn: addDaysIso(today(), 1),
      notes: 'x',
      withPerson: true,
      nextReviewOn: today(),
    });
    expect(fields(future)).toEqual(['reviewedOn', 'nextReviewOn']);
    const review = await call(practitioner, 'POST', `${plan()}/reviews`, {
      reviewedOn: today(),
      notes: 'Housing is the priority; he agreed the actions.',
      withPerson: true,
      nextReviewOn: addDaysIso(today(), 21),
    });
    expect(review.statusCode).toBe(201);

    const shown = (await call(manager, 'GET', plan())).json();
    expect(
      shown.goals.map((g: { description: string; actions: unknown[] }) => [g.description, g.actions.length]),
    ).toEqual([
      ['A flat near his sister', 3],
      ['Cook for his sister’s family', 0],
    ]);
    expect(shown.reviews[0]).toMatchObject({ withPerson: true, reviewedBy: { id: practitioner.viewer.id } });
    expect(shown.nextReview).toMatchObject({ dueOn: addDaysIso(today(), 21), basis: 'agreed', overdue: false });

    t.clock.now = new Date(t.clock.now.getTime() + 10 * 86_400_000);
    const later = (await call(manager, 'GET', plan())).json();
    expect(
      later.goals[0].actions.find((a: { description: string }) => a.description === 'Make the Duty to Refer').overdue,
    ).toBe(true);
    t.clock.now = new Date('2026-11-10T09:00:00Z');

    const kinds = (await call(practitioner, 'GET', `/api/v1/episodes/${episodeId}/timeline`))
      .json()
      .items.map((e: { kind: string; summary: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'plan.goal_added',
        'plan.goal_changed',
        'plan.action_added',
        'plan.action_changed',
        'plan.reviewed',
      ]),
    );
  });
});

describe('who may read and change it', () => {
  let episodeId: string;
  let referralId: string;
  beforeAll(async () => {
    ({ episodeId, referralId } = await openEpisode(referrer, practitioner));
  });

  const reads = () => [
    `/api/v1/episodes/${episodeId}/assessments`,
    `/api/v1/episodes/${episodeId}/formulations`,
    `/api/v1/episodes/${episodeId}/plan`,
  ];

  it('is for the care team: the referrer who can see the episode gets 403, anyone who cannot gets 404', async () => {
    for (const url of reads()) {
      expect((await call(manager, 'GET', url)).statusCode, url).toBe(200);
      expect((await call(referrer, 'GET', url)).statusCode, url).toBe(403);
      expect((await call(hampshire, 'GET', url)).statusCode, url).toBe(404);
      expect((await call(admin, 'GET', url)).statusCode, url).toBe(404);
    }
    expect((await call(referrer, 'POST', `/api/v1/episodes/${episodeId}/assessments`, {})).statusCode).toBe(403);
    expect(
      (
        await call(hampshire, 'POST', `/api/v1/episodes/${episodeId}/plan/goals`, {
          needDomain: 'strengths',
          description: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect((await call(practitioner, 'GET', '/api/v1/episodes/not-an-id/plan')).statusCode).toBe(404);
    expect((await t.api(undefined, { method: 'GET', url: reads()[0]! })).statusCode).toBe(401);
  });

  it('lets a named grant read it, but only the site’s own team change it', async () => {
    const grant = await call(manager, 'POST', `/api/v1/referrals/${referralId}/access-grants`, {
      email: hampshire.email,
      reason: 'MAPPA meeting',
      expiresOn: '2026-12-31',
    });
    expect(grant.statusCode).toBe(201);
    expect((await call(hampshire, 'GET', reads()[2]!)).statusCode).toBe(200);
    const refused = await call(hampshire, 'POST', `/api/v1/episodes/${episodeId}/plan/goals`, {
      needDomain: 'strengths',
      description: 'x',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('takes no changes once the episode is closed', async () => {
    await call(practitioner, 'POST', `/api/v1/episodes/${episodeId}/plan/goals`, {
      needDomain: 'strengths',
      description: 'Keep cooking',
    });
    // Closed as the episode's own history records it (episodes/phases.ts), whatever the closure form asks for.
    await t.services.db.insert(episodeEvents).values({
      episodeId,
      kind: 'closed',
      on: today(),
      data: { kind: 'closed', on: today(), reason: 'disengaged' },
      recordedBy: practitioner.viewer.id,
      recordedAt: t.clock.now,
    });
    for (const [url, payload] of [
      [`/api/v1/episodes/${episodeId}/assessments`, {}],
      [`/api/v1/episodes/${episodeId}/plan/goals`, { needDomain: 'strengths', description: 'x' }],
      [
        `/api/v1/episodes/${episodeId}/formulations`,
        {
          presenting: 'a',
          predisposing: 'b',
          precipitating: 'c',
          perpetuating: 'd',
          protective: 'e',
          writtenWithPerson: false,
        },
      ],
      [`/api/v1/episodes/${episodeId}/plan/reviews`, { reviewedOn: today(), notes: 'x', withPerson: false }],
    ] as const) {
      const res = await call(practitioner, 'POST', url, payload);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().errors[0].message).toMatch(/episode of care is closed/);
    }
    expect((await call(practitioner, 'GET', `/api/v1/episodes/${episodeId}/plan`)).statusCode).toBe(200);
  });
});

describe('the demo', () => {
  it('gives a few episodes an assessment, a formulation and a plan, leaving the last assessment in progress', async () => {
    const worker = await staffAt(t, ER, 'manager');
    for (let i = 0; i < 3; i++) await openEpisode(referrer, worker);
    const seeded = await seedCareDemo(t.services, worker.viewer, 3);
    expect(seeded).toHaveLength(3);
    const [first, , last] = seeded;
    expect((await call(worker, 'GET', `/api/v1/episodes/${first}/assessments/1`)).json()).toMatchObject({
      status: 'completed',
      needs: expect.arrayContaining(['accommodation']),
    });
    expect((await call(worker, 'GET', `/api/v1/episodes/${first}/formulations`)).json().items).toHaveLength(1);
    expect((await call(worker, 'GET', `/api/v1/episodes/${first}/plan`)).json()).toMatchObject({
      goals: expect.any(Array),
      reviews: [expect.any(Object)],
    });
    expect((await call(worker, 'GET', `/api/v1/episodes/${last}/assessments/1`)).json()).toMatchObject({
      status: 'in_progress',
      completedDomains: 5,
    });
  });
});
