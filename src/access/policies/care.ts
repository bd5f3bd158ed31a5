// What may be done to the care record of an episode the viewer can already see: its assessment,
// formulation and support plan (PRODUCT.md journey step 5; docs/api/care.md "Who may").
import { isStaff, worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

export interface CareRecordFacts {
  siteCode: string;
}

export const careRules = {
  /**
   * The clinical content is for the care team: practitioners and managers who can see the episode,
   * including through a manager's named grant or break-glass. Anyone else who can see the episode (its
   * referrer) is refused: they already know the episode exists, so a 403 hides nothing a 404 would.
   */
  readCareRecord: {
    allow: (viewer, _record) => isStaff(viewer),
    refusal: 'Assessments, formulations and support plans are for the care team',
  },
  /** Changes: the site's own practitioners and managers (a closed episode is refused later, with 409). */
  changeCareRecord: {
    allow: (viewer, record) => worksAt(viewer, record.siteCode),
    refusal: 'Only the site’s practitioners and managers can change an episode’s assessment, formulation and plan',
  },
} satisfies Record<string, Rule<CareRecordFacts>>;
