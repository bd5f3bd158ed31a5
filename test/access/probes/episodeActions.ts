// Issue 10, "The episode overview stacks four forms on one page": each change to an episode has a page of its
// own (episodes/pages.ts), probed against the restricted episode; their forms post to the actions already walked.
import type { ProbeModule } from './probe.ts';

const PAGES = ['contacts/new', 'release', 'recall', 'expected-release-date', 'extension'];

export const probeModule: ProbeModule = {
  probes: (ids) =>
    PAGES.map((path) => ({
      route: `GET /episodes/:id/${path}`,
      method: 'GET' as const,
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/${path}`,
    })),
  notRecordRoutes: [],
};
