// Search (issue 10): "A restricted record the user may not see is never a hit and never changes a count".
// The restricted person's name, in part and in full, and each of their identifiers exactly, as every kind
// of user, through the API and the results page. The page keeps what was typed in its search box, so the
// page probes type each secret differently from how it is stored (lower case, spaces), and a hit, which
// shows the name as the referral gives it, would still be caught.
import type { Probe, ProbeModule } from './probe.ts';

const SECRET_NAME = 'Quarrington-Vesey';

export const probeModule: ProbeModule = {
  probes: (ids) => {
    const api = (q: () => string): Probe => ({
      route: 'GET /api/v1/search',
      method: 'GET',
      url: () => `/api/v1/search?q=${encodeURIComponent(q())}`,
    });
    const page = (q: () => string): Probe => ({
      route: 'GET /search',
      method: 'GET',
      page: true,
      url: () => `/search?q=${encodeURIComponent(q())}`,
    });
    const person = () => ids().restrictedPerson;
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    return [
      api(() => SECRET_NAME),
      api(() => 'quarrington'),
      api(() => 'vesey quarr'),
      api(() => person().nhsNumber),
      api(() => spaced(person().nhsNumber)),
      api(() => person().prisonNumber),
      api(() => person().crn),
      page(() => 'quarrington vesey'),
      page(() => spaced(person().nhsNumber)),
      page(() => person().prisonNumber.toLowerCase()),
      page(() => person().crn.toLowerCase()),
    ];
  },
  notRecordRoutes: [],
};
