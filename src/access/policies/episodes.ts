// What may be done to an episode of care the viewer can already see (PRODUCT.md journey, steps 3-6), and
// who may open one from an accepted referral. Seeing an episode at all is its referral's scope (scopes.ts).
import { isStaff, managesSite, worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

export interface EpisodeFacts {
  siteCode: string;
  leadWorkerId: string | null;
}

export const episodeRules = {
  /** Open an episode of care from a referral of the site (after screening): its practitioners and managers. */
  openEpisode: {
    allow: (viewer, referral: { siteCode: string }) => worksAt(viewer, referral.siteCode),
    refusal: 'Only the site’s practitioners and managers can open an episode of care',
  },
  /** Record contacts, release, recall, expected release dates, closure, plans and assessments: the site's own practitioners and managers. */
  /**
   * A contact's own page, its notes in full (issue 10: "Contact notes are stored but never shown"): the
   * care team's record, read by the team's staff who may see the episode.
   */
  readContactNotes: {
    allow: (viewer, _e) => isStaff(viewer),
    refusal: 'Contact notes are for the care team',
  },
  workOnEpisode: {
    allow: (viewer, e) => worksAt(viewer, e.siteCode),
    refusal: 'Only the site’s practitioners and managers can change an episode of care',
  },
  /** Reopen, extend beyond the support window, allocate: the site's managers. */
  manageEpisode: {
    allow: (viewer, e) => managesSite(viewer, e.siteCode),
    refusal: 'Only a manager of the site can do that',
  },
  /** Reopen a closed episode, with a reason (issue "Episode lifecycle"): the site's managers. */
  reopenEpisode: {
    allow: (viewer, e) => managesSite(viewer, e.siteCode),
    refusal: 'Only a manager of the site can reopen an episode of care',
  },
  /** Support beyond the window (phases.ts `extension_approved`), approved by a manager of the site. */
  extendSupport: {
    allow: (viewer, e) => managesSite(viewer, e.siteCode),
    refusal: 'Only a manager of the site can extend support beyond the support window',
  },
} satisfies Record<string, Rule<EpisodeFacts>>;
