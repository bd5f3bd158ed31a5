// The pure rules of meetings, risk forums and their actions (issue 11). No I/O; `asOf` is passed in.
//
// Sources:
// - Seed 002: "RECONNECT convened an MDT meeting a few days after receiving their referral"; "Early
//   professionals' meetings and strategic planning – particularly for 'time served' prisons or those with
//   complex needs". Seed 001: the team will "inform and/or attend risk forums (MAPPA, MARAC, Channel Panel)".
// - MAPPA Guidance (Ministry of Justice and HMPPS): three levels of management (1 ordinary agency
//   management, 2 and 3 active multi-agency management, 3 with senior oversight) and four categories
//   (1 registered sexual offenders, 2 violent offenders, 3 other dangerous offenders, 4 terrorist and
//   terrorist-risk offenders, added by the Counter-Terrorism and Sentencing Act 2021).
import { addDaysIso, formatIsoDateLong } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';
import { lookup } from '../partners/rules.ts';

export const MEETING_KINDS = [
  'professionals',
  'mdt',
  'mappa',
  'marac',
  'channel_panel',
  'consultation_review',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_TEXT: Record<MeetingKind, string> = {
  professionals: 'Professionals’ meeting',
  mdt: 'Multidisciplinary team (MDT) meeting',
  mappa: 'MAPPA meeting',
  marac: 'MARAC (multi-agency risk assessment conference)',
  channel_panel: 'Channel Panel',
  consultation_review: 'Consultation review',
};

/** The kind as it reads inside a sentence ("the action from the MDT meeting on ..."). */
export const MEETING_KIND_IN_SENTENCE: Record<MeetingKind, string> = {
  professionals: 'professionals’ meeting',
  mdt: 'MDT meeting',
  mappa: 'MAPPA meeting',
  marac: 'MARAC',
  channel_panel: 'Channel Panel',
  consultation_review: 'consultation review',
};

/** The risk forums of seed 001: they manage a risk of serious harm to others. */
export const RISK_FORUMS: ReadonlySet<MeetingKind> = new Set(['mappa', 'marac', 'channel_panel']);

export const MAPPA_LEVEL_TEXT: Record<number, string> = {
  1: 'Level 1: ordinary agency management',
  2: 'Level 2: active multi-agency management',
  3: 'Level 3: active multi-agency management with senior oversight',
};
export const MAPPA_CATEGORY_TEXT: Record<number, string> = {
  1: 'Category 1: registered sexual offender',
  2: 'Category 2: violent offender',
  3: 'Category 3: other dangerous offender',
  4: 'Category 4: terrorist or terrorist-risk offender',
};

/** "MAPPA meeting, level 2, category 1". */
export function meetingTitle(m: { kind: string; mappaLevel: number | null; mappaCategory: number | null }): string {
  const kind = lookup(MEETING_KIND_TEXT, m.kind) ?? m.kind;
  if (m.kind !== 'mappa') return kind;
  return [kind, m.mappaLevel ? `level ${m.mappaLevel}` : '', m.mappaCategory ? `category ${m.mappaCategory}` : '']
    .filter(Boolean)
    .join(', ');
}

/** Where MAPPA's level and category are missing or given where they mean nothing: field → message. */
export function mappaProblems(m: {
  kind: string;
  mappaLevel?: number | undefined;
  mappaCategory?: number | undefined;
}): { field: 'mappaLevel' | 'mappaCategory'; message: string }[] {
  if (m.kind === 'mappa') {
    return [
      ...(m.mappaLevel === undefined
        ? [{ field: 'mappaLevel' as const, message: 'Choose the MAPPA level (1, 2 or 3)' }]
        : []),
      ...(m.mappaCategory === undefined
        ? [{ field: 'mappaCategory' as const, message: 'Choose the MAPPA category (1, 2, 3 or 4)' }]
        : []),
    ];
  }
  return [
    ...(m.mappaLevel !== undefined
      ? [{ field: 'mappaLevel' as const, message: 'Only a MAPPA meeting has a level' }]
      : []),
    ...(m.mappaCategory !== undefined
      ? [{ field: 'mappaCategory' as const, message: 'Only a MAPPA meeting has a category' }]
      : []),
  ];
}

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_TEXT: Record<ActionStatus, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

/** Closing an action takes a note (issue 11): what was done, or why it will not be. */
export function closingNoteProblem(status: ActionStatus, note: string | undefined): string | undefined {
  if (status === 'open' || note) return undefined;
  return status === 'done' ? 'Say what was done' : 'Say why the action is cancelled';
}

/** Each due date's moment, kept (bounded): the worklist works out every open action's on every request. */
const OVERDUE_FROM_MS = new Map<string, number>();

/** The moment an action falls overdue: the start of the day after it was due, in England. */
export function overdueFrom(dueOn: string): Date {
  let ms = OVERDUE_FROM_MS.get(dueOn);
  if (ms === undefined) {
    ms = Date.parse(londonInstant(addDaysIso(dueOn, 1), '00:00'));
    if (OVERDUE_FROM_MS.size >= 10_000) OVERDUE_FROM_MS.clear();
    OVERDUE_FROM_MS.set(dueOn, ms);
  }
  return new Date(ms);
}

/** API.md: "An open action past its `dueOn`" (due on a day means done by the end of it). */
export function isOverdue(action: { status: string; dueOn: string }, asOf: Date): boolean {
  return action.status === 'open' && overdueFrom(action.dueOn).getTime() <= asOf.getTime();
}

export interface OpenAction {
  id: string;
  description: string;
  dueOn: string;
  status: string;
  ownerName: string;
  ownerOrganisation: string;
  ownerUserId: string | null;
  meetingKind: string;
  heldOn: string;
  episodeId: string;
  referralId: string;
  reference: string;
  personName: string;
  siteCode: string;
  leadWorkerId: string | null;
}

/** An item of the safety-net worklist (API.md `action_overdue`), shaped as worklist/types.ts WorklistItem. */
export interface OverdueActionItem {
  rule: 'action_overdue';
  severity: 'high' | 'medium';
  message: string;
  link: string;
  dueAt: Date;
  siteCode: string;
  referralId: string;
  episodeId: string;
  actionId: string;
  reference: string;
  personName: string;
  leadWorkerId?: string;
  ownerUserId?: string;
}

/**
 * An overdue action as a worklist item, or undefined when it is not overdue. A risk forum's action is high:
 * it is part of managing a risk of serious harm, and left undone the risk is unmanaged; any other meeting's is
 * medium, as the support plan's overdue actions are (worklist/episodeRules.ts).
 */
export function overdueItem(a: OpenAction, asOf: Date): OverdueActionItem | undefined {
  if (!isOverdue(a, asOf)) return undefined;
  const what = a.description.length > 120 ? `${a.description.slice(0, 117)}…` : a.description;
  const forum = RISK_FORUMS.has(a.meetingKind as MeetingKind);
  const meeting = lookup(MEETING_KIND_IN_SENTENCE, a.meetingKind) ?? 'meeting';
  return {
    rule: 'action_overdue',
    severity: forum ? 'high' : 'medium',
    message: `The action “${what}” from the ${meeting} on ${formatIsoDateLong(a.heldOn)} was due on ${formatIsoDateLong(a.dueOn)} (${a.ownerName}, ${a.ownerOrganisation}) and is not done: chase it, or close it with a note.`,
    link: `/actions/${a.id}`,
    dueAt: overdueFrom(a.dueOn),
    siteCode: a.siteCode,
    referralId: a.referralId,
    episodeId: a.episodeId,
    actionId: a.id,
    reference: a.reference,
    personName: a.personName,
    ...(a.leadWorkerId ? { leadWorkerId: a.leadWorkerId } : {}),
    ...(a.ownerUserId ? { ownerUserId: a.ownerUserId } : {}),
  };
}

/** Overdue items, oldest due first (then by action id, so the order is stable). */
export function overdueItems(actions: readonly OpenAction[], asOf: Date): OverdueActionItem[] {
  return actions
    .map((a) => overdueItem(a, asOf))
    .filter((i): i is OverdueActionItem => i !== undefined)
    .sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime() || x.actionId.localeCompare(y.actionId));
}
