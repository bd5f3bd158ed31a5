// The case study's missed opportunities (issue 15: "the worklist items that were raised and when they were
// cleared"): the safety net's own rules (worklist/episodeRules.ts) replayed day by day over the episode, so an
// item is shown from the day it fell due until the day it went. Pure: the episode's state and the days in.
//
// The record keeps the latest state of most things (the release plan, open actions), so the replay judges each
// day with what is known now, except contacts, which are taken as of each day (the latest attended by then).
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { episodeItems } from '../worklist/episodeRules.ts';
import { startOfDay } from '../worklist/episodeRuleContext.ts';
import { thresholdsOf } from '../worklist/thresholds.ts';
import { RULE_TITLES, type EpisodeCase } from '../worklist/types.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { MissedItem } from './draft.ts';

/** The longest span replayed: the longest support window (6 months before and 12 after release) with room. */
const MAX_DAYS = 800;

export interface ReplayInput {
  episode: EpisodeCase;
  site: SiteDefinition;
  allSites: readonly SiteDefinition[];
  /** Every attended contact, any order. */
  attendedContacts: readonly Date[];
  /** The last day replayed: today, or the day before the episode closed. */
  from: string;
  to: string;
  /** Set when the episode is closed: items still raised on its last day were open at closure. */
  closedOn: string | null;
}

export function replayWorklist(input: ReplayInput): MissedItem[] {
  const contacts = [...input.attendedContacts].sort((a, b) => a.getTime() - b.getTime());
  const open = new Map<string, MissedItem>();
  const done: MissedItem[] = [];
  let day = input.from;
  for (let n = 0; day <= input.to && n < MAX_DAYS; n++, day = addDaysIso(day, 1)) {
    const asOf = new Date(startOfDay(addDaysIso(day, 1)).getTime() - 1);
    const last = contacts.filter((c) => c <= asOf).at(-1) ?? null;
    const c = { ...input.episode, lastAttendedContactAt: last };
    const items = episodeItems(c, input.site, input.allSites, thresholdsOf(input.site, asOf), asOf).filter(
      (i) => i.dueAt <= asOf,
    );
    const seen = new Set<string>();
    for (const i of items) {
      const key = `${i.rule}:${i.actionId ?? ''}`;
      seen.add(key);
      if (!open.has(key)) {
        const due = londonDate(i.dueAt);
        open.set(key, {
          title: RULE_TITLES[i.rule],
          severity: i.severity,
          raisedOn: due < input.from ? input.from : due,
          clearedOn: null,
          openAtClosure: false,
        });
      }
    }
    for (const [key, item] of open)
      if (!seen.has(key)) {
        done.push({ ...item, clearedOn: day });
        open.delete(key);
      }
  }
  for (const item of open.values()) done.push({ ...item, openAtClosure: input.closedOn !== null });
  return done.sort((a, b) =>
    a.raisedOn < b.raisedOn ? -1 : a.raisedOn > b.raisedOn ? 1 : a.title.localeCompare(b.title),
  );
}
