// The assessment, formulation and support plan of the restricted record's episode (src/care): every
// endpoint and page, walked by every kind of user.
import type { ProbeModule } from './probe.ts';

const NO_SUCH = '00000000-0000-4000-8000-000000000000';

export const probeModule: ProbeModule = {
  probes: (ids) => {
    const api = () => `/api/v1/episodes/${ids().restrictedEpisodeId}`;
    const page = () => `/episodes/${ids().restrictedEpisodeId}`;
    return [
      { route: 'GET /api/v1/episodes/:id/assessments', method: 'GET', url: () => `${api()}/assessments` },
      {
        route: 'POST /api/v1/episodes/:id/assessments',
        method: 'POST',
        url: () => `${api()}/assessments`,
        payload: () => ({}),
      },
      { route: 'GET /api/v1/episodes/:id/assessments/:number', method: 'GET', url: () => `${api()}/assessments/1` },
      {
        route: 'PUT /api/v1/episodes/:id/assessments/:number/domains/:domain',
        method: 'PUT',
        url: () => `${api()}/assessments/1/domains/money`,
        payload: () => ({ complete: false, level: 'low' }),
      },
      {
        route: 'POST /api/v1/episodes/:id/assessments/:number/complete',
        method: 'POST',
        url: () => `${api()}/assessments/1/complete`,
        payload: () => ({}),
      },
      { route: 'GET /api/v1/episodes/:id/formulations', method: 'GET', url: () => `${api()}/formulations` },
      {
        route: 'POST /api/v1/episodes/:id/formulations',
        method: 'POST',
        url: () => `${api()}/formulations`,
        payload: () => ({
          presenting: 'probe',
          predisposing: 'probe',
          precipitating: 'probe',
          perpetuating: 'probe',
          protective: 'probe',
          writtenWithPerson: false,
        }),
      },
      { route: 'GET /api/v1/episodes/:id/plan', method: 'GET', url: () => `${api()}/plan` },
      {
        route: 'POST /api/v1/episodes/:id/plan/goals',
        method: 'POST',
        url: () => `${api()}/plan/goals`,
        payload: () => ({ needDomain: 'strengths', description: 'probe' }),
      },
      {
        route: 'PUT /api/v1/episodes/:id/plan/goals/:goalId',
        method: 'PUT',
        url: () => `${api()}/plan/goals/${NO_SUCH}`,
        payload: () => ({ description: 'probe' }),
      },
      {
        route: 'POST /api/v1/episodes/:id/plan/goals/:goalId/actions',
        method: 'POST',
        url: () => `${api()}/plan/goals/${NO_SUCH}/actions`,
        payload: () => ({ description: 'probe', owner: { kind: 'person' }, dueOn: '2026-12-01' }),
      },
      {
        route: 'PUT /api/v1/episodes/:id/plan/actions/:actionId',
        method: 'PUT',
        url: () => `${api()}/plan/actions/${NO_SUCH}`,
        payload: () => ({ status: 'done' }),
      },
      {
        route: 'POST /api/v1/episodes/:id/plan/reviews',
        method: 'POST',
        url: () => `${api()}/plan/reviews`,
        payload: () => ({ reviewedOn: '2026-11-10', notes: 'probe', withPerson: false }),
      },
      { route: 'GET /episodes/:id/assessment', method: 'GET', page: true, url: () => `${page()}/assessment` },
      { route: 'GET /episodes/:id/assessment', method: 'GET', page: true, url: () => `${page()}/assessment?number=1` },
      {
        route: 'GET /episodes/:id/assessment/:domain',
        method: 'GET',
        page: true,
        url: () => `${page()}/assessment/risk_to_others`,
      },
      { route: 'GET /episodes/:id/formulation', method: 'GET', page: true, url: () => `${page()}/formulation` },
      { route: 'GET /episodes/:id/plan', method: 'GET', page: true, url: () => `${page()}/plan` },
    ];
  },
  /** Form posts: they answer with a redirect or the same page as the GETs above, which are walked. */
  notRecordRoutes: [
    'POST /episodes/:id/assessment/start',
    'POST /episodes/:id/assessment/complete',
    'POST /episodes/:id/assessment/:domain',
    'POST /episodes/:id/formulation',
    'POST /episodes/:id/plan/goals',
    'POST /episodes/:id/plan/actions',
    'POST /episodes/:id/plan/actions/:actionId',
    'POST /episodes/:id/plan/reviews',
  ],
};
