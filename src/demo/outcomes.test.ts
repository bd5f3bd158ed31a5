// The outcomes demo (issue 15 "Demo and proof"): "measures over time, linkage outcomes that hit and miss the 21
// days, and a month-by-month history for every site, so the reports are worth looking at".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES } from '../../test/support/factories.ts';
import { seedOutcomesDemo } from './outcomes.ts';

const ALL = Object.values(SITES);
let t: TestApp;
let manager: TestUser;
let commissioner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.user('manager', { sites: ALL });
  commissioner = await t.user('commissioner');
  const referrer = await t.user('referrer');
  expect(await seedOutcomesDemo(t.services, { manager: manager.viewer, referrer: referrer.viewer })).toBeGreaterThan(
    40,
  );
}, 300_000);
afterAll(() => t.close());

type Ratio = { numerator: number | null; denominator: number | null };
type Month = {
  month: string;
  referralsReceived: number | null;
  substanceMisuseWithin21Days: Ratio;
  meanWellbeingChange: { mean: number | null };
};

describe('seedOutcomesDemo', () => {
  it('gives every site a month-by-month history, hits and misses of the 21 days, and wellbeing change', async () => {
    for (const site of ALL) {
      const res = await t.api(manager.token, {
        method: 'GET',
        url: `/api/v1/reports/kpis?from=2026-05&to=2026-11&site=${site}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const months = res.json().sites[0].months as Month[];
      expect(months.filter((m) => (m.referralsReceived ?? 0) > 0).length, site).toBeGreaterThanOrEqual(5);
      const sm = months.reduce(
        (acc, m) => ({
          n: acc.n + (m.substanceMisuseWithin21Days.numerator ?? 0),
          d: acc.d + (m.substanceMisuseWithin21Days.denominator ?? 0),
        }),
        { n: 0, d: 0 },
      );
      expect(sm.n, site).toBeGreaterThan(0);
      expect(sm.d, site).toBeGreaterThan(sm.n);
      expect(
        months.some((m) => (m.meanWellbeingChange.mean ?? 0) > 0),
        site,
      ).toBe(true);
    }
    const national = await t.api(commissioner.token, {
      method: 'GET',
      url: '/api/v1/reports/kpis?from=2026-05&to=2026-11',
    });
    expect(national.json().disclosureControl).toContain('withheld');
  });
});
