// Who may see the safety-net worklist (issue "The safety-net worklist"). Its items are about people, so it
// is the sites' practitioners and managers only (PRODUCT.md gives commissioners "aggregate performance
// across sites, no personal data"); within a site, need-to-know is the query's (scopes.ts workScope).
import { isStaff, worksAt } from '../roles.ts';
import type { RoleRule, Rule } from './rule.ts';

const roleRules = {
  viewWorklist: {
    allow: (viewer) => isStaff(viewer) && viewer.siteCodes.length > 0,
    refusal: 'The worklist is for the practitioners and managers of a site',
  },
  /** Managers (team and clinical leads) open the worklist on their view: every item grouped by rule. */
  viewWorklistByRuleFirst: {
    allow: (viewer) => viewer.role === 'manager',
    refusal: 'The worklist opens by rule for the teams’ managers',
  },
} satisfies Record<string, RoleRule>;

const siteRules = {
  /** One site's worklist: its own team. Without a site, the worklist covers every site the viewer works at. */
  viewSiteWorklist: {
    allow: (viewer, s) => worksAt(viewer, s.siteCode),
    refusal: 'You can see the worklist of your own sites only',
  },
} satisfies Record<string, Rule<{ siteCode: string }>>;

export const worklistRules = { ...roleRules, ...siteRules };
