// The printable view of an episode record (issue 10: "a printable view of the episode record"): the episode
// page's own read, so the restricted episode is a 404 for anyone who may not see it.
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    {
      route: 'GET /episodes/:id/print',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/print`,
    },
  ],
  notRecordRoutes: [],
};
