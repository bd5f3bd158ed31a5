/** What every rule of one open episode reads, and how an item of the worklist is made from it. */
import { formatIsoDateLong } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';
import { type EpisodePhase } from '../episodes/phases.ts';
import { type SiteDefinition, type SitePolicy, type WorklistThresholds } from '../sites/policy.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import type { EpisodeCase, RecordedEpisodeEvent, Severity, WorklistItem, WorklistRule } from './types.ts';

/** The start of each day in England, as an instant; remembered, since every case asks about the same few days. */

const DAY_STARTS = new Map<string, number>();
export function startOfDay(iso: string): Date {
  let ms = DAY_STARTS.get(iso);
  if (ms === undefined) {
    ms = new Date(londonInstant(iso, '00:00')).getTime();
    if (DAY_STARTS.size > 5000) DAY_STARTS.clear();
    DAY_STARTS.set(iso, ms);
  }
  return new Date(ms);
}

export const long = formatIsoDateLong;
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface Context {
  c: EpisodeCase;
  site: SiteDefinition;
  policy: SitePolicy;
  t: WorklistThresholds;
  allSites: readonly SiteDefinition[];
  asOf: Date;
  today: string;
  phase: EpisodePhase;
  plan: ReleasePlan;
}

export function item(
  x: Context,
  rule: WorklistRule,
  severity: Severity,
  dueAt: Date,
  message: string,
  link: string,
  extra: Partial<WorklistItem> = {},
): WorklistItem {
  const { c } = x;
  return {
    rule,
    severity,
    message,
    link,
    dueAt,
    siteCode: c.siteCode,
    referralId: c.referralId,
    episodeId: c.episodeId,
    reference: c.reference,
    personName: c.personName,
    coWorkerIds: c.coWorkerIds,
    ...(c.leadWorkerId ? { leadWorkerId: c.leadWorkerId } : {}),
    ...extra,
  };
}

export const pages = (c: EpisodeCase) => ({
  episode: `/episodes/${c.episodeId}`,
  contact: `/episodes/${c.episodeId}#record-contact`,
  releasePlan: `/episodes/${c.episodeId}/release-plan`,
  handover: `/episodes/${c.episodeId}/handover`,
  plan: `/episodes/${c.episodeId}/plan`,
  referral: `/referrals/${c.referralId}`,
});

/** Events that have happened by `today`, in date order (same-day events in the order recorded). */
export function happened(events: readonly RecordedEpisodeEvent[], today: string): RecordedEpisodeEvent[] {
  return events
    .filter((e) => e.on <= today)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.recordedAt.getTime() - b.recordedAt.getTime()));
}
