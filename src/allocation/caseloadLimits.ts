// How heavy a worker's caseload is against the site's maximum (issue "Allocation and caseload": "a site sets
// a maximum caseload per worker and the team view shows each worker's load against it, so a manager
// allocates with their eyes open (a warning, not a block, when over)"). Pure: the policy and counts are
// passed in.
import { policyInForce, type SiteDefinition } from '../sites/policy.ts';

export interface CaseloadLoad {
  /** Open episodes the worker leads. */
  count: number;
  /** The site's maximum, or null when its policy sets none. */
  max: number | null;
  /** Strictly more than the maximum: at the maximum is full, not over. */
  over: boolean;
  /** "6 of 10", or "6" without a maximum. */
  text: string;
}

/** The maximum of the policy in force (seed 001: ER teams "Hold a small caseload"), or null. */
export function maxCaseloadFor(site: SiteDefinition | undefined, now: Date): number | null {
  if (!site) return null;
  const policy = policyInForce(site, now) ?? site.policies.at(-1);
  const max = policy?.maxCaseloadPerWorker;
  return typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : null;
}

export function caseloadLoad(count: number, max: number | null): CaseloadLoad {
  return { count, max, over: max !== null && count > max, text: max === null ? String(count) : `${count} of ${max}` };
}

/** The warning shown (and returned by the API) when an allocation takes the lead worker over the maximum. */
export function caseloadWarning(workerName: string, load: CaseloadLoad): string | null {
  if (!load.over || load.max === null) return null;
  return `${workerName} now leads ${load.count} open episodes of care, more than this site's maximum of ${load.max} per worker.`;
}
