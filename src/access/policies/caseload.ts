// Who may read a caseload, and whose (issue "Allocation and caseload"). The rows themselves are narrowed by
// the referral scope in the caseload's query; these decide the page and the worker it names (issue 14: a
// caseload names only a worker the viewer may see, a member of the team at one of the viewer's sites).
import type { Role } from '../viewer.ts';
import { isStaff, STAFF_ROLES, worksAt } from '../roles.ts';
import type { Rule, RoleRule } from './rule.ts';

/** A user whose caseload is asked for, as their account says. */
export interface WorkerFacts {
  role: Role;
  siteCodes: readonly string[];
}

export const caseloadRoleRules = {
  viewCaseloads: {
    allow: (viewer) => isStaff(viewer) && viewer.siteCodes.length > 0,
    refusal: 'The caseload is for practitioners and managers',
  },
} satisfies Record<string, RoleRule>;

export const caseloadRules = {
  /** A site's caseload: its own practitioners and managers. */
  viewCaseloadAt: {
    allow: (viewer, site: { siteCode: string }) => worksAt(viewer, site.siteCode),
    refusal: 'The caseload is for the site’s practitioners and managers',
  },
  /** Another worker's caseload, by name: a practitioner or manager of one of the viewer's own sites. */
  viewCaseloadOf: {
    allow: (viewer, worker: WorkerFacts) =>
      isStaff(viewer) && STAFF_ROLES.includes(worker.role) && worker.siteCodes.some((code) => worksAt(viewer, code)),
    refusal: 'You can only see the caseload of someone in your own team',
  },
} satisfies Record<string, Rule<never>>;
