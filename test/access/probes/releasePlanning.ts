// The release plan (src/releasePlanning): its API and pages, probed against the restricted episode.
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    {
      route: 'GET /api/v1/episodes/:id/release-plan',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/release-plan`,
    },
    {
      route: 'PUT /api/v1/episodes/:id/release-plan',
      method: 'PUT',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/release-plan`,
      payload: () => ({ idAndMoney: true, destination: { postcode: 'M1 1AA', localAuthority: 'Manchester' } }),
    },
    {
      route: 'PUT /api/v1/episodes/:id/release-plan',
      method: 'PUT',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/release-plan`,
      payload: () => ({ releaseType: 'not-a-type' }),
    },
    {
      route: 'GET /episodes/:id/release-plan',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/release-plan`,
    },
    {
      route: 'GET /episodes/:id/release-plan/:item',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/release-plan/contingency-plan`,
    },
    {
      route: 'GET /episodes/:id/release-plan/:item',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/release-plan/no-such-item`,
    },
  ],
  // Form posts: they answer with the same pages as the GETs above, after the same visibility check.
  notRecordRoutes: ['POST /episodes/:id/release-plan/:item'],
};
