// The pure rules of changing a release plan (issue "Release planning"; API.md `PUT
// /api/v1/episodes/{id}/release-plan`): how a body merges into the stored plan, what it may not say
// given today, and the episode's phase the checklist is judged against. The checklist itself is
// checklist.ts, the destination's coverage coverage.ts. `today` and `now` are passed in.
//
// Decisions:
// - Every field is optional and merged: absent fields stay, `null` removes one, objects are replaced whole.
// - A PUT that changes nothing changes nothing (compared key by key, whatever order jsonb keeps keys in).
import type { FieldError } from '../http/errors.ts';
import { policyInForce, type SiteDefinition, type SitePolicy } from '../sites/policy.ts';
import { episodePhase, type EpisodeEvent, type EpisodePhase } from '../episodes/phases.ts';
import type { ReleasePlanBody } from './schema.ts';
import type { ReleasePlan } from './types.ts';

/** The timeline's reason for a date changed in the plan without one given. */
export const DEFAULT_DATE_CHANGE_REASON = 'Updated in the release plan';

/** The plan's fields in plain words, for the timeline. */
export const PLAN_FIELD_WORDS: Record<keyof ReleasePlan, string> = {
  releaseType: 'release type',
  releaseUncertain: 'whether the release date is uncertain',
  destination: 'release address',
  approvedPremises: 'approved premises',
  gp: 'GP registration',
  medicationOnRelease: 'medication on release',
  substanceMisuse: 'substance misuse appointment',
  mentalHealthHandover: 'mental health handover',
  accommodation: 'accommodation',
  idAndMoney: 'ID and money',
  localProbationInformed: 'local probation informed',
  communityServicesInformed: 'community services informed',
  needsFlaggedToCourt: 'needs flagged to the court',
  meetAtTheGate: 'meet at the gate',
  contingencyPlan: 'contingency plan',
};
const PLAN_KEYS = Object.keys(PLAN_FIELD_WORDS) as (keyof ReleasePlan)[];

/** JSON with object keys sorted: jsonb does not keep key order, so plain JSON.stringify cannot compare. */
function stable(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The body merged into the plan: absent fields stay, `null` removes, objects are replaced whole. */
export function mergePlan(
  plan: ReleasePlan,
  body: ReleasePlanBody,
): { next: ReleasePlan; changed: (keyof ReleasePlan)[] } {
  const next: Record<string, unknown> = { ...plan };
  const changed: (keyof ReleasePlan)[] = [];
  for (const key of PLAN_KEYS) {
    const value = body[key];
    if (value === undefined) continue;
    if (stable(value ?? undefined) === stable(next[key])) continue;
    if (value === null) Reflect.deleteProperty(next, key);
    else next[key] = value;
    changed.push(key);
  }
  return { next, changed };
}

/** Checks that need today or the plan as a whole; all problems at once, by field path. */
export function crossFieldErrors(body: ReleasePlanBody, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (body.expectedReleaseDate && body.expectedReleaseDate < today) {
    errors.push({
      field: 'expectedReleaseDate',
      message: 'Must be today or later: if they have been released, record the release instead',
    });
  }
  if (body.releaseDateChangeReason && !body.expectedReleaseDate) {
    errors.push({ field: 'releaseDateChangeReason', message: 'Only with a new expectedReleaseDate' });
  }
  if (body.accommodation?.dutyToReferDate && body.accommodation.dutyToReferDate > today) {
    errors.push({
      field: 'accommodation.dutyToReferDate',
      message: 'Must be today or in the past: record the Duty to Refer once it is made',
    });
  }
  if (body.substanceMisuse && !body.substanceMisuse.needed && body.substanceMisuse.appointmentDate) {
    errors.push({ field: 'substanceMisuse.appointmentDate', message: 'Only when an appointment is needed' });
  }
  if (body.mentalHealthHandover && !body.mentalHealthHandover.needed && body.mentalHealthHandover.done) {
    errors.push({ field: 'mentalHealthHandover.done', message: 'Only when a handover is needed' });
  }
  return errors;
}

/** The site's policy in force at `now`, else its latest (a site always has one). */
export function policyOf(site: SiteDefinition, now: Date): SitePolicy {
  const policy = policyInForce(site, now) ?? site.policies[site.policies.length - 1];
  if (!policy) throw new Error(`Site ${site.code} has no policy`);
  return policy;
}

/** The episode's phase on `today` from its dated events, as episodes/phases.ts computes it. */
export function phaseOf(
  episode: { openedOn: string },
  events: readonly { kind: string; on: string; data: Record<string, unknown> }[],
  policy: Pick<SitePolicy, 'preReleaseMonths' | 'postReleaseMonths'>,
  today: string,
): EpisodePhase {
  return episodePhase(
    {
      openedOn: episode.openedOn,
      // The stored `data` holds the event itself, plus any details beside it (episode_events).
      events: events.map((e) => ({ ...e.data, kind: e.kind, on: e.on }) as EpisodeEvent),
      preReleaseMonths: policy.preReleaseMonths,
      postReleaseMonths: policy.postReleaseMonths,
    },
    today,
  );
}

/**
 * What the latest assessment said about the Duty to Refer (issue 10: "The assessment's Duty to Refer answer
 * reaches the release plan"): the accommodation domain's `dutyToReferMade`, in words for the plan page, or
 * null when the assessment has not answered it.
 */
export function assessedDutyToRefer(domains: unknown): string | null {
  const accommodation = (domains as { accommodation?: { fields?: { dutyToReferMade?: unknown } } } | null | undefined)
    ?.accommodation;
  const made = accommodation?.fields?.dutyToReferMade;
  if (made === true) return 'The assessment says the Duty to Refer has been made to the local housing authority.';
  if (made === false)
    return 'The assessment says the Duty to Refer has not been made yet: make it and record its date here.';
  return null;
}
