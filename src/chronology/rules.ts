// The pure rules of the one chronology (issue 11): what kind each entry is, the order ("in one order by when
// it happened, also showing when it was recorded (a partner's news recorded days later is placed where it
// happened)"), and the filters (agency, kind, date, a keyword search within it).
import { londonDate } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';

export const CHRONOLOGY_KINDS = [
  'referral',
  'screening',
  'consultation',
  'episode',
  'allocation',
  'assessment',
  'formulation',
  'plan',
  'release_plan',
  'release_date',
  'release',
  'recall',
  'contact',
  'handover',
  'meeting',
  'action',
  'sharing',
  'consent',
  'partner_note',
  'network',
  'other',
] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

export const KIND_TEXT: Record<ChronologyKind, string> = {
  referral: 'Referral',
  screening: 'Screening',
  consultation: 'Consultation',
  episode: 'Episode of care',
  allocation: 'Allocation',
  assessment: 'Assessment',
  formulation: 'Formulation',
  plan: 'Support plan',
  release_plan: 'Release plan',
  release_date: 'Release date',
  release: 'Release',
  recall: 'Recall',
  contact: 'Contact',
  handover: 'Handover',
  meeting: 'Meeting',
  action: 'Action',
  sharing: 'Information sharing',
  consent: 'Consent to share',
  partner_note: 'Partner note',
  network: 'Network',
  other: 'Other',
};

const SAME_NAME = new Set<string>([
  'assessment',
  'formulation',
  'plan',
  'contact',
  'handover',
  'meeting',
  'action',
  'sharing',
  'consent',
  'partner_note',
  'network',
]);
const EPISODE_EVENTS: Record<string, ChronologyKind> = {
  release_date_set: 'release_date',
  released: 'release',
  recalled: 'recall',
};
const TIMELINE_PREFIXES: Record<string, ChronologyKind> = {
  referral: 'referral',
  referral_restricted: 'referral',
  screening: 'screening',
  consultation: 'consultation',
  release_plan: 'release_plan',
};
const ALLOCATION = new Set(['episode.allocated', 'episode.co_worker_added', 'episode.co_worker_removed']);

/** The kind of an entry from the table it came from (`src`) and its event. */
export function kindOf(src: string, event: string): ChronologyKind {
  if (SAME_NAME.has(src)) return src as ChronologyKind;
  if (src === 'episode_event') return EPISODE_EVENTS[event] ?? 'episode';
  const prefix = event.split('.')[0] ?? '';
  if (prefix === 'episode') return ALLOCATION.has(event) ? 'allocation' : 'episode';
  return TIMELINE_PREFIXES[prefix] ?? 'other';
}

/**
 * England's calendar without Intl (a chronology places hundreds of entries per read, and Intl's time-zone
 * arithmetic costs about 15 µs a call). British Summer Time (Summer Time Order 2002) runs from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October; outside 1996-2099, where that rule
 * has not always held, the Intl answer is used.
 */
const summer = new Map<number, [number, number]>();
function summerTimeOf(year: number): [number, number] {
  let span = summer.get(year);
  if (!span) {
    const lastSunday = (month: number) => {
      const d = new Date(Date.UTC(year, month + 1, 0, 1));
      return d.getTime() - d.getUTCDay() * 86_400_000;
    };
    span = [lastSunday(2), lastSunday(9)];
    summer.set(year, span);
  }
  return span;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The date in England at an instant (as identifiers/dates.ts londonDate). */
export function englandDay(at: Date): string {
  const year = at.getUTCFullYear();
  if (year < 1996 || year > 2099) return londonDate(at);
  const [from, to] = summerTimeOf(year);
  const t = at.getTime();
  return iso(t >= from && t < to ? new Date(t + 3_600_000) : at);
}

/** Midday in England on a date: where an entry known only by its date is placed. */
export function englandNoon(day: string): Date {
  const noonUtc = Date.parse(`${day}T12:00:00Z`);
  const year = Number(day.slice(0, 4));
  if (year < 1996 || year > 2099) return new Date(londonInstant(day, '12:00'));
  const [from, to] = summerTimeOf(year);
  const summerNoon = noonUtc - 3_600_000;
  return new Date(summerNoon >= from && summerNoon < to ? summerNoon : noonUtc);
}

export interface Source {
  /** The team (site code) it came from, when it came from a team. */
  team?: string;
  /** The partner organisation it came from, when it is in the directory. */
  partnerId?: string;
  organisation: string;
}

export interface Entry {
  id: string;
  occurredAt: Date;
  /** Known only by its date (a meeting, a release, a review): shown without a time. */
  dateOnly: boolean;
  /** That date, when known only by it. */
  occurredOn: string | null;
  recordedAt: Date;
  kind: ChronologyKind;
  event: string;
  source: Source;
  summary: string;
  detail: string[];
  referralId: string;
  episodeId: string | null;
  /** From a need-to-know record: shown to those who may see it, and marked so. */
  restricted: boolean;
  recordedBy: string | null;
}

/** Oldest first by when it happened; then by when it was recorded; then by id, so the order is stable. */
export function byWhenItHappened(a: Entry, b: Entry): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    a.id.localeCompare(b.id)
  );
}

/** Recorded more than a day after it happened: the chronology says so beside it. */
export const recordedLater = (e: Pick<Entry, 'occurredAt' | 'recordedAt'>): boolean =>
  e.recordedAt.getTime() - e.occurredAt.getTime() > 86_400_000;

export interface ChronologyFilter {
  from?: string | undefined;
  to?: string | undefined;
  partnerId?: string | undefined;
  team?: string | undefined;
  kinds?: readonly ChronologyKind[] | undefined;
  q?: string | undefined;
}

/** Lower case, accents gone: "Wiśniewski" is found by "wisniewski". */
export const folded = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The entry passes every filter given: dates are England's, inclusive; every word of `q` must appear. */
export function matches(e: Entry, f: ChronologyFilter): boolean {
  if (f.from || f.to) {
    const on = e.occurredOn ?? englandDay(e.occurredAt);
    if (f.from && on < f.from) return false;
    if (f.to && on > f.to) return false;
  }
  if (f.partnerId && e.source.partnerId !== f.partnerId) return false;
  if (f.team && e.source.team !== f.team) return false;
  if (f.kinds?.length && !f.kinds.includes(e.kind)) return false;
  if (f.q) {
    const haystack = folded([e.summary, ...e.detail, e.source.organisation, e.recordedBy ?? ''].join(' \n '));
    if (
      !folded(f.q)
        .split(/\s+/)
        .filter(Boolean)
        .every((w) => haystack.includes(w))
    )
      return false;
  }
  return true;
}

/** The agencies an unfiltered chronology draws on, for the agency filter: teams first, then partners by name. */
export function agenciesOf(entries: readonly Entry[]): { value: string; text: string }[] {
  const teams = new Map<string, string>();
  const partnersSeen = new Map<string, string>();
  for (const e of entries) {
    if (e.source.partnerId) partnersSeen.set(e.source.partnerId, e.source.organisation);
    else if (e.source.team) teams.set(e.source.team, e.source.organisation);
  }
  const sorted = (m: Map<string, string>, prefix: string) =>
    [...m.entries()]
      .map(([id, text]) => ({ value: `${prefix}:${id}`, text }))
      .sort((a, b) => a.text.localeCompare(b.text));
  return [...sorted(teams, 'team'), ...sorted(partnersSeen, 'partner')];
}
