// "All my teams" (issue 10): the screening queue, the caseload, the worklist and the team's referrals across
// every site of the user's, and each opened again with no site (the remembered choice), plus site=all on
// the caseload, referrals, episodes and worklist APIs. The restricted record must reach only those who may see it, through every one of them.
import type { Probe, ProbeModule } from './probe.ts';

const AHEAD = encodeURIComponent('2027-06-01T09:00:00Z');
const page = (route: string, url: string): Probe => ({ route, method: 'GET', page: true, url: () => url });

export const probeModule: ProbeModule = {
  probes: () => [
    page('GET /screening', '/screening?site=all'),
    page('GET /screening', '/screening'),
    page('GET /screening', '/screening?site=all&status=accepted'),
    page('GET /caseload', '/caseload?site=all&show=all'),
    page('GET /caseload', '/caseload?show=all&closed=include'),
    page('GET /worklist', '/worklist?site=all&view=team&asOf-day=1&asOf-month=6&asOf-year=2027'),
    page('GET /worklist', '/worklist?view=rule&asOf-day=1&asOf-month=6&asOf-year=2027'),
    page('GET /referrals/team', '/referrals/team'),
    { route: 'GET /api/v1/caseload', method: 'GET', url: () => '/api/v1/caseload?site=all&worker=all&closed=include' },
    // Accepted, as the restricted referral is (the caller's own probe referrals, sent earlier in the walk
    // naming the restricted person, are still awaiting screening and theirs to see).
    { route: 'GET /api/v1/referrals', method: 'GET', url: () => '/api/v1/referrals?site=all&status=accepted' },
    { route: 'GET /api/v1/episodes', method: 'GET', url: () => '/api/v1/episodes?site=all' },
    { route: 'GET /api/v1/worklist', method: 'GET', url: () => `/api/v1/worklist?site=all&asOf=${AHEAD}` },
  ],
  notRecordRoutes: [],
};
