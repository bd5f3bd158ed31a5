// Meetings and actions as the API returns them and the pages (and the printed minutes) render them.
import { lookup } from '../partners/rules.ts';
import type { ActionRow, ActionWithContext, MeetingRow } from './repository.ts';
import {
  ACTION_STATUS_TEXT,
  MAPPA_CATEGORY_TEXT,
  MAPPA_LEVEL_TEXT,
  MEETING_KIND_TEXT,
  RISK_FORUMS,
  isOverdue,
  meetingTitle,
  type MeetingKind,
} from './rules.ts';

export interface Attendee {
  name: string;
  organisation: string;
  role?: string | undefined;
  present: boolean;
  partnerId?: string | undefined;
}
export interface TeamContribution {
  attended: boolean;
  informed: boolean;
  note?: string | undefined;
}

export function presentAction(a: ActionRow, names: ReadonlyMap<string, string>, asOf: Date) {
  return {
    id: a.id,
    meetingId: a.meetingId,
    episodeId: a.episodeId,
    description: a.description,
    ownerName: a.ownerName,
    ownerOrganisation: a.ownerOrganisation,
    ownerPartnerId: a.ownerPartnerId,
    ownerUserId: a.ownerUserId,
    ownedByTeam: a.ownerSiteCode !== null,
    dueOn: a.dueOn,
    status: a.status,
    statusText: lookup(ACTION_STATUS_TEXT, a.status) ?? a.status,
    overdue: isOverdue(a, asOf),
    closedNote: a.closedNote,
    closedBy: a.closedBy ? (names.get(a.closedBy) ?? null) : null,
    closedAt: a.closedAt?.toISOString() ?? null,
    version: a.version,
    updatedAt: a.updatedAt.toISOString(),
  };
}
export type ActionView = ReturnType<typeof presentAction>;

/** What the team contributed, in words ("Attended and sent information"). */
export function contributionText(c: TeamContribution | null): string {
  if (!c) return 'Not recorded';
  const did = [c.attended ? 'Attended' : '', c.informed ? (c.attended ? 'sent information' : 'Sent information') : '']
    .filter(Boolean)
    .join(' and ');
  return `${did || 'Neither attended nor sent information'}${c.note ? `: ${c.note}` : ''}`;
}

export function presentMeeting(
  m: MeetingRow,
  actions: readonly ActionRow[],
  names: ReadonlyMap<string, string>,
  partnerNames: ReadonlyMap<string, string>,
  asOf: Date,
) {
  const contribution = (m.teamContribution as TeamContribution | null) ?? null;
  return {
    id: m.id,
    episodeId: m.episodeId,
    kind: m.kind,
    kindText: lookup(MEETING_KIND_TEXT, m.kind) ?? m.kind,
    title: meetingTitle(m),
    riskForum: RISK_FORUMS.has(m.kind as MeetingKind),
    heldOn: m.heldOn,
    mappaLevel: m.mappaLevel,
    mappaLevelText: m.mappaLevel ? (MAPPA_LEVEL_TEXT[m.mappaLevel] ?? null) : null,
    mappaCategory: m.mappaCategory,
    mappaCategoryText: m.mappaCategory ? (MAPPA_CATEGORY_TEXT[m.mappaCategory] ?? null) : null,
    convenedBy: m.convenedByPartnerId
      ? { partnerId: m.convenedByPartnerId, organisation: partnerNames.get(m.convenedByPartnerId) ?? '' }
      : null,
    attendees: (m.attendees as Attendee[]).map((a) => ({
      name: a.name,
      organisation: a.organisation,
      role: a.role ?? null,
      present: a.present,
      partnerId: a.partnerId ?? null,
    })),
    summary: m.summary,
    decisions: m.decisions,
    teamContribution: contribution,
    teamContributionText: contributionText(contribution),
    recordedBy: names.get(m.recordedBy) ?? null,
    recordedAt: m.recordedAt.toISOString(),
    version: m.version,
    actions: actions.map((a) => presentAction(a, names, asOf)),
  };
}
export type MeetingView = ReturnType<typeof presentMeeting>;

/** An action on "my actions" or the episode's open actions, with where it came from. */
export function presentActionInContext(a: ActionWithContext, names: ReadonlyMap<string, string>, asOf: Date) {
  return {
    ...presentAction(a, names, asOf),
    meetingTitle: lookup(MEETING_KIND_TEXT, a.meetingKind) ?? a.meetingKind,
    heldOn: a.heldOn,
    personName: a.personName,
    reference: a.reference,
    siteCode: a.siteCode,
  };
}
