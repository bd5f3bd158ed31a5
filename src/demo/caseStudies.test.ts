// The case study demo (issue 15 "Demo and proof"): after the outcomes history, one approved case study that
// downloads and one draft, both anonymised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES } from '../../test/support/factories.ts';
import { seedOutcomesDemo } from './outcomes.ts';
import { seedCaseStudyDemo } from './caseStudies.ts';

const ALL = Object.values(SITES);
let t: TestApp;
let manager: TestUser;
let made: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.user('manager', { sites: ALL });
  const referrer = await t.user('referrer');
  await seedOutcomesDemo(t.services, { manager: manager.viewer, referrer: referrer.viewer });
  made = await seedCaseStudyDemo(t.services, manager.viewer);
}, 300_000);
afterAll(() => t.close());

describe('seedCaseStudyDemo', () => {
  it('leaves one approved case study that downloads and one draft', async () => {
    expect(made).toHaveLength(2);
    const [approved, draft] = await Promise.all(
      made.map(async (id) => (await t.api(manager.token, { method: 'GET', url: `/api/v1/case-studies/${id}` })).json()),
    );
    expect(approved).toMatchObject({ status: 'approved' });
    expect(approved.sections.lessons).toContain('Early recognition and referral');
    expect(draft).toMatchObject({ status: 'draft' });
    expect(approved.text).toMatch(/after release/);
    expect(approved.text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    const pdf = await t.api(manager.token, { method: 'GET', url: `/api/v1/case-studies/${made[0] ?? ''}?format=pdf` });
    expect(pdf.statusCode).toBe(200);
  });
});
