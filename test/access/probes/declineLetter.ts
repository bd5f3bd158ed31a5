// The decline letter (issue 10: "the decline letter is in their list"): read through the referral's own
// scoped, audited read, so it is a 404 for anyone who may not see the referral (the restricted one here is
// accepted, so a 409 for those who may).
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: (ids) => [
    {
      route: 'GET /referrals/:id/decline-letter.pdf',
      method: 'GET',
      page: true,
      url: () => `/referrals/${ids().restrictedReferralId}/decline-letter.pdf`,
    },
  ],
  notRecordRoutes: [],
};
