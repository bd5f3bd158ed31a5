// The safety-net worklist (src/worklist): the restricted referral's episode raises items (no contact, no
// contingency plan...), looked at far ahead so every rule has fallen due; they must reach only those who
// may see the record.
import type { ProbeModule } from './probe.ts';

const AHEAD = encodeURIComponent('2027-06-01T09:00:00Z');

export const probeModule: ProbeModule = {
  probes: (ids) => [
    { route: 'GET /api/v1/worklist', method: 'GET', url: () => '/api/v1/worklist' },
    { route: 'GET /api/v1/worklist', method: 'GET', url: () => `/api/v1/worklist?site=${ids().site}&asOf=${AHEAD}` },
    { route: 'GET /api/v1/worklist', method: 'GET', url: () => `/api/v1/worklist?view=mine&asOf=${AHEAD}` },
    {
      route: 'GET /worklist',
      method: 'GET',
      page: true,
      url: () => '/worklist?view=team&asOf-day=1&asOf-month=6&asOf-year=2027',
    },
    {
      route: 'GET /worklist',
      method: 'GET',
      page: true,
      url: () => `/worklist?view=rule&site=${ids().site}&asOf-day=1&asOf-month=6&asOf-year=2027`,
    },
    { route: 'GET /worklist', method: 'GET', page: true, url: () => '/worklist?view=mine' },
  ],
  notRecordRoutes: [],
};
