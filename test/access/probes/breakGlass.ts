// Break-glass review (src/access, issue 14): a use of the restricted record from before it was restricted
// (break-glass never opens a restricted one) is listed, shown and reviewed for its site's managers only;
// everyone else is refused without learning that it exists.
import { randomUUID } from 'node:crypto';
import { accessGrants } from '../../../src/db/schema.ts';
import type { ProbeModule } from './probe.ts';

let grantId = '00000000-0000-4000-8000-000000000000';

export const probeModule: ProbeModule = {
  async prepare(t, ids) {
    const user = await t.user('practitioner', { sites: ['reconnect-east-of-england'] });
    grantId = randomUUID();
    await t.services.db.insert(accessGrants).values({
      id: grantId,
      referralId: ids.restrictedReferralId,
      userId: user.viewer.id,
      kind: 'break_glass',
      reason: 'Used before the record was restricted',
      grantedBy: user.viewer.id,
      grantedAt: new Date(t.clock.now.getTime() - 3_600_000),
      expiresAt: new Date(t.clock.now.getTime() - 60_000),
    });
  },
  probes: () => [
    { route: 'GET /api/v1/break-glass/uses', method: 'GET', url: () => '/api/v1/break-glass/uses' },
    { route: 'GET /api/v1/break-glass/uses', method: 'GET', url: () => '/api/v1/break-glass/uses?status=all' },
    { route: 'GET /api/v1/break-glass/uses/:id', method: 'GET', url: () => `/api/v1/break-glass/uses/${grantId}` },
    { route: 'GET /api/v1/break-glass/uses/:id', method: 'GET', url: () => '/api/v1/break-glass/uses/not-a-uuid' },
    {
      route: 'POST /api/v1/break-glass/uses/:id/review',
      method: 'POST',
      url: () => `/api/v1/break-glass/uses/${grantId}/review`,
      payload: () => ({ outcome: 'appropriate', note: 'probe' }),
    },
    {
      route: 'POST /api/v1/break-glass/uses/:id/review',
      method: 'POST',
      url: () => `/api/v1/break-glass/uses/${grantId}/review`,
      payload: () => ({ outcome: 'maybe' }),
    },
    { route: 'GET /break-glass/reviews', method: 'GET', page: true, url: () => '/break-glass/reviews' },
    { route: 'GET /break-glass/reviews/:id', method: 'GET', page: true, url: () => `/break-glass/reviews/${grantId}` },
  ],
  // A form post: its refusals are the API route's, walked above.
  notRecordRoutes: ['POST /break-glass/reviews/:id'],
};
