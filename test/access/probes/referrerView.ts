// The referrer's view of their referral (issue 10, "The referrer sees the clinical record"): "A referrer sees
// status, decisions, questions to answer and what they are told; the clinical record is the team's." The
// restricted referral's episode gets an assessment, a formulation, a missed contact and a release date
// change; the referrer's referral page and API must hold none of those entries.
import { expect } from 'vitest';
import { and, eq, notInArray } from 'drizzle-orm';
import { timelineEvents } from '../../../src/db/schema.ts';
import { REFERRER_TIMELINE_KINDS } from '../../../src/referrals/rules.ts';
import type { ProbeModule } from './probe.ts';

const clinical: string[] = [];

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    const episode = `/api/v1/episodes/${ids.restrictedEpisodeId}`;
    const post = (url: string, payload: object) =>
      t.api(manager.token, { method: 'POST', url: `${episode}${url}`, payload });
    for (const [url, payload] of [
      ['/assessments', {}],
      [
        '/formulations',
        {
          presenting: 'Low mood since the parole hearing',
          predisposing: 'Care experienced',
          precipitating: 'Loss of his brother',
          perpetuating: 'Alcohol',
          protective: 'His daughter',
          writtenWithPerson: true,
        },
      ],
      [
        '/contacts',
        { at: new Date(t.clock.now.getTime() - 3_600_000).toISOString(), type: 'in_prison', outcome: 'did_not_attend' },
      ],
    ] as const) {
      const res = await post(url, payload);
      expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(300);
    }
    const rows = await t.services.db
      .select({ summary: timelineEvents.summary })
      .from(timelineEvents)
      .where(
        and(
          eq(timelineEvents.referralId, ids.restrictedReferralId),
          notInArray(timelineEvents.kind, [...REFERRER_TIMELINE_KINDS]),
        ),
      );
    clinical.push(...rows.map((r) => r.summary));
    expect(clinical.length).toBeGreaterThanOrEqual(3);
  },
  probes: (ids) => [
    {
      route: 'GET /referrals/:id',
      method: 'GET',
      page: true,
      url: () => `/referrals/${ids().restrictedReferralId}`,
      teamOnly: () => clinical,
    },
    {
      route: 'GET /api/v1/referrals/:id',
      method: 'GET',
      url: () => `/api/v1/referrals/${ids().restrictedReferralId}`,
      teamOnly: () => clinical,
    },
  ],
  notRecordRoutes: [],
};
