// Reports (issue 15): figures without personal data, read as every kind of user, nationally (where the
// restricted record is counted) and for its site (where it is not); nothing of the restricted person may be in
// any of them, for anyone.
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    { route: 'GET /api/v1/reports/kpis', method: 'GET', url: () => '/api/v1/reports/kpis?from=2026-01&to=2026-12' },
    {
      route: 'GET /api/v1/reports/kpis',
      method: 'GET',
      url: () => `/api/v1/reports/kpis?from=2026-01&to=2026-12&site=${ids().site}&format=csv`,
    },
    { route: 'GET /reports', method: 'GET', page: true, url: () => `/reports?site=${ids().site}` },
    { route: 'GET /reports/download', method: 'GET', page: true, url: () => '/reports/download' },
  ],
  notRecordRoutes: [],
};
