// The one chronology of a person (issue 11): everything known from every team and agency the viewer may see.
import { isStaff } from '../roles.ts';
import type { RoleRule } from './rule.ts';

export const chronologyRules = {
  /**
   * The care team's record across agencies, for staff only; which entries they see is decided row by row in
   * the query (need-to-know, access/scopes.ts). A referrer sees their referral, not the team's chronology.
   */
  readChronology: {
    allow: (viewer) => isStaff(viewer),
    refusal: 'The chronology is for the care team',
  },
} satisfies Record<string, RoleRule>;
