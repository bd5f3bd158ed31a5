// The evaluation's minimum dataset (issue 15; PRODUCT.md "Who uses it": researcher, "pseudonymised minimum
// dataset extracts only").
import type { RoleRule } from './rule.ts';

export const evaluationRules = {
  /**
   * The pseudonymised extract, one row per episode: the evaluation team only. Commissioners and managers have
   * disclosure-controlled reports instead; an extract is row-level even without identifiers.
   */
  extractEvaluation: {
    allow: (viewer) => viewer.role === 'researcher',
    refusal: 'The evaluation extract is for the evaluation team (researchers)',
  },
  /** The data dictionary holds no data: researchers, and the commissioners and managers who read the reports. */
  readEvaluationDictionary: {
    allow: (viewer) =>
      viewer.role === 'researcher' ||
      viewer.role === 'commissioner' ||
      (viewer.role === 'manager' && viewer.siteCodes.length > 0),
    refusal: 'The data dictionary is for researchers, commissioners and team managers',
  },
} satisfies Record<string, RoleRule>;
