// What may be done to a referral the viewer can already see (PRODUCT.md journey, steps 1-2).
import { managesSite, worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

export interface ReferralFacts {
  siteCode: string;
  submittedBy: string;
  restricted: boolean;
  status: string;
}

const SCREENABLE = new Set(['awaiting_screening', 'information_requested']);

export const referralRules = {
  /** The site's practitioners screen; a restricted referral only its managers (need-to-know). */
  screen: {
    allow: (viewer, r) =>
      SCREENABLE.has(r.status) && (managesSite(viewer, r.siteCode) || (worksAt(viewer, r.siteCode) && !r.restricted)),
    refusal: 'Only the site’s practitioners and managers can screen this referral',
  },
  answerInformationRequest: {
    allow: (viewer, r) => r.submittedBy === viewer.id && r.status === 'information_requested',
    refusal: 'There is no question waiting for your answer on this referral',
  },
  /** Restrict, lift, grant and revoke access, and read who has seen it: the site's managers. */
  manageNeedToKnow: {
    allow: (viewer, r) => managesSite(viewer, r.siteCode),
    refusal: 'Only the site’s managers can change who may see this record',
  },
  /** The team's own view of a referral (eligibility detail, duplicates, the timeline), not the referrer's. */
  readAsTeam: {
    allow: (viewer, r) => worksAt(viewer, r.siteCode),
    refusal: 'Only the site’s practitioners and managers can see the team’s record',
  },
} satisfies Record<string, Rule<ReferralFacts>>;
