// Allocation, co-workers, the team view and the caseload, walked against the restricted episode.
import type { ProbeModule } from './probe.ts';

const NOBODY = '00000000-0000-4000-8000-000000000000';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    {
      route: 'PUT /api/v1/episodes/:id/allocation',
      method: 'PUT',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/allocation`,
      payload: () => ({ leadWorkerId: null }),
    },
    {
      route: 'GET /api/v1/episodes/:id/co-workers',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/co-workers`,
    },
    {
      route: 'POST /api/v1/episodes/:id/co-workers',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/co-workers`,
      payload: () => ({ userId: NOBODY, role: 'probe' }),
    },
    {
      route: 'DELETE /api/v1/episodes/:id/co-workers/:coWorkerId',
      method: 'DELETE',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/co-workers/${NOBODY}`,
    },
    { route: 'GET /api/v1/team', method: 'GET', url: () => `/api/v1/team?site=${ids().site}` },
    { route: 'GET /api/v1/caseload', method: 'GET', url: () => `/api/v1/caseload?site=${ids().site}&worker=all` },
    {
      route: 'GET /api/v1/caseload',
      method: 'GET',
      url: () => `/api/v1/caseload?site=${ids().site}&worker=all&closed=include&sort=-lead`,
    },
    {
      route: 'GET /episodes/:id/allocation',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/allocation`,
    },
    { route: 'GET /team', method: 'GET', page: true, url: () => `/team?site=${ids().site}` },
    {
      route: 'GET /caseload',
      method: 'GET',
      page: true,
      url: () => `/caseload?site=${ids().site}&show=all&closed=include&sort=person`,
    },
  ],
  /** Form posts: they answer with a redirect or the same page as the GET above, through the same service calls. */
  notRecordRoutes: [
    'POST /episodes/:id/allocation',
    'POST /episodes/:id/co-workers',
    'POST /episodes/:id/co-workers/:coWorkerId/remove',
  ],
};
