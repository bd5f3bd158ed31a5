// Who may do what, by named action (the Outline `policies/` idea): every decision of the kind "may this
// user do this to this record" is one of the rules below, kept by area in ./policies/. Views get the same
// answers as per-record abilities, so pages never offer what the user cannot do and templates never
// re-derive a role check. Which *records* a user may see at all is decided in the query (scopes.ts).
import { Forbidden } from '../http/errors.ts';
import type { Viewer } from './viewer.ts';
import type { Rule } from './policies/rule.ts';
import { generalRules } from './policies/general.ts';
import { referralRules } from './policies/referrals.ts';
import { episodeRules } from './policies/episodes.ts';
import { careRules } from './policies/care.ts';
import { releasePlanRules } from './policies/releasePlans.ts';
import { handoverRules } from './policies/handovers.ts';
import { allocationRules } from './policies/allocation.ts';
import { worklistRules } from './policies/worklist.ts';
import { retentionRules } from './policies/retention.ts';
import { outboxRules } from './policies/outbox.ts';
import { caseloadRoleRules, caseloadRules } from './policies/caseload.ts';

export type { ReferralFacts } from './policies/referrals.ts';
export type { EpisodeFacts } from './policies/episodes.ts';
export type { CareRecordFacts } from './policies/care.ts';
export type { ReleasePlanFacts } from './policies/releasePlans.ts';
export type { HandoverFacts } from './policies/handovers.ts';
export type { EpisodeTeamFacts } from './policies/allocation.ts';
export type { WorkerFacts } from './policies/caseload.ts';
import { multiAgencyRules, partnerDirectoryRules } from './policies/partners.ts';
import { meetingActionRules, meetingRoleRules } from './policies/meetings.ts';
import { chronologyRules } from './policies/chronology.ts';
import { breakGlassRules } from './policies/breakGlass.ts';
import { outcomeRoleRules, outcomeRules } from './policies/outcomes.ts';
import { caseStudyRules } from './policies/caseStudies.ts';
import { evaluationRules } from './policies/evaluation.ts';

export type { MultiAgencyFacts } from './policies/partners.ts';
export type { MeetingActionFacts } from './policies/meetings.ts';
export type { BreakGlassUseFacts } from './policies/breakGlass.ts';
export type { OutcomeFacts } from './policies/outcomes.ts';
export type { CaseStudyFacts } from './policies/caseStudies.ts';

const RULES = {
  ...generalRules,
  ...referralRules,
  ...episodeRules,
  ...careRules,
  ...releasePlanRules,
  ...handoverRules,
  ...allocationRules,
  ...worklistRules,
  ...retentionRules,
  ...outboxRules,
  ...caseloadRoleRules,
  ...caseloadRules,
  ...partnerDirectoryRules,
  ...multiAgencyRules,
  ...meetingActionRules,
  ...meetingRoleRules,
  ...chronologyRules,
  ...breakGlassRules,
  ...outcomeRoleRules,
  ...outcomeRules,
  ...caseStudyRules,
  ...evaluationRules,
};

export type Action = keyof typeof RULES;
/** The record an action is judged against (`undefined` for what a role may do anywhere). */
export type RecordOf<A extends Action> = (typeof RULES)[A] extends Rule<infer R> ? R : never;
type RecordArgs<A extends Action> = undefined extends RecordOf<A> ? [] : [record: RecordOf<A>];

export function can<A extends Action>(viewer: Viewer, action: A, ...[record]: RecordArgs<A>): boolean {
  return (RULES[action] as Rule<RecordOf<A> | undefined>).allow(viewer, record);
}

/** Throws 403 with the rule's words when the viewer may not; the record was already visible (else 404). */
export function authorize<A extends Action>(viewer: Viewer, action: A, ...args: RecordArgs<A>): void {
  if (!can(viewer, action, ...args)) throw new Forbidden(RULES[action].refusal);
}

/** For a view: each named action of this record, allowed or not. */
export function abilitiesFor<A extends Action>(
  viewer: Viewer,
  actions: readonly A[],
  ...args: RecordArgs<A>
): Record<A, boolean> {
  return Object.fromEntries(actions.map((a) => [a, can(viewer, a, ...args)])) as Record<A, boolean>;
}

/** What the navigation offers a signed-in user. */
export function abilities(viewer: Viewer | undefined) {
  if (!viewer)
    return {
      refer: false,
      viewScreeningQueue: false,
      manageUsers: false,
      readPartnerDirectory: false,
      viewMyActions: false,
      search: false,
      readReports: false,
      extractEvaluation: false,
    };
  return abilitiesFor(viewer, [
    'refer',
    'viewScreeningQueue',
    'manageUsers',
    'readPartnerDirectory',
    'viewMyActions',
    'search',
    'readReports',
    'extractEvaluation',
  ] as const);
}
