// Forms kept across a session's end (src/auth/formStash.ts): /saved-work only ever gives the signed-in user
// the form their own browser kept for them, so for every user of the walk (who kept none) it shows nothing.
// The keep-alive behind the timeout warning carries no record.
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: () => [{ route: 'GET /saved-work', method: 'GET', page: true, url: () => '/saved-work' }],
  notRecordRoutes: ['POST /session/keep-alive'],
};
