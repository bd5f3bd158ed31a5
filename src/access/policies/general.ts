// What a role may do anywhere: refer, screen at all, keep users (PRODUCT.md "Who uses it").
import { isStaff } from '../roles.ts';
import type { RoleRule } from './rule.ts';

export const generalRules = {
  /** "No wrong door" (PRODUCT.md): referrers refer; staff may also refer on someone's behalf. */
  refer: {
    allow: (viewer) => viewer.role === 'referrer' || isStaff(viewer),
    refusal: 'Your role cannot make referrals',
  },
  viewScreeningQueue: {
    allow: (viewer) => isStaff(viewer) && viewer.siteCodes.length > 0,
    refusal: 'The screening queue is for practitioners and managers',
  },
  /**
   * Finding a person across the viewer's sites (issue 10), for the team; which records are hits is decided
   * in the query (scopes.ts referralScope). A referrer follows their own referrals in their list.
   */
  search: {
    allow: (viewer) => isStaff(viewer),
    refusal: 'Search is for practitioners and managers',
  },
  manageUsers: { allow: (viewer) => viewer.role === 'admin', refusal: 'Only admins manage users' },
} satisfies Record<string, RoleRule>;
