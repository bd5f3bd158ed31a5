/**
 * The safety net's rules about release timing and where the person goes (seed 002: "no pre-release
 * preparatory work in his area of release", "no emergency or contingency planning", no housing). See
 * episodeRules.ts for the decisions they share.
 */
import { addDaysIso, daysBetweenIso } from '../identifiers/dates.ts';
import {
  checklist,
  contingencyRequired,
  missingItems,
  type ChecklistItem,
  type ReleaseTiming,
} from '../releasePlanning/checklist.ts';
import { destinationCoverage } from '../releasePlanning/coverage.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import type { RecordedEpisodeEvent, Severity, WorklistItem } from './types.ts';
import { happened, item, long, pages, plural, startOfDay, type Context } from './episodeRuleContext.ts';

/** The latest unplanned change to the release: from court, earlier than expected, or a date brought forward. */
function latestReleaseChange(x: Context): { event: RecordedEpisodeEvent; text: string } | undefined {
  let expected: string | null = null;
  let latest: { event: RecordedEpisodeEvent; text: string } | undefined;
  for (const e of happened(x.c.events, x.today)) {
    if (e.kind === 'release_date_set') {
      if (expected !== null && e.expectedReleaseDate < expected) {
        latest = {
          event: e,
          text: `The expected release date was brought forward from ${long(expected)} to ${long(e.expectedReleaseDate)}`,
        };
      }
      expected = e.expectedReleaseDate;
    } else if (e.kind === 'released') {
      const early = expected !== null && e.on < expected;
      if (e.on >= x.c.openedOn && (e.from === 'court' || early)) {
        const from = e.from === 'court' ? ' from court' : '';
        const when =
          early && expected !== null
            ? `, ${plural(daysBetweenIso(e.on, expected), 'day')} before the expected date (${long(expected)})`
            : '';
        latest = { event: e, text: `Released${from} on ${long(e.on)}${when}` };
      }
      expected = null;
    } else if (e.kind === 'recalled') {
      expected = null;
    }
  }
  return latest;
}

export function releaseDateChanged(x: Context): WorklistItem[] {
  const change = latestReleaseChange(x);
  if (!change) return [];
  if (x.c.releasePlan && x.c.releasePlan.updatedAt > change.event.recordedAt) return [];
  return [
    item(
      x,
      'release_date_changed',
      'high',
      change.event.recordedAt,
      `${change.text}. Everything planned for the release is due now: review the release plan and the other items for this person, tell the services involved, and update the plan for where they are now.`,
      pages(x.c).releasePlan,
    ),
  ];
}

/** Where they are going: the actual release's destination, else the plan's. */
function destination(x: Context): ReleasePlan['destination'] {
  const released = happened(x.c.events, x.today)
    .filter((e) => e.kind === 'released')
    .at(-1);
  return released?.destination ?? x.plan.destination;
}

function outOfArea(x: Context, dueAt: Date, severity: Severity): WorklistItem[] {
  const dest = destination(x);
  const coverage = destinationCoverage(dest, x.site, x.allSites, x.asOf);
  const area = dest?.localAuthority ?? '';
  const link = pages(x.c).handover;
  if (coverage.kind === 'covered_by') {
    const codes = new Set(coverage.sites.map((s) => s.code));
    const toCovering = x.c.handovers.filter(
      (h) => codes.has(h.toSiteCode) && (h.kind === 'out_of_area' || h.kind === 'transfer'),
    );
    if (toCovering.some((h) => h.status === 'accepted')) return [];
    const names = coverage.sites.map((s) => s.name).join(' or ');
    const waiting = toCovering.some((h) => h.status === 'requested');
    return [
      item(
        x,
        'out_of_area_no_handover',
        severity,
        dueAt,
        waiting
          ? `They are going to ${area}, outside this team’s area. A handover to ${names} has been requested but not yet accepted: contact them to agree it.`
          : `They are going to ${area}, outside this team’s area, and there is no handover: hand over to ${names}, which covers ${area}.`,
        link,
      ),
    ];
  }
  if (coverage.kind === 'no_site') {
    if (x.plan.communityServicesInformed === true) return [];
    return [
      item(
        x,
        'out_of_area_no_handover',
        severity,
        dueAt,
        `They are going to ${area}, outside this team’s area, and no RECONNECT team covers it: contact the local community services there (GP, mental health, substance misuse, housing) and the local probation team, then record on the release plan that community services are informed.`,
        pages(x.c).releasePlan,
      ),
    ];
  }
  return [];
}

function accommodation(x: Context, dueAt: Date, released: boolean): WorklistItem[] {
  const a = x.plan.accommodation;
  if (a?.status === 'settled') return [];
  if (!released && !a) return []; // before release, an unrecorded address is on the checklist
  const what = !a
    ? 'No accommodation is recorded'
    : a.status === 'none'
      ? 'They have no accommodation'
      : 'Their accommodation is not settled';
  const when = released ? 'since release' : 'for release';
  const duty = a?.dutyToReferDate
    ? `The Duty to Refer was made on ${long(a.dutyToReferDate)}: follow it up with the housing team, and check the place is safe and suitable.`
    : 'Make the Duty to Refer to the local authority’s housing team, and record it on the release plan.';
  return [
    item(
      x,
      'accommodation_unsettled',
      released && !a?.dutyToReferDate ? 'high' : 'medium',
      dueAt,
      `${what} ${when}. ${duty}`,
      pages(x.c).releasePlan,
    ),
  ];
}

