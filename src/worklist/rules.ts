/**
 * The safety-net worklist (PRODUCT.md journey step 8: "a worklist computed from the state of each case,
 * never from memory"; API.md "The safety-net worklist"): a pure function of the state of every open
 * referral and episode and a time `asOf`. Nothing is stored as a flag that could go stale: fix the cause
 * and the item is gone from the next computation. A later `asOf` looks ahead ("what will be due next week").
 *
 * Items are those due by `asOf`, plus screening that falls due within `screeningDueSoonHours` (that rule
 * warns ahead by design), sorted by severity, then by when they fell due, oldest first.
 */
import { formatDateTime } from '../web/format.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import { thresholdsOf } from './thresholds.ts';
import { episodeItems } from './episodeRules.ts';
import {
  SEVERITIES,
  type BreakGlassCase,
  type ScreeningCase,
  type Severity,
  type ThresholdsFor,
  type WorklistItem,
  type WorklistState,
} from './types.ts';

const HOUR = 3_600_000;

/** PRODUCT.md step 2: screening within the site's deadline (48 hours for Enhanced RECONNECT, seed 001). */
function screeningItem(r: ScreeningCase, soonHours: number, asOf: Date): WorklistItem | undefined {
  if (r.paused) return undefined; // waiting for the referrer's answer: the clock is stopped
  const base = {
    siteCode: r.siteCode,
    referralId: r.referralId,
    reference: r.reference,
    personName: r.personName,
    link: `/referrals/${r.referralId}`,
    dueAt: r.screeningDueAt,
  };
  const due = formatDateTime(r.screeningDueAt);
  if (r.screeningDueAt <= asOf) {
    return {
      ...base,
      rule: 'screening_overdue',
      severity: 'high',
      message: `Screening was due by ${due}: screen it now (accept, decline, or ask the referrer for more information).`,
    };
  }
  if (r.screeningDueAt.getTime() - asOf.getTime() <= soonHours * HOUR) {
    return {
      ...base,
      rule: 'screening_due_soon',
      severity: 'medium',
      message: `Screening is due by ${due}: screen it, or ask the referrer for more information, which pauses the clock.`,
    };
  }
  return undefined;
}

const RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

export function byPriority(a: WorklistItem, b: WorklistItem): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    a.rule.localeCompare(b.rule) ||
    a.referralId.localeCompare(b.referralId)
  );
}

/** Two lists each in priority order as one, in the same order (a sort of both would compare every item again). */
export function mergeByPriority(a: readonly WorklistItem[], b: readonly WorklistItem[]): WorklistItem[] {
  const merged: WorklistItem[] = [];
  let i = 0;
  let j = 0;
  for (let x = a[0], y = b[0]; x !== undefined || y !== undefined; x = a[i], y = b[j]) {
    if (y === undefined || (x !== undefined && byPriority(x, y) <= 0)) {
      merged.push(x as WorklistItem);
      i += 1;
    } else {
      merged.push(y);
      j += 1;
    }
  }
  return merged;
}

/**
 * The first `n` items of `items` in the order a (stable) sort by byPriority gives, without sorting the rest: a
 * screen shows the most urgent hundred of thousands. Ties keep the order they came in, as the sort keeps them.
 */
export function firstByPriority(items: readonly WorklistItem[], n: number): WorklistItem[] {
  if (n <= 0) return [];
  if (n * 8 >= items.length) return [...items].sort(byPriority).slice(0, n);
  // A max-heap of the n most urgent so far (the least urgent of them on top), each with where it came in.
  type Entry = { item: WorklistItem; at: number };
  const heap: Entry[] = [];
  const get = (i: number) => heap[i] as Entry;
  const later = (a: Entry, b: Entry) => byPriority(a.item, b.item) || a.at - b.at;
  const swap = (i: number, j: number) => {
    const e = get(i);
    heap[i] = get(j);
    heap[j] = e;
  };
  const down = (from: number) => {
    for (let i = from; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && later(get(l), get(top)) > 0) top = l;
      if (r < heap.length && later(get(r), get(top)) > 0) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  items.forEach((item, at) => {
    const entry = { item, at };
    if (heap.length < n) {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0 && later(get(i), get((i - 1) >> 1)) > 0; i = (i - 1) >> 1)
        swap(i, (i - 1) >> 1);
    } else if (later(entry, get(0)) < 0) {
      heap[0] = entry;
      down(0);
    }
  });
  return heap.sort(later).map((e) => e.item);
}

