// The month-by-month figures of a report (issue 15 "Reports for commissioners and managers"), from plain facts
// about referrals and episodes. Pure: the service loads the facts and judges each episode's linkage with
// outcomes/rules.ts as of today; disclosure control is applied afterwards (disclosure.ts). These are the
// definitions: the database counts the same figures for the service (repository.ts `monthlyAggregates`), and
// monthly.property.test.ts proves the two equal.
//
// Definitions (each KPI a numerator over a denominator):
// - referrals received: by the month they were received; by source type.
// - accepted: referrals accepted at screening in the month.
// - screened within the site's target: of referrals decided in the month, those decided by their screening
//   deadline (`screening_due_at`, set from the site's screening hours).
// - open episodes: open at the end of the month (opened by then and not closed), by phase.
// - substance misuse within 21 days (PHOF C20), GP by day 7, settled accommodation on release: of people
//   released in the month (those needing substance misuse treatment for the first); a window still open and
//   not yet met is left out until it is known.
// - closure reasons: episodes closed in the month.
// - mean wellbeing change: SWEMWBS metric score, last minus first, for episodes with two or more whose last
//   measure was in the month.
import type { Linkage } from '../outcomes/rules.ts';

export interface ReferralFact {
  siteCode: string;
  restricted: boolean;
  sourceType: string;
  receivedOn: string;
  decision: string | null;
  decidedOn: string | null;
  decidedOnTime: boolean | null;
}

export interface EpisodeFact {
  siteCode: string;
  restricted: boolean;
  openedOn: string;
  events: { kind: string; on: string; reason?: string }[];
  releasedOn: string | null;
  linkage: Linkage;
  /** SWEMWBS metric scores, oldest first. */
  wellbeing: { on: string; metric: number }[];
}

export type Phase = 'pre_release' | 'post_release' | 'paused';
export const PHASES: readonly Phase[] = ['pre_release', 'post_release', 'paused'];

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface MonthFigures {
  month: string;
  referralsReceived: number;
  bySource: Record<string, number>;
  accepted: number;
  screenedOnTime: Fraction;
  openEpisodes: number;
  openByPhase: Record<Phase, number>;
  substanceMisuseWithin21Days: Fraction;
  gpRegisteredWithin7Days: Fraction;
  settledAccommodationOnRelease: Fraction;
  closureReasons: Record<string, number>;
  wellbeingChange: { episodes: number; total: number };
}

/** The months from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${String(y)}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Screened within the site's target: decided by the referral's screening deadline (`screening_due_at`). */
export const decidedOnTime = (decidedAt: Date, screeningDueAt: Date): boolean =>
  decidedAt.getTime() <= screeningDueAt.getTime();

const monthEnd = (month: string) => `${month}-31`;

/** Open at the end of the month, and its phase then; null when not open. */
export function phaseAt(e: Pick<EpisodeFact, 'openedOn' | 'events'>, month: string): Phase | null {
  const end = monthEnd(month);
  if (e.openedOn > end) return null;
  let closed = false;
  let released = false;
  let recalled = false;
  // ISO dates order as plain strings; a stable sort keeps one day's events in the order they were recorded.
  for (const ev of e.events.filter((x) => x.on <= end).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) {
    if (ev.kind === 'closed') closed = true;
    else if (ev.kind === 'reopened') closed = false;
    else if (ev.kind === 'released') {
      released = true;
      recalled = false;
    } else if (ev.kind === 'recalled') recalled = true;
  }
  if (closed) return null;
  if (recalled) return 'paused';
  return released ? 'post_release' : 'pre_release';
}

const bump = (r: Record<string, number>, k: string) => {
  r[k] = (r[k] ?? 0) + 1;
};

export function monthFigures(
  referrals: readonly ReferralFact[],
  episodes: readonly EpisodeFact[],
  month: string,
): MonthFigures {
  const inMonth = (d: string | null) => d !== null && d.startsWith(month);
  const received = referrals.filter((r) => inMonth(r.receivedOn));
  const bySource: Record<string, number> = {};
  for (const r of received) bump(bySource, r.sourceType);
  const decided = referrals.filter((r) => inMonth(r.decidedOn));
  const openByPhase: Record<Phase, number> = { pre_release: 0, post_release: 0, paused: 0 };
  for (const e of episodes) {
    const p = phaseAt(e, month);
    if (p) openByPhase[p] += 1;
  }
  const released = episodes.filter((e) => inMonth(e.releasedOn));
  const fraction = (rows: EpisodeFact[], judge: (e: EpisodeFact) => boolean | null): Fraction => {
    const known = rows.map(judge).filter((v): v is boolean => v !== null);
    return { numerator: known.filter(Boolean).length, denominator: known.length };
  };
  const closureReasons: Record<string, number> = {};
  for (const e of episodes)
    for (const ev of e.events) if (ev.kind === 'closed' && inMonth(ev.on)) bump(closureReasons, ev.reason ?? 'unknown');
  const changes = episodes
    .filter((e) => e.wellbeing.length >= 2 && inMonth(e.wellbeing[e.wellbeing.length - 1]?.on ?? null))
    .map((e) => (e.wellbeing[e.wellbeing.length - 1]?.metric ?? 0) - (e.wellbeing[0]?.metric ?? 0));
  return {
    month,
    referralsReceived: received.length,
    bySource,
    accepted: decided.filter((r) => r.decision === 'accept').length,
    screenedOnTime: {
      numerator: decided.filter((r) => r.decidedOnTime === true).length,
      denominator: decided.length,
    },
    openEpisodes: openByPhase.pre_release + openByPhase.post_release + openByPhase.paused,
    openByPhase,
    substanceMisuseWithin21Days: fraction(
      released.filter((e) => e.linkage.substanceMisuseEngaged.needed),
      (e) => e.linkage.substanceMisuseEngaged.within21Days,
    ),
    gpRegisteredWithin7Days: fraction(released, (e) => e.linkage.gpRegistered.within7Days),
    settledAccommodationOnRelease: fraction(released, (e) =>
      e.linkage.accommodation.onRelease === null ? null : e.linkage.accommodation.onRelease === 'settled',
    ),
    closureReasons,
    wellbeingChange: { episodes: changes.length, total: Math.round(changes.reduce((s, c) => s + c, 0) * 100) / 100 },
  };
}
