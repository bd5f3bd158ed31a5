// The demo release plans: some half done, one out of area, one from court with no contingency plan.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt } from '../../test/support/factories.ts';
import { seedReleasePlanDemo } from './releasePlanning.ts';

let t: TestApp;
let practitioner: TestUser;
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const referrer = await t.user('referrer');
  practitioner = await staffAt(t, SITES.hampshire);
  for (let seed = 1; seed <= 4; seed++) {
    ids.push((await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire, { seed: 6100 + seed })).id);
  }
});
afterAll(() => t.close());

it('fills plans in every state, and the caseload reads their readiness in one go', async () => {
  expect(await seedReleasePlanDemo(t.services, practitioner.viewer)).toBe(4);
  const views = await Promise.all(
    ids.map(async (id) =>
      (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${id}/release-plan` })).json(),
    ),
  );
  expect(views.map((v) => v.destinationCoverage.kind).sort()).toEqual([
    'covered_by',
    'in_catchment',
    'in_catchment',
    'in_catchment',
  ]);
  expect(views.some((v) => v.missing.some((m: { code: string }) => m.code === 'contingency_plan'))).toBe(true);

  const readiness = await t.services.releasePlans.readinessFor(t.services.db, [
    ...ids,
    '00000000-0000-4000-8000-000000000000',
  ]);
  expect(readiness.size).toBe(4);
  for (const view of views) expect(readiness.get(view.episodeId)).toMatchObject(view.readiness);
});

it('reads nothing for no episodes', async () => {
  expect((await t.services.releasePlans.readinessFor(t.services.db, [])).size).toBe(0);
});
