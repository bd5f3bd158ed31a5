// The episode lifecycle's routes (issue "Episode lifecycle"): closure, letter, reopening, extension and
// expected release date, probed against the restricted episode. The page POSTs carry a CSRF token and
// render through the same service calls; like the other episode forms they are listed as not-record routes.
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    {
      route: 'POST /api/v1/episodes/:id/reopen',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/reopen`,
      payload: () => ({ reason: 'probe' }),
    },
    {
      route: 'POST /api/v1/episodes/:id/extension',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/extension`,
      payload: () => ({ until: '2028-01-01', reason: 'probe' }),
    },
    {
      route: 'POST /api/v1/episodes/:id/expected-release-date',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/expected-release-date`,
      payload: () => ({ expectedReleaseDate: '2027-06-01', reason: 'probe' }),
    },
    {
      route: 'GET /api/v1/episodes/:id/closure-letter',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/closure-letter`,
    },
    {
      route: 'GET /api/v1/episodes/:id/timeline',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/timeline?order=newest`,
    },
    {
      route: 'GET /episodes/:id/closure',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/closure`,
    },
    {
      route: 'GET /episodes/:id/closure-letter.pdf',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/closure-letter.pdf`,
    },
    {
      route: 'GET /episodes/:id',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}?order=oldest`,
    },
  ],
  notRecordRoutes: [
    'POST /episodes/:id/closure',
    'POST /episodes/:id/reopen',
    'POST /episodes/:id/extension',
    'POST /episodes/:id/expected-release-date',
  ],
};
