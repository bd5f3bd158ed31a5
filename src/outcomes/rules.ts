// Service linkage and engagement after release (issue 15 "Service linkage", "Engagement"): pure rules of the
// episode's facts and `today`, the same facts the safety-net worklist reads (the release plan, the episode's
// events, its contacts) plus what was recorded after release (`PUT /api/v1/episodes/{id}/outcomes`).
//
// Counted from the actual release date (the episode's first `released` event), never the expected one.
// - GP registered by day 7 (the worklist's `gpRegisteredByDay`): registered before release on the release
//   plan counts as registered by day 7; otherwise the date recorded after release, within 7 days of it.
// - Substance misuse: the national continuity-of-care measure (OHID Public Health Outcomes Framework C20,
//   "adults with substance misuse treatment need who successfully engage in community-based structured
//   treatment following release from prison", within 21 days of release; NDTMS). Only a recorded start of
//   treatment counts: an appointment booked or a referral sent is not engagement. Treatment started before
//   release (continuing care) counts as within 21 days.
// - Still inside a window and not yet linked: `null` (not known yet), not `false`.
import { addDaysIso, daysBetweenIso, londonDate } from '../identifiers/dates.ts';

export const GP_BY_DAY = 7;
export const SUBSTANCE_MISUSE_DAYS = 21;
export const ACCOMMODATION_STATUSES = ['settled', 'unsettled', 'none'] as const;
export type Accommodation = (typeof ACCOMMODATION_STATUSES)[number];

export interface LinkageFacts {
  /** The actual first release, or null while in custody. */
  releasedOn: string | null;
  recalled: boolean;
  plan: {
    gpRegistered?: boolean;
    substanceMisuseNeeded?: boolean;
    mentalHealthHandover?: { needed: boolean; done: boolean };
    accommodationOnRelease?: Accommodation;
  };
  /** The referral's criteria: substance misuse identified at referral, used until the plan says. */
  substanceMisuseAtReferral: boolean | null;
  recorded: {
    gpRegisteredOn: string | null;
    substanceMisuseEngagedOn: string | null;
    mentalHealthHandoverOn: string | null;
    accommodationNow: Accommodation | null;
  } | null;
  contacts: { on: string; outcome: 'attended' | 'did_not_attend' | 'cancelled' }[];
}

export interface Linkage {
  gpRegistered: {
    on: string | null;
    daysFromRelease: number | null;
    within7Days: boolean | null;
    beforeRelease: boolean;
  };
  substanceMisuseEngaged: {
    needed: boolean;
    on: string | null;
    daysFromRelease: number | null;
    within21Days: boolean | null;
  };
  mentalHealthHandover: { on: string | null; needed: boolean | null; done: boolean };
  accommodation: { onRelease: Accommodation | null; now: Accommodation | null };
}

export interface Engagement {
  attended: number;
  didNotAttend: number;
  cancelled: number;
  /** Days from release to the first attended contact on or after it; null before release or before any. */
  firstContactAfterReleaseDays: number | null;
}

const daysFrom = (releasedOn: string | null, on: string | null) =>
  releasedOn && on ? daysBetweenIso(releasedOn, on) : null;

/** Within the window (true), missed (false) or not known yet (null: no release yet, or the window is open). */
function withinWindow(releasedOn: string | null, on: string | null, days: number, today: string): boolean | null {
  if (!releasedOn) return on ? true : null;
  const by = addDaysIso(releasedOn, days);
  if (on) return on <= by;
  return today > by ? false : null;
}

export function linkageOf(f: LinkageFacts, today: string): Linkage {
  const r = f.recorded;
  const gpOn = r?.gpRegisteredOn ?? null;
  const gpBefore = f.plan.gpRegistered === true && (gpOn === null || (f.releasedOn !== null && gpOn <= f.releasedOn));
  const gpWithin = gpBefore ? true : withinWindow(f.releasedOn, gpOn, GP_BY_DAY, today);
  const needed = f.plan.substanceMisuseNeeded ?? f.substanceMisuseAtReferral ?? false;
  const smOn = r?.substanceMisuseEngagedOn ?? null;
  const smWithin = needed || smOn ? withinWindow(f.releasedOn, smOn, SUBSTANCE_MISUSE_DAYS, today) : null;
  const mhOn = r?.mentalHealthHandoverOn ?? null;
  const onRelease = f.plan.accommodationOnRelease ?? null;
  return {
    gpRegistered: {
      on: gpOn,
      daysFromRelease: daysFrom(f.releasedOn, gpOn),
      within7Days: gpWithin,
      beforeRelease: gpBefore,
    },
    substanceMisuseEngaged: {
      needed: needed || smOn !== null,
      on: smOn,
      daysFromRelease: daysFrom(f.releasedOn, smOn),
      within21Days: smWithin,
    },
    mentalHealthHandover: {
      on: mhOn,
      needed: f.plan.mentalHealthHandover?.needed ?? null,
      done: mhOn !== null || f.plan.mentalHealthHandover?.done === true,
    },
    accommodation: { onRelease, now: r?.accommodationNow ?? onRelease },
  };
}

