/**
 * The pre-release checklist and the readiness of a release plan (issue "Release planning"; PRODUCT.md
 * journey step 6). Seed 002, the East of England case study, is why each item is here: a man was released
 * twice from court, out of area, with "no pre-release preparatory work in his area of release", housed in
 * "unsuitable premises", with "the correct community services and local Probation team not informed" and
 * "no emergency or contingency planning ... in case of his release"; "no one had the full picture".
 *
 * Pure: the plan, the site policy and the dates are passed in.
 *
 * Decisions (the issue is silent on these):
 * - An item that does not apply (no substance misuse treatment needed, no mental health handover needed,
 *   no meet at the gate wanted) is "not needed" and counts as done, so that the total is the site's list and
 *   reads the same on every case ("7 of 11 done" in the issue). Only an answer makes an item "not needed":
 *   issue 10, "'Contingency plan' and 'needs flagged to court' default to 'not needed' and count as done".
 * - An item the site's policy does not ask for (`releaseChecklist`) is shown as "not asked for" and not
 *   counted; a policy without the list asks for all of them.
 * - The contingency plan is asked for everyone still in custody (issue 10: "Ask for a contingency plan for
 *   everyone still in custody"): seed 002's release "was not thought uncertain", and "No emergency or
 *   contingency planning had taken place in case of his release". Once released it is not needed.
 * - Needs flagged to court is done when flagged; until it is answered it is to do. Answered "not flagged" it
 *   is not needed unless release may come from court (release type release from court, or the date
 *   uncertain): seed 002 "Issues with releases from court".
 * - A GP registration is done once a practice is named: the receiving services need to know which one.
 * - Accommodation is done when settled, or when unsettled or none and the Duty to Refer (Homelessness
 *   Reduction Act 2017) has been made, with its date and local authority (the destination's local
 *   authority when none is named). The item stays flagged with a note while the housing is not settled.
 * - A substance misuse appointment later than the national measure (engagement within 21 days of release;
 *   the policy's worklist threshold `substanceMisuseDays`) is done but carries a note.
 */
import { addDaysIso, daysBetweenIso, formatIsoDateLong } from '../identifiers/dates.ts';
import { RELEASE_CHECKLIST_ITEMS, type ReleaseChecklistItem, type SitePolicy } from '../sites/policy.ts';
import type { EpisodePhase } from '../episodes/phases.ts';
import type { ReleasePlan } from './types.ts';

export type ChecklistStatus = 'done' | 'not_done' | 'not_needed' | 'not_asked_for';

export interface ChecklistItem {
  code: ReleaseChecklistItem;
  label: string;
  status: ChecklistStatus;
  /** Whether the site's policy asks for it (counted in readiness). */
  required: boolean;
  /** What is still to do, in plain words, when not done. */
  missing?: string;
  /** Something to know even though the item is done or not needed. */
  note?: string;
}

/** Where the episode is on its way to release (from phases.ts), and England's date today. */
export interface ReleaseTiming {
  expectedReleaseDate: string | null;
  releasedOn: string | null;
  today: string;
}

export interface Readiness {
  done: number;
  total: number;
  text: string;
}

export const CHECKLIST_LABELS: Record<ReleaseChecklistItem, string> = {
  gp_registration: 'GP registration',
  medication_on_release: 'Medication on release',
  substance_misuse_appointment: 'Substance misuse appointment in the community',
  mental_health_handover: 'Mental health handover',
  accommodation: 'Accommodation and the Duty to Refer',
  id_and_money: 'ID and money',
  local_probation_informed: 'Local probation informed',
  community_services_informed: 'Community services informed',
  needs_flagged_to_court: 'Needs flagged to the court',
  meet_at_the_gate: 'Meet at the gate',
  contingency_plan: 'Contingency plan for an unplanned release',
};

/** The national measure: engagement with community substance misuse treatment within 21 days of release. */
export const SUBSTANCE_MISUSE_DAYS = 21;

