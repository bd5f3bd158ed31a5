// Multi-agency working around a person (PRODUCT.md journey step 7; issue 11): the partner directory, and the
// network, consent, information-sharing log and partner notes of an episode the viewer can already see.
import { isStaff, worksAt } from '../roles.ts';
import type { Rule, RoleRule } from './rule.ts';

/** What a multi-agency record is judged by: the site of the episode it belongs to. */
export interface MultiAgencyFacts {
  siteCode: string;
}

export const partnerDirectoryRules = {
  /** The directory names organisations, not people: every team member and admin may read it. */
  readPartnerDirectory: {
    allow: (viewer) => isStaff(viewer) || viewer.role === 'admin',
    refusal: 'The partner directory is for the teams and their admins',
  },
  /** Issue 11: "managers and admins keep it". */
  keepPartnerDirectory: {
    allow: (viewer) => (viewer.role === 'manager' && viewer.siteCodes.length > 0) || viewer.role === 'admin',
    refusal: 'Only managers and admins can add to or change the partner directory',
  },
  /**
   * The professionals around the person, what was shared and what partners said: for the care team who can
   * see the episode (its site's staff, a lead worker, a named grant or break-glass), not its referrer: a
   * referring agency is a partner like any other, told what the team shares with it and no more.
   */
  readMultiAgencyRecord: {
    allow: (viewer) => isStaff(viewer),
    refusal: 'The network, sharing log and partner notes are for the care team',
  },
} satisfies Record<string, RoleRule>;

export const multiAgencyRules = {
  /** Record a professional, a consent, a sharing entry, a partner note or a meeting: the site's own staff. */
  recordMultiAgencyWork: {
    allow: (viewer, r) => worksAt(viewer, r.siteCode),
    refusal: 'Only the site’s practitioners and managers can record multi-agency work on this episode',
  },
} satisfies Record<string, Rule<MultiAgencyFacts>>;
