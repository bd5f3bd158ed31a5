// The team's referral list (issue 10, "Referrals for staff"): the restricted referral's site, with every
// filter that would hold it (its status, its outcome, the day it was received), as every kind of user.
import type { Probe, ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: (ids) => {
    const list = (query: () => string): Probe => ({
      route: 'GET /referrals/team',
      method: 'GET',
      page: true,
      url: () => `/referrals/team?${query()}`,
    });
    return [
      list(() => `site=${ids().site}`),
      list(() => 'site=all'),
      list(() => `site=${ids().site}&status=accepted&outcome=automatic`),
      list(() => `site=${ids().site}&from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026`),
    ];
  },
  notRecordRoutes: [],
};
