// API tokens (src/admin, src/auth/apiTokens.ts): admins see a user's tokens by name, dates and status, and
// nothing of any case. Probed against the restricted site's manager, whose tokens have used the restricted
// records; revoking is a write, kept out of the walk so that every user's token keeps working through it.
import type { ProbeModule } from './probe.ts';
import { issueApiToken } from '../../../src/auth/apiTokens.ts';

let managerId = '00000000-0000-4000-8000-000000000000';

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    managerId = manager.viewer.id;
    const { token } = await issueApiToken(t.services.db, managerId, t.clock.now, {
      name: 'Case system',
      expiresAt: new Date('2999-01-01T00:00:00Z'),
    });
    await t.api(token, { method: 'GET', url: `/api/v1/referrals/${ids.restrictedReferralId}` });
  },
  probes: () => [
    { route: 'GET /admin/users/:id/tokens', method: 'GET', page: true, url: () => `/admin/users/${managerId}/tokens` },
    { route: 'GET /api/v1/users/:id/tokens', method: 'GET', url: () => `/api/v1/users/${managerId}/tokens` },
  ],
  notRecordRoutes: ['POST /admin/users/:id/tokens/:tokenId/revoke', 'DELETE /api/v1/users/:id/tokens/:tokenId'],
};