/**
 * What engagement reads of an episode's contacts, counted against its release date: the extract tallies it in
 * SQL per episode (evaluation/repository.ts `contactTallies`), so years of contacts are never read one by one.
 */
export interface ContactTally {
  attended: number;
  didNotAttend: number;
  cancelled: number;
  /** The first attended contact's date on or after the release; null before release or before any. */
  firstAttendedFromRelease: string | null;
}

export function tallyContacts(contacts: LinkageFacts['contacts'], releasedOn: string | null): ContactTally {
  const count = (o: string) => contacts.filter((c) => c.outcome === o).length;
  const first = releasedOn
    ? contacts
        .filter((c) => c.outcome === 'attended' && c.on >= releasedOn)
        .map((c) => c.on)
        .sort()[0]
    : undefined;
  return {
    attended: count('attended'),
    didNotAttend: count('did_not_attend'),
    cancelled: count('cancelled'),
    firstAttendedFromRelease: first ?? null,
  };
}

export function engagementOfTally(t: ContactTally, releasedOn: string | null): Engagement {
  return {
    attended: t.attended,
    didNotAttend: t.didNotAttend,
    cancelled: t.cancelled,
    firstContactAfterReleaseDays: daysFrom(releasedOn, t.firstAttendedFromRelease),
  };
}

export function engagementOf(f: Pick<LinkageFacts, 'releasedOn' | 'contacts'>): Engagement {
  return engagementOfTally(tallyContacts(f.contacts, f.releasedOn), f.releasedOn);
}

/** A date recorded after release must not be in the future; the API refuses it (400 with its field). */
export function futureDateProblems(
  dates: Partial<Record<'gpRegisteredOn' | 'substanceMisuseEngagedOn' | 'mentalHealthHandoverOn', string | null>>,
  today: string,
): { field: string; message: string }[] {
  const fields = ['gpRegisteredOn', 'substanceMisuseEngagedOn', 'mentalHealthHandoverOn'] as const;
  return fields.flatMap((field) => {
    const on = dates[field];
    return on && on > today ? [{ field, message: 'Must be today or in the past: record a link once it is made' }] : [];
  });
}

type Plan = {
  gp?: { registered?: boolean };
  substanceMisuse?: { needed?: boolean };
  mentalHealthHandover?: { needed: boolean; done: boolean };
  accommodation?: { status?: Accommodation };
};

/** What linkage is read from, as stored: the release plan, the episode's events and contacts, the referral's details. */
export interface LinkageRows {
  plan: Record<string, unknown> | null;
  events: { kind: string; on: string }[];
  contacts: { at: Date; outcome: string }[];
  details: unknown;
}

/** The outcome record as stored (episode_outcomes). */
export interface RecordedOutcome {
  gpRegisteredOn: string | null;
  substanceMisuseEngagedOn: string | null;
  mentalHealthHandoverOn: string | null;
  accommodationNow: string | null;
}

/** The facts linkage is judged from, as the worklist reads them: release plan, events, contacts, referral. */
export function linkageFacts(rows: LinkageRows, recorded: RecordedOutcome | undefined): LinkageFacts {
  const plan = (rows.plan ?? {}) as Plan;
  const details = rows.details as { criteria?: { substanceMisuse?: unknown } } | null;
  const sm = details?.criteria?.substanceMisuse;
  return {
    releasedOn: rows.events.find((e) => e.kind === 'released')?.on ?? null,
    recalled: rows.events.some((e) => e.kind === 'recalled'),
    plan: {
      ...(plan.gp?.registered !== undefined ? { gpRegistered: plan.gp.registered } : {}),
      ...(plan.substanceMisuse?.needed !== undefined ? { substanceMisuseNeeded: plan.substanceMisuse.needed } : {}),
      ...(plan.mentalHealthHandover ? { mentalHealthHandover: plan.mentalHealthHandover } : {}),
      ...(plan.accommodation?.status ? { accommodationOnRelease: plan.accommodation.status } : {}),
    },
    substanceMisuseAtReferral: typeof sm === 'boolean' ? sm : null,
    recorded: recorded
      ? {
          gpRegisteredOn: recorded.gpRegisteredOn,
          substanceMisuseEngagedOn: recorded.substanceMisuseEngagedOn,
          mentalHealthHandoverOn: recorded.mentalHealthHandoverOn,
          accommodationNow: recorded.accommodationNow as Accommodation | null,
        }
      : null,
    contacts: rows.contacts.map((c) => ({
      on: londonDate(c.at),
      outcome: c.outcome as LinkageFacts['contacts'][number]['outcome'],
    })),
  };
}

/** End-of-service outcomes (issue 15: "goals achieved / partly / not feed the same outcome record"). */
export function goalOutcomesOf(goals: readonly { outcome: string | null }[]) {
  const count = (o: string | null) => goals.filter((g) => g.outcome === o).length;
  return {
    goals: goals.length,
    achieved: count('achieved'),
    partlyAchieved: count('partly_achieved'),
    notAchieved: count('not_achieved'),
    notRecorded: count(null),
  };
}
