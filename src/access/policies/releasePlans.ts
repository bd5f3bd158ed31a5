// What may be done to the release plan of an episode the viewer can already see (PRODUCT.md journey
// step 6; docs/api/release-plan.md). Anyone who can see the episode may read its plan.
import { worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

export interface ReleasePlanFacts {
  siteCode: string;
  /** The episode is closed (episodes/phases.ts): its plan is read-only. */
  closed: boolean;
}

export const releasePlanRules = {
  /** The API's change: the site's practitioners and managers (a closed episode is refused later, with 409). */
  changeReleasePlan: {
    allow: (viewer, plan) => worksAt(viewer, plan.siteCode),
    refusal: 'Only the site’s practitioners and managers can change a release plan',
  },
  /** The plan's forms, and the links to them: the same people, while the episode is open. */
  useReleasePlanForms: {
    allow: (viewer, plan) => worksAt(viewer, plan.siteCode) && !plan.closed,
    refusal: 'Only the site’s practitioners and managers can change a release plan, and not once the episode is closed',
  },
} satisfies Record<string, Rule<ReleasePlanFacts>>;