export function inCustody(x: Context): WorklistItem[] {
  const items: WorklistItem[] = [];
  const expected = x.phase.daysToRelease !== null ? x.phase.expectedReleaseDate : null;
  const timing: ReleaseTiming = { expectedReleaseDate: expected, releasedOn: null, today: x.today };
  const judged: ChecklistItem[] = checklist(x.plan, x.policy, timing);
  const link = pages(x.c).releasePlan;
  const contingency = judged.find((i) => i.code === 'contingency_plan');
  const unplanned = contingencyRequired(x.plan, timing);
  // Issue 10: "flag its absence on the worklist (`no_contingency_plan`) in the last weeks before release";
  // at once when release may come without warning.
  const lastWeeks = expected !== null && daysBetweenIso(x.today, expected) <= x.t.releasePlanDays;
  if (contingency?.required && contingency.status === 'not_done' && !unplanned && lastWeeks) {
    items.push(
      item(
        x,
        'no_contingency_plan',
        'medium',
        startOfDay(addDaysIso(expected, -x.t.releasePlanDays)),
        `Release is due on ${long(expected)} and there is no contingency plan: write down what happens if they are released early or unplanned, from court or prison: who is told, where they go, who meets them.`,
        link,
      ),
    );
  }
  if (contingency?.required && contingency.status === 'not_done' && unplanned) {
    const why =
      expected === null
        ? 'there is no expected release date'
        : x.plan.releaseType === 'release_from_court'
          ? 'release could come from court'
          : 'the release date is uncertain';
    items.push(
      item(
        x,
        'no_contingency_plan',
        'high',
        startOfDay(x.c.openedOn),
        `Release could come without warning (${why}) and there is no contingency plan: write down what happens if they are released unplanned or early, from court or prison: who is told, where they go, who meets them.`,
        link,
      ),
    );
  }
  if (expected === null) return items;
  const horizon = startOfDay(addDaysIso(expected, -x.t.releasePlanDays));
  const days = daysBetweenIso(x.today, expected);
  const missing = missingItems(judged).filter((i) => i.code !== 'contingency_plan');
  if (missing.length) {
    const when =
      days > 0 ? `in ${plural(days, 'day')}` : days === 0 ? 'today' : `and the date passed ${plural(-days, 'day')} ago`;
    items.push(
      item(
        x,
        'release_plan_incomplete',
        'high',
        horizon,
        `Release is expected on ${long(expected)} (${when}) and the release plan is not complete. Still to do: ${missing.map((i) => i.label.toLowerCase()).join('; ')}.`,
        link,
      ),
    );
  }
  items.push(...accommodation(x, horizon, false), ...outOfArea(x, horizon, 'medium'));
  return items;
}

export function afterRelease(x: Context, releasedOn: string): WorklistItem[] {
  const { c, t, plan } = x;
  const items: WorklistItem[] = [];
  const releaseStart = startOfDay(releasedOn);
  const link = pages(c).releasePlan;
  const gpBy = addDaysIso(releasedOn, t.gpRegisteredByDay);
  if (plan.gp?.registered !== true && !c.linksMade?.gpRegisteredOn) {
    const near = destination(x)?.localAuthority;
    items.push(
      item(
        x,
        'gp_not_registered',
        'high',
        startOfDay(addDaysIso(gpBy, 1)),
        `Released on ${long(releasedOn)} and not registered with a GP by day ${t.gpRegisteredByDay} (${long(gpBy)}): help them register with a practice${near ? ` in ${near}` : ''}, and record it on the release plan.`,
        link,
      ),
    );
  }
  const substanceBy = addDaysIso(releasedOn, t.substanceMisuseDays);
  const needed = plan.substanceMisuse?.needed ?? c.substanceMisuseNeed ?? false;
  const appointment = plan.substanceMisuse?.appointmentDate;
  // Treatment recorded as started after release (outcomes) is the link made, whenever it began.
  if (needed && !c.linksMade?.substanceMisuseEngagedOn && (!appointment || appointment > substanceBy)) {
    const found = plan.substanceMisuse
      ? 'Substance misuse treatment is needed'
      : 'Substance misuse was identified at referral';
    const booked = appointment
      ? `the appointment recorded is on ${long(appointment)}, later than`
      : 'no community appointment is recorded by';
    items.push(
      item(
        x,
        'substance_misuse_link_missing',
        'high',
        startOfDay(addDaysIso(substanceBy, 1)),
        `${found} and ${booked} day ${t.substanceMisuseDays} (${long(substanceBy)}): the national measure is engagement with treatment within ${t.substanceMisuseDays} days of release. Link them with the local service and record the appointment on the release plan.`,
        link,
      ),
    );
  }
  items.push(...accommodation(x, releaseStart, true), ...outOfArea(x, releaseStart, 'high'));
  const end = x.phase.supportEndsOn;
  if (end !== null) {
    const from = addDaysIso(end, -t.supportEndingDays);
    if (!(c.lastPlanReviewOn !== null && c.lastPlanReviewOn >= from)) {
      const ended = end < x.today;
      items.push(
        item(
          x,
          'support_ending',
          'medium',
          startOfDay(from),
          ended
            ? `Support ended on ${long(end)}: close the episode with an end-of-service summary, or ask a manager to extend it.`
            : `Support ends on ${long(end)} and the ending has not been planned: review the support plan with them, agree who carries on with each goal, and record the review.`,
          ended ? pages(c).episode : pages(c).plan,
        ),
      );
    }
  }
  return items;
}
