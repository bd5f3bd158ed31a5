// Who reviews break-glass uses (issue 14, "Left from the first pass": a manager reviews each use). The
// managers of the site whose record was opened, never the person who used it.
import { managesSite } from '../roles.ts';
import type { RoleRule, Rule } from './rule.ts';

export interface BreakGlassUseFacts {
  siteCode: string;
  usedBy: string;
}

const REFUSAL = 'Only the managers of the site whose record was opened review emergency access';

const roleRules = {
  reviewBreakGlassUses: {
    allow: (viewer) => viewer.role === 'manager' && viewer.siteCodes.length > 0,
    refusal: REFUSAL,
  },
} satisfies Record<string, RoleRule>;

const siteRules = {
  /** Whose uses reach a manager's list and worklist: those at the sites they manage. */
  reviewBreakGlassAt: {
    allow: (viewer, s) => managesSite(viewer, s.siteCode),
    refusal: REFUSAL,
  },
} satisfies Record<string, Rule<{ siteCode: string }>>;

const useRules = {
  reviewBreakGlass: {
    allow: (viewer, u) => managesSite(viewer, u.siteCode) && u.usedBy !== viewer.id,
    refusal: 'A manager of the site other than the person who used emergency access reviews it',
  },
} satisfies Record<string, Rule<BreakGlassUseFacts>>;

export const breakGlassRules = { ...roleRules, ...siteRules, ...useRules };
