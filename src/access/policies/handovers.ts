// Who may move a person between teams (issues 4 and 5; PRODUCT.md journey steps 4 and 6). Seeing a
// handover at all is its scoped query (scopes.ts: the sending side, and the receiving side with
// need-to-know); these decide what a side may do with one it can see.
import { isStaff, worksAt } from '../roles.ts';
import type { RoleRule, Rule } from './rule.ts';

/** The side of a handover the viewer is on, from its scoped query, and the two teams' sites. */
export interface HandoverFacts {
  fromSiteCode: string;
  toSiteCode: string;
  sending: boolean;
  receiving: boolean;
}

const roleRules = {
  /** The teams' incoming and outgoing requests: for their practitioners and managers. */
  viewHandovers: { allow: isStaff, refusal: 'Handovers are for the teams’ practitioners and managers' },
} satisfies Record<string, RoleRule>;

const episodeRules = {
  /** Ask another team to take the person on: the sending episode's own team. */
  requestHandover: {
    allow: (viewer, e) => worksAt(viewer, e.siteCode),
    refusal: 'Only the team’s practitioners and managers can ask another team to take the person on',
  },
} satisfies Record<string, Rule<{ siteCode: string }>>;

const sideRules = {
  /** Accept or decline: the receiving team (its managers only, for a need-to-know person: the scope). */
  decideHandover: {
    allow: (viewer, h) => h.receiving && worksAt(viewer, h.toSiteCode),
    refusal: 'Only the receiving team’s practitioners and managers can answer this request',
  },
  /** Withdraw a request still waiting: the sending team. */
  withdrawHandover: {
    allow: (viewer, h) => h.sending && worksAt(viewer, h.fromSiteCode),
    refusal: 'Only the sending team’s practitioners and managers can withdraw this request',
  },
} satisfies Record<string, Rule<HandoverFacts>>;

export const handoverRules = { ...roleRules, ...episodeRules, ...sideRules };
