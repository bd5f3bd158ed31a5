/**
 * The safety net's rules about one open episode of care (PRODUCT.md journey step 8; issue "The
 * safety-net worklist"). Seed 002, the East of England case study, is why they exist: a man was released
 * from court, earlier than expected, to another area, with "no pre-release preparatory work in his area of
 * release", "no emergency or contingency planning", no housing, and "the correct community services and
 * local Probation team not informed". Each rule reads the state as it is: fix the cause and the item goes.
 *
 * Pure: `asOf` and the state are passed in. An item is returned with when it falls due; rules.ts keeps
 * those due by `asOf`.
 *
 * Decisions (the issue is silent on these):
 * - Days are England's calendar days; "by day 7" means by the end of the 7th day after release, so the item
 *   falls due at the start of day 8 (the release day is day 0). The same for the 21 days of the national
 *   measure, and for "within 2 working days" (working days: workingDays.ts).
 * - `release_date_changed` is raised by a release from court, a release before the expected date, or an
 *   expected date brought forward, and clears when the release plan is updated after it (the team has
 *   reviewed the plan for the new situation). Everything anchored on the release then falls due at once.
 * - The release plan's pre-release items come from releasePlanning/checklist.ts; the contingency plan has
 *   its own rule (`no_contingency_plan`), so `release_plan_incomplete` lists the others.
 * - "Closure plan": a review of the support plan recorded within the last `supportEndingDays` before
 *   support ends, where the team plans the ending with the person.
 * - Contact means a contact the person attended; a did-not-attend is an attempt, not contact.
 * - A recent leaver's episode (released before it opened) raises nothing about release timing.
 */
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { formatDateTime } from '../web/format.ts';
import { episodePhase } from '../episodes/phases.ts';
import { policyInForce, type SiteDefinition, type WorklistThresholds } from '../sites/policy.ts';
import { addWorkingDays } from './workingDays.ts';
import type { EpisodeCase, WorklistItem } from './types.ts';
import { item, long, pages, plural, startOfDay, type Context } from './episodeRuleContext.ts';
import { afterRelease, inCustody, releaseDateChanged } from './releaseTimingRules.ts';

/** The start of each day in England, as an instant; remembered, since every case asks about the same few days. */

function contact(x: Context, releasedOn: string | null): WorklistItem[] {
  const { c, t } = x;
  const last = c.lastAttendedContactAt;
  if (releasedOn !== null && x.phase.status === 'post_release' && !(last && last >= startOfDay(releasedOn))) {
    const by = addWorkingDays(releasedOn, t.contactAfterReleaseWorkingDays);
    return [
      item(
        x,
        'no_contact_after_release',
        'high',
        startOfDay(addDaysIso(by, 1)),
        `Released on ${long(releasedOn)} and no contact is recorded since: the team sees or speaks to them within ${plural(t.contactAfterReleaseWorkingDays, 'working day')} of release (by ${long(by)}). Contact them and record it.`,
        pages(c).contact,
      ),
    ];
  }
  const since = last ?? startOfDay(c.openedOn);
  const dueAt = new Date(since.getTime() + t.noContactDays * 86_400_000);
  const lastText = last
    ? `the last was on ${formatDateTime(last)}`
    : `none since the episode opened on ${long(c.openedOn)}`;
  return [
    item(
      x,
      'no_recent_contact',
      'medium',
      dueAt,
      `No contact for ${t.noContactDays} days or more (${lastText}): contact them and record it.`,
      pages(c).contact,
    ),
  ];
}

function consent(x: Context): WorklistItem[] {
  const { c, t } = x;
  const link = pages(c).referral;
  if (!c.consent?.date) {
    return [
      item(
        x,
        'consent_review_due',
        'low',
        startOfDay(c.openedOn),
        'No date of consent is recorded: ask them for their consent to the support and to sharing information, and record it.',
        link,
      ),
    ];
  }
  const due = addDaysIso(c.consent.date, t.consentReviewDays);
  return [
    item(
      x,
      'consent_review_due',
      'low',
      startOfDay(due),
      `Consent was recorded on ${long(c.consent.date)}, more than ${t.consentReviewDays} days ago: review it with them, including what may be shared and with whom, and record the review.`,
      link,
    ),
  ];
}

const OPEN_ACTION = new Set(['not_started', 'in_progress']);

function actions(x: Context): WorklistItem[] {
  return x.c.actions.flatMap((a) => {
    const { dueOn } = a;
    if (dueOn === null || !OPEN_ACTION.has(a.status)) return [];
    const what = a.description.length > 120 ? `${a.description.slice(0, 117)}…` : a.description;
    return [
      item(
        x,
        'action_overdue',
        'medium',
        startOfDay(addDaysIso(dueOn, 1)),
        `The action “${what}” was due on ${long(dueOn)} and is not done: do it, or agree a new date and update the plan.`,
        pages(x.c).plan,
        a.ownerUserId ? { ownerUserId: a.ownerUserId } : {},
      ),
    ];
  });
}

/** Every item of one episode, due or not yet due; none for a closed episode. */

export function episodeItems(
  c: EpisodeCase,
  site: SiteDefinition,
  allSites: readonly SiteDefinition[],
  t: WorklistThresholds,
  asOf: Date,
): WorklistItem[] {
  const policy = policyInForce(site, asOf) ?? site.policies.at(-1);
  if (!policy) return [];
  const today = londonDate(asOf);
  const phase = episodePhase(
    {
      openedOn: c.openedOn,
      events: c.events,
      preReleaseMonths: policy.preReleaseMonths,
      postReleaseMonths: policy.postReleaseMonths,
    },
    today,
  );
  if (phase.status === 'closed') return [];
  const x: Context = { c, site, policy, t, allSites, asOf, today, phase, plan: c.releasePlan?.plan ?? {} };
  const releasedOn = phase.status === 'post_release' ? phase.lastReleasedOn : null;
  return [
    ...releaseDateChanged(x),
    ...(releasedOn === null ? inCustody(x) : afterRelease(x, releasedOn)),
    ...(phase.status === 'awaiting_window' ? [] : contact(x, releasedOn)),
    ...consent(x),
    ...actions(x),
  ];
}
