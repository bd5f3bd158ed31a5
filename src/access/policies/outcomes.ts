// Outcomes for each person and reports without personal data (issue 15).
import { isStaff, worksAt } from '../roles.ts';
import type { Rule, RoleRule } from './rule.ts';

/** What an outcome record is judged by: the site of the episode it belongs to. */
export interface OutcomeFacts {
  siteCode: string;
}

export const outcomeRoleRules = {
  /** Wellbeing scores and linkage are part of the care record: the care team who can see the episode. */
  readOutcomes: {
    allow: (viewer) => isStaff(viewer),
    refusal: 'Wellbeing measures and outcomes are for the care team',
  },
  /**
   * Issue 15: "Reports for commissioners and managers"; the researcher's home page links to them too. No
   * personal data is in a report; a manager's own sites are shown without disclosure control.
   */
  readReports: {
    allow: (viewer) =>
      viewer.role === 'commissioner' ||
      viewer.role === 'researcher' ||
      (viewer.role === 'manager' && viewer.siteCodes.length > 0),
    refusal: 'Reports are for commissioners, researchers and team managers',
  },
} satisfies Record<string, RoleRule>;

export const outcomeRules = {
  /** Record a measure or an outcome: the site's own practitioners and managers. */
  recordOutcomes: {
    allow: (viewer, r) => worksAt(viewer, r.siteCode),
    refusal: 'Only the site’s practitioners and managers can record measures and outcomes on this episode',
  },
} satisfies Record<string, Rule<OutcomeFacts>>;
