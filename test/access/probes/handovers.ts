// Handovers against the restricted record. The probes ask to hand the restricted episode over to its own
// site, which the service refuses even for those who may see it: a probe that made a real request would
// show the person to the receiving site's managers by design and muddy the walk. Need-to-know for a real
// restricted request at the receiving site is tested in src/handovers/handoverApi.test.ts and
// handoverPages.test.ts.
import type { ProbeModule } from './probe.ts';

const NO_SUCH_HANDOVER = '00000000-0000-4000-8000-0000000000aa';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    {
      route: 'POST /api/v1/episodes/:id/handovers',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/handovers`,
      payload: () => ({
        kind: 'transfer',
        toSite: ids().site,
        reason: 'probe',
        summary: 'probe',
        consentToShare: true,
      }),
    },
    { route: 'GET /api/v1/handovers', method: 'GET', url: () => '/api/v1/handovers' },
    {
      route: 'GET /api/v1/handovers',
      method: 'GET',
      url: () => `/api/v1/handovers?site=${ids().site}&direction=outgoing`,
    },
    { route: 'GET /api/v1/handovers/:id', method: 'GET', url: () => `/api/v1/handovers/${ids().restrictedEpisodeId}` },
    {
      route: 'POST /api/v1/handovers/:id/decision',
      method: 'POST',
      url: () => `/api/v1/handovers/${NO_SUCH_HANDOVER}/decision`,
      payload: () => ({ decision: 'decline', note: 'probe' }),
    },
    {
      route: 'POST /api/v1/handovers/:id/withdraw',
      method: 'POST',
      url: () => `/api/v1/handovers/${NO_SUCH_HANDOVER}/withdraw`,
      payload: () => ({}),
    },
    { route: 'GET /handovers', method: 'GET', page: true, url: () => '/handovers' },
    { route: 'GET /handovers/:id', method: 'GET', page: true, url: () => `/handovers/${ids().restrictedEpisodeId}` },
    {
      route: 'GET /episodes/:id/handover',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/handover`,
    },
  ],
  // Form posts: each answers with a redirect or the same page as its GET, which is probed above.
  notRecordRoutes: ['POST /episodes/:id/handover', 'POST /handovers/:id/decision', 'POST /handovers/:id/withdraw'],
};
