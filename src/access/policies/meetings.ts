// Meetings, risk forums and their actions (issue 11): who may work an action to done.
import { isStaff, worksAt } from '../roles.ts';
import type { Rule, RoleRule } from './rule.ts';

export interface MeetingActionFacts {
  siteCode: string;
  ownerUserId: string | null;
}

export const meetingActionRules = {
  /** Close, cancel or reopen an action: the site's staff, or the team member who owns it. */
  updateMeetingAction: {
    allow: (viewer, a) => worksAt(viewer, a.siteCode) || (isStaff(viewer) && a.ownerUserId === viewer.id),
    refusal: 'Only the site’s practitioners and managers, or the action’s owner, can change this action',
  },
} satisfies Record<string, Rule<MeetingActionFacts>>;

export const meetingRoleRules = {
  /** "My actions": the actions a team member or their team owns. */
  viewMyActions: {
    allow: (viewer) => isStaff(viewer),
    refusal: 'Actions are for the teams’ practitioners and managers',
  },
} satisfies Record<string, RoleRule>;