/** Each site's thresholds at `asOf`, worked out once per site. */
function thresholdsBySite(
  byCode: Map<string, SiteDefinition>,
  asOf: Date,
  thresholdsFor?: ThresholdsFor,
): ThresholdsFor {
  const cache = new Map<string, ReturnType<ThresholdsFor>>();
  return (code: string) => {
    const known = cache.get(code);
    if (known) return known;
    const found = thresholdsFor ? thresholdsFor(code) : thresholdsOf(byCode.get(code), asOf);
    cache.set(code, found);
    return found;
  };
}

/** Every item of the state's open episodes, due by `asOf` or not yet. */
function* allEpisodeItems(
  state: WorklistState,
  byCode: Map<string, SiteDefinition>,
  t: ThresholdsFor,
  asOf: Date,
): Generator<WorklistItem> {
  for (const c of state.episodes) {
    const site = byCode.get(c.siteCode);
    if (site) yield* episodeItems(c, site, state.sites, t(c.siteCode), asOf);
  }
}

export function worklist(state: WorklistState, asOf: Date, thresholdsFor?: ThresholdsFor): WorklistItem[] {
  const byCode = new Map(state.sites.map((s) => [s.code, s]));
  return worklistWith(state, allEpisodeItems(state, byCode, thresholdsBySite(byCode, asOf, thresholdsFor), asOf), asOf);
}

/**
 * The worklist as `worklist` makes it, from the episodes' items already worked out (due by `asOf` or not yet,
 * as episodeItemsOf gives them for `asOf`'s day in England): the state's own episodes are not read.
 */
export function worklistWith(
  state: Omit<WorklistState, 'episodes'>,
  episodeItems: Iterable<WorklistItem>,
  asOf: Date,
): WorklistItem[] {
  return dueItemsWith(state, episodeItems, asOf).sort(byPriority);
}

/** worklistWith's items before they are put in order: screening, then the episodes', then break-glass reviews. */
export function dueItemsWith(
  state: Omit<WorklistState, 'episodes'>,
  episodeItems: Iterable<WorklistItem>,
  asOf: Date,
): WorklistItem[] {
  const byCode = new Map(state.sites.map((s) => [s.code, s]));
  const t = thresholdsBySite(byCode, asOf);
  const items: WorklistItem[] = [];
  for (const r of state.screening) {
    const found = screeningItem(r, t(r.siteCode).screeningDueSoonHours, asOf);
    if (found) items.push(found);
  }
  for (const i of episodeItems) if (i.dueAt <= asOf) items.push(i);
  for (const b of state.breakGlass ?? []) {
    const found = breakGlassItem(b, asOf);
    if (found) items.push(found);
  }
  return items;
}

/**
 * Every item of each episode, due by `asOf` or not yet. The episode rules read `asOf` only through England's
 * date (episodeRules.ts `today`, the policy in force, the teams covering a destination), so on one day the same
 * state gives the same items, and the worklist at any moment of it keeps those due by then: the answer for a day
 * can be kept for as long as the episode's state does not change (worklist/answers.ts).
 */
export function episodeItemsOf(state: WorklistState, asOf: Date): Map<string, WorklistItem[]> {
  const byCode = new Map(state.sites.map((s) => [s.code, s]));
  const t = thresholdsBySite(byCode, asOf);
  const found = new Map<string, WorklistItem[]>();
  for (const c of state.episodes) {
    const site = byCode.get(c.siteCode);
    found.set(c.episodeId, site ? [...episodeItems(c, site, state.sites, t(c.siteCode), asOf)] : []);
  }
  return found;
}

/**
 * Issue 14 ("Left from the first pass"): "unreviewed uses stay on the managers' worklist" from the moment
 * of use until a manager of the site has reviewed it (nothing is stored as a flag: the review is the fact).
 */
export function breakGlassItem(b: BreakGlassCase, asOf: Date): WorklistItem | undefined {
  if (b.usedAt > asOf) return undefined;
  return {
    rule: 'break_glass_unreviewed',
    severity: 'medium',
    message: `${b.usedByName} used emergency access to ${b.reference}: review whether it was appropriate.`,
    link: `/break-glass/reviews/${b.grantId}`,
    dueAt: b.usedAt,
    siteCode: b.siteCode,
    referralId: b.referralId,
    reference: b.reference,
    personName: b.personName,
  };
}

/** "My items": where the user is the lead worker, a co-worker, or owns the overdue action. */
export function isMine(item: WorklistItem, userId: string): boolean {
  if (item.rule === 'action_overdue' && item.ownerUserId) return item.ownerUserId === userId;
  return item.leadWorkerId === userId || (item.coWorkerIds ?? []).includes(userId);
}