/** Seed 002: release may come without warning from court, or the date may move (remand, court or parole pending). */
export function releaseMayComeUnplanned(plan: ReleasePlan): boolean {
  return plan.releaseUncertain === true || plan.releaseType === 'release_from_court';
}

/** Whether the plan needs a contingency plan: release may come unplanned, or no date is known while in custody. */
export function contingencyRequired(
  plan: ReleasePlan,
  timing: Pick<ReleaseTiming, 'expectedReleaseDate' | 'releasedOn'>,
): boolean {
  return releaseMayComeUnplanned(plan) || (timing.expectedReleaseDate === null && timing.releasedOn === null);
}

/**
 * The timing the checklist reads, from the episode's phase: the expected date only while it is current
 * (in custody, or back in custody after a recall with a new date), the release only while in the community.
 */
export function timingFromPhase(
  phase: Pick<EpisodePhase, 'status' | 'expectedReleaseDate' | 'lastReleasedOn' | 'daysToRelease'>,
  today: string,
): ReleaseTiming {
  const inCommunity =
    phase.status === 'post_release' ||
    (phase.status === 'closed' && phase.lastReleasedOn !== null && phase.daysToRelease === null);
  return {
    today,
    expectedReleaseDate: phase.daysToRelease !== null ? phase.expectedReleaseDate : null,
    releasedOn: inCommunity ? phase.lastReleasedOn : null,
  };
}

type Judged = Pick<ChecklistItem, 'status' | 'missing' | 'note'>;
const done = (note?: string): Judged => (note ? { status: 'done', note } : { status: 'done' });
const notNeeded = (note?: string): Judged => (note ? { status: 'not_needed', note } : { status: 'not_needed' });
const todo = (missing: string): Judged => ({ status: 'not_done', missing });

function yes(value: boolean | undefined, missing: string): Judged {
  return value === true ? done() : todo(missing);
}

function substanceMisuse(plan: ReleasePlan, timing: ReleaseTiming, policy: SitePolicy): Judged {
  const s = plan.substanceMisuse;
  if (!s) return todo('Record whether a community substance misuse appointment is needed');
  if (!s.needed) return notNeeded();
  if (!s.appointmentDate) return todo('Book the community substance misuse appointment and record its date');
  const days = policy.worklist?.substanceMisuseDays ?? SUBSTANCE_MISUSE_DAYS;
  const from = timing.releasedOn ?? timing.expectedReleaseDate;
  if (from && s.appointmentDate > addDaysIso(from, days)) {
    return done(
      `The appointment on ${formatIsoDateLong(s.appointmentDate)} is ${daysBetweenIso(from, s.appointmentDate)} days after release: the national measure is engagement within ${days} days`,
    );
  }
  return done();
}

function accommodation(plan: ReleasePlan): Judged {
  const a = plan.accommodation;
  if (!a) return todo('Record where they will live on release: settled, unsettled or no accommodation');
  if (a.status === 'settled') return done();
  const what =
    a.status === 'none' ? 'They have no accommodation on release' : 'Their accommodation on release is unsettled';
  if (!a.dutyToReferDate)
    return todo(`${what}: make the Duty to Refer to the local authority's housing team and record its date`);
  const authority = a.dutyToReferLocalAuthority ?? plan.destination?.localAuthority;
  if (!authority) return todo('Record which local authority the Duty to Refer was made to');
  return done(`${what}. Duty to Refer made to ${authority} on ${formatIsoDateLong(a.dutyToReferDate)}`);
}

