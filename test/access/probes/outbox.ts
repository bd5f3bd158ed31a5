// The email outbox (src/outbox): admins read every email; nobody else reads any. Emails carry references
// and links only, and never a restricted record's reference or id, so even an admin sees nothing of it.
import type { ProbeModule } from './probe.ts';

const NO_SUCH_EMAIL = '0d3c2b1a-0000-4000-8000-000000000000';

export const probeModule: ProbeModule = {
  probes: () => [
    { route: 'GET /admin/outbox', method: 'GET', page: true, url: () => '/admin/outbox' },
    { route: 'GET /admin/outbox/:id', method: 'GET', page: true, url: () => `/admin/outbox/${NO_SUCH_EMAIL}` },
    { route: 'GET /api/v1/admin/outbox', method: 'GET', url: () => '/api/v1/admin/outbox' },
    { route: 'GET /api/v1/admin/outbox/:id', method: 'GET', url: () => `/api/v1/admin/outbox/${NO_SUCH_EMAIL}` },
  ],
  notRecordRoutes: [],
};
