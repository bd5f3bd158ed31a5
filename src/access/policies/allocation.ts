// Who allocates an episode of care and keeps its team (issue "Allocation and caseload"; PRODUCT.md journey
// step 4: "allocation to a lead worker (+ others)"). The episode itself is already visible to the viewer
// (its scoped query): these decide what they may change.
//
// Decisions:
// - The site's managers allocate. A practitioner may take an unallocated episode for themselves, and
//   nothing else: handing a case to a colleague, or taking one from them, is a manager's call.
// - Co-workers are added and removed by the site's managers and by the episode's lead worker; a co-worker
//   may also leave.
import { managesSite, worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

/** An episode's site and its lead worker now. */
export interface EpisodeTeamFacts {
  siteCode: string;
  leadWorkerId: string | null;
}

const allocateRules = {
  /** `to`: the lead worker asked for (null: unallocated). */
  allocate: {
    allow: (viewer, e) =>
      managesSite(viewer, e.siteCode) || (worksAt(viewer, e.siteCode) && e.leadWorkerId === null && e.to === viewer.id),
    refusal:
      'Only the site’s managers allocate episodes of care; a practitioner may take an unallocated episode for themselves',
  },
} satisfies Record<string, Rule<EpisodeTeamFacts & { to: string | null }>>;

const teamRules = {
  addCoWorker: {
    allow: (viewer, e) =>
      worksAt(viewer, e.siteCode) && (managesSite(viewer, e.siteCode) || e.leadWorkerId === viewer.id),
    refusal: 'Only the site’s managers and the episode’s lead worker add co-workers',
  },
} satisfies Record<string, Rule<EpisodeTeamFacts>>;

const leavingRules = {
  /** `coWorkerUserId`: whose part ends; they may end their own. */
  removeCoWorker: {
    allow: (viewer, e) =>
      worksAt(viewer, e.siteCode) &&
      (managesSite(viewer, e.siteCode) || e.leadWorkerId === viewer.id || e.coWorkerUserId === viewer.id),
    refusal: 'Only the site’s managers and the episode’s lead worker remove co-workers',
  },
} satisfies Record<string, Rule<EpisodeTeamFacts & { coWorkerUserId: string }>>;

const siteRules = {
  /** Every worker's load and the unallocated episodes: what a manager allocates from. */
  viewTeam: {
    allow: (viewer, s) => managesSite(viewer, s.siteCode),
    refusal: 'The team view is for the site’s managers',
  },
} satisfies Record<string, Rule<{ siteCode: string }>>;

export const allocationRules = { ...allocateRules, ...teamRules, ...leavingRules, ...siteRules };