function judge(code: ReleaseChecklistItem, plan: ReleasePlan, timing: ReleaseTiming, policy: SitePolicy): Judged {
  switch (code) {
    case 'gp_registration':
      if (plan.gp?.registered !== true) return todo('Register them with a GP practice in the area they are going to');
      return plan.gp.practice ? done() : todo('Record the name of the GP practice');
    case 'medication_on_release':
      return yes(plan.medicationOnRelease, 'Arrange medication to take out on release, or record that none is needed');
    case 'substance_misuse_appointment':
      return substanceMisuse(plan, timing, policy);
    case 'mental_health_handover': {
      const m = plan.mentalHealthHandover;
      if (!m) return todo('Record whether a mental health handover is needed');
      if (!m.needed) return notNeeded();
      return m.done
        ? done()
        : todo(`Hand over to the community mental health service${m.service ? ` (${m.service})` : ''}`);
    }
    case 'accommodation':
      return accommodation(plan);
    case 'id_and_money':
      return yes(
        plan.idAndMoney,
        'Make sure they leave with ID and money (a bank account, discharge grant, benefits claim)',
      );
    case 'local_probation_informed':
      return yes(plan.localProbationInformed, 'Tell the probation team in the area they are going to');
    case 'community_services_informed':
      return yes(plan.communityServicesInformed, 'Tell the community services in the area they are going to');
    case 'needs_flagged_to_court':
      if (plan.needsFlaggedToCourt === true) return done();
      if (plan.needsFlaggedToCourt === undefined)
        return todo('Record whether their needs have been flagged to the court, in case they are released from there');
      if (!releaseMayComeUnplanned(plan)) return notNeeded();
      return todo('Flag their needs to the court, in case they are released from there');
    case 'meet_at_the_gate':
      if (!plan.meetAtTheGate) return todo('Decide whether someone will meet them at the gate');
      return plan.meetAtTheGate.planned
        ? done(plan.meetAtTheGate.by ? `Met by ${plan.meetAtTheGate.by}` : undefined)
        : notNeeded('No meet at the gate');
    case 'contingency_plan':
      if (plan.contingencyPlan) return done();
      if (timing.releasedOn !== null) return notNeeded();
      return todo(
        timing.expectedReleaseDate === null
          ? 'Write a contingency plan: there is no expected release date, so release could come at any time'
          : contingencyRequired(plan, timing)
            ? 'Write a contingency plan: the release date is uncertain or release could come from court'
            : 'Write a contingency plan in case they are released early or unplanned, from court or prison',
      );
  }
}

/** The site's checklist with each item judged, in the order of RELEASE_CHECKLIST_ITEMS. */
export function checklist(plan: ReleasePlan, policy: SitePolicy, timing: ReleaseTiming): ChecklistItem[] {
  const asked = new Set<ReleaseChecklistItem>(policy.releaseChecklist ?? RELEASE_CHECKLIST_ITEMS);
  return RELEASE_CHECKLIST_ITEMS.map((code) => {
    const required = asked.has(code);
    const judged = required ? judge(code, plan, timing, policy) : { status: 'not_asked_for' as const };
    return { code, label: CHECKLIST_LABELS[code], required, ...judged };
  });
}

/** The items still to do. */
export function missingItems(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.filter((item) => item.required && item.status === 'not_done');
}

function whenText(timing: ReleaseTiming): string {
  if (timing.releasedOn) {
    const days = daysBetweenIso(timing.releasedOn, timing.today);
    return days <= 0 ? 'released today' : `released ${days} day${days === 1 ? '' : 's'} ago`;
  }
  if (!timing.expectedReleaseDate) return 'no release date';
  const days = daysBetweenIso(timing.today, timing.expectedReleaseDate);
  if (days === 0) return 'release due today';
  if (days < 0) return `release date passed ${-days} day${days === -1 ? '' : 's'} ago`;
  return `${days} day${days === 1 ? '' : 's'} to release`;
}

/** "7 of 11 done, 12 days to release" (issue "Release planning"). Not-needed items count as done. */
export function readiness(items: readonly ChecklistItem[], timing: ReleaseTiming): Readiness {
  const counted = items.filter((item) => item.required);
  const doneCount = counted.filter((item) => item.status === 'done' || item.status === 'not_needed').length;
  return {
    done: doneCount,
    total: counted.length,
    text: `${doneCount} of ${counted.length} done, ${whenText(timing)}`,
  };
}

export { destinationCoverage, type DestinationCoverage } from './coverage.ts';
