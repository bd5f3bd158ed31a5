// What may be done to an episode of care the viewer can already see (PRODUCT.md journey, steps 3-6).
import { managesSite, worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

export interface EpisodeFacts {
  siteCode: string;
  leadWorkerId: string | null;
}

export const episodeRules = {
  /** Record contacts, release, recall, plans and assessments: the site's own practitioners and managers. */
  workOnEpisode: {
    allow: (viewer, e) => worksAt(viewer, e.siteCode),
    refusal: 'Only the site’s practitioners and managers can change an episode of care',
  },
  /** Reopen, extend beyond the support window, allocate: the site's managers. */
  manageEpisode: {
    allow: (viewer, e) => managesSite(viewer, e.siteCode),
    refusal: 'Only a manager of the site can do that',
  },
} satisfies Record<string, Rule<EpisodeFacts>>;
