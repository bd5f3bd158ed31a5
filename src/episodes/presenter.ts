// Rows to what the API returns and the pages render (views never see raw rows): an episode in the API.md
// shape, its status and release in words, contacts in words, the timeline, and the episode pages' models.
// The closure page's model is in closurePresenter.ts.
import type { SiteDefinition } from '../sites/policy.ts';
import type { EpisodePhase } from './phases.ts';
import type { EpisodePageRow, EpisodeRow, RecordedEvent, TimelineItem } from './repository.ts';
import type { ContactRow, RecentContact } from './contactRepository.ts';
import { formatDateTime } from '../web/format.ts';
import { CLOSURE_REASON_TEXT } from './closureRules.ts';
import { CONSULTATION_ROLES, CONTACT_OUTCOMES, CONTACT_TYPES, consultationSchema, type ContactBody } from './schema.ts';
import type { ClosureReason } from './schema.ts';

export interface EpisodeView {
  id: string;
  referralId: string;
  personId: string;
  site: string;
  status: EpisodePhase['status'];
  leadWorkerId: string | null;
  expectedReleaseDate: string | null;
  releasedOn: string | null;
  preReleaseWindowOpensOn: string | null;
  supportEndsOn: string | null;
  supportEndsOnProjected: boolean;
  version: number;
  openedOn: string;
  lastReleasedOn: string | null;
  daysToRelease: number | null;
  daysSinceRelease: number | null;
  closedReason: string | null;
  closureSummary: string | null;
  consultation: unknown;
  warnings: string[];
  updatedAt: string;
}

export function presentEpisode(row: EpisodeRow, phase: EpisodePhase): EpisodeView {
  return {
    id: row.id,
    referralId: row.referralId,
    personId: row.personId,
    site: row.siteCode,
    status: phase.status,
    leadWorkerId: row.leadWorkerId,
    expectedReleaseDate: phase.expectedReleaseDate,
    releasedOn: phase.releasedOn,
    preReleaseWindowOpensOn: phase.preReleaseWindowOpensOn,
    supportEndsOn: phase.supportEndsOn,
    supportEndsOnProjected: phase.supportEndsOnProjected,
    version: row.version,
    openedOn: row.openedOn,
    lastReleasedOn: phase.lastReleasedOn,
    daysToRelease: phase.daysToRelease,
    daysSinceRelease: phase.daysSinceRelease,
    closedReason: row.closedReason,
    closureSummary: row.closureSummary,
    consultation: row.consultation ?? null,
    warnings: phase.warnings,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const STATUS_TEXT: Record<EpisodeView['status'], string> = {
  awaiting_window: 'Waiting for pre-release support',
  pre_release: 'Before release',
  post_release: 'After release',
  paused: 'Paused: back in custody',
  closed: 'Closed',
};

type ReleaseFacts = Pick<EpisodeView, 'status' | 'daysToRelease' | 'daysSinceRelease'>;

export function releaseText(v: ReleaseFacts): string {
  if (v.status === 'closed') return 'Closed';
  if (v.daysSinceRelease !== null && v.status === 'post_release')
    return v.daysSinceRelease === 0
      ? 'Released today'
      : `Released ${v.daysSinceRelease} day${v.daysSinceRelease === 1 ? '' : 's'} ago`;
  if (v.daysToRelease !== null) {
    if (v.daysToRelease === 0) return 'Release due today';
    return v.daysToRelease > 0
      ? `${v.daysToRelease} day${v.daysToRelease === 1 ? '' : 's'} to release`
      : `Release date passed ${-v.daysToRelease} days ago`;
  }
  return 'No release date';
}

/** An episode's phase as a list of cases shows it (the caseload): the status and release, in words too. */
export function presentPhaseSummary(phase: EpisodePhase) {
  return {
    status: phase.status,
    statusText: STATUS_TEXT[phase.status],
    releaseText: releaseText(phase),
    expectedReleaseDate: phase.expectedReleaseDate,
    releasedOn: phase.releasedOn,
    daysToRelease: phase.daysToRelease,
    daysSinceRelease: phase.daysSinceRelease,
  };
}
export type PhaseSummary = ReturnType<typeof presentPhaseSummary>;

// Contacts: a did-not-attend leads its summary so it stands out when reading down the timeline (issue
// "Episode lifecycle": did-not-attends must be visible).

export const CONTACT_TYPE_WORDS: Record<ContactBody['type'], string> = {
  in_prison: 'in prison',
  community: 'in the community',
  home_visit: 'home visit',
  phone: 'by phone',
  video: 'by video',
  professional: 'with a professional',
};

function presentOf(row: ContactRow): string[] {
  return Array.isArray(row.present) ? row.present.filter((p): p is string => typeof p === 'string') : [];
}

export function contactSummaryText(row: ContactRow): string {
  const type = CONTACT_TYPE_WORDS[row.type as ContactBody['type']] as string | undefined;
  const words = type ?? row.type;
  const present = presentOf(row);
  const with_ = present.length ? ` Present: ${present.join(', ')}.` : '';
  if (row.outcome === 'did_not_attend') return `Did not attend: contact ${words} was missed.${with_}`;
  if (row.outcome === 'cancelled')
    return `Contact ${words}: cancelled.${row.cancelledReason ? ` Reason: ${row.cancelledReason}` : ''}`;
  const minutes = row.durationMinutes ? `, ${row.durationMinutes} minutes` : '';
  return `Contact ${words}: attended${minutes}.${with_}`;
}

export function presentContact(row: ContactRow) {
  return {
    id: row.id,
    episodeId: row.episodeId,
    at: row.at.toISOString(),
    type: row.type,
    outcome: row.outcome,
    durationMinutes: row.durationMinutes,
    notes: row.notes,
    present: presentOf(row),
    cancelledReason: row.cancelledReason,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** How much of a note the contact list shows before it links to the contact's own page. */
export const NOTE_PREVIEW_LENGTH = 300;

/**
 * A contact's notes for the list (issue 10: "Show each contact's notes in the list ... a long note is
 * readable in full"): the whole note when short, else its opening words and a link to the contact's page.
 */
export function notePreview(notes: string | null): { text: string; truncated: boolean } | undefined {
  if (!notes) return undefined;
  if (notes.length <= NOTE_PREVIEW_LENGTH) return { text: notes, truncated: false };
  const cut = notes.slice(0, NOTE_PREVIEW_LENGTH);
  const atWord = cut.lastIndexOf(' ');
  return { text: `${(atWord > NOTE_PREVIEW_LENGTH / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`, truncated: true };
}

export const contactHref = (c: { id: string; episodeId: string }) => `/episodes/${c.episodeId}/contacts/${c.id}`;

/** The episode page's timeline: the API's entries, each contact's with its notes and a link to it. */
function presentPageTimeline(items: readonly TimelineItem[], order: 'oldest' | 'newest') {
  const shown = items.map((e) => ({
    at: e.at.toISOString(),
    kind: e.kind,
    summary: e.summary,
    by: e.actorName,
    notes: e.contact?.notes ?? undefined,
    contactHref: e.contact ? contactHref(e.contact) : undefined,
  }));
  return order === 'newest' ? shown.reverse() : shown;
}

/** A contact's own page: everything recorded about it, the notes in full. */
export function presentContactPage(
  contact: RecentContact,
  episode: { id: string; personName: string; reference: string },
) {
  return {
    pageTitle: `Contact on ${formatDateTime(contact.at)}: ${episode.personName}`,
    section: 'caseload',
    backHref: `/episodes/${episode.id}#recent-contacts`,
    person: { name: episode.personName, reference: episode.reference },
    episodeId: episode.id,
    contact: { ...presentContact(contact), by: contact.by ?? undefined },
  };
}

/** API.md: the chronology's entries, oldest first unless asked for newest first. */
export function presentTimeline(items: readonly TimelineItem[], order: 'oldest' | 'newest') {
  const shown = items.map((e) => ({
    at: e.at.toISOString(),
    kind: e.kind,
    summary: e.summary,
    referralId: e.referralId,
    by: e.actorName,
  }));
  return order === 'newest' ? shown.reverse() : shown;
}

/** Every expected release date recorded, oldest first, with who and why (issue "Release planning"). */
export function presentReleaseDateHistory(events: readonly RecordedEvent[]) {
  return events
    .filter((e) => e.kind === 'release_date_set')
    .map((e) => {
      const data = e.data as { expectedReleaseDate: string; reason?: string; source?: string };
      return {
        expectedReleaseDate: data.expectedReleaseDate,
        recordedOn: e.on,
        recordedAt: e.recordedAt.toISOString(),
        by: e.by,
        reason: data.reason ?? (data.source === 'referral' ? 'From the referral' : null),
      };
    });
}

export function closedReasonText(reason: string | null): string | undefined {
  if (!reason) return undefined;
  return (CLOSURE_REASON_TEXT as Partial<Record<string, string>>)[reason as ClosureReason] ?? reason;
}

/** What the viewer may do on the episode's pages (access/policies/episodes.ts), for the templates. */
export interface EpisodeAbilities {
  workOnEpisode: boolean;
  reopenEpisode: boolean;
  extendSupport: boolean;
}

export interface EpisodePageParts {
  view: EpisodeView;
  row: EpisodePageRow;
  site: SiteDefinition | undefined;
  abilities: EpisodeAbilities;
  order: 'oldest' | 'newest';
  today: string;
  readiness: { text: string } | undefined;
}

/** The episode page: the episode, its forms' choices, its latest contacts, its release dates and its one timeline. */
export function presentEpisodePage({ view, row, site, abilities, order, today, readiness }: EpisodePageParts) {
  const person = { reference: row.reference, name: row.personName };
  const consultation = consultationSchema.safeParse(view.consultation);
  return {
    pageTitle: `Episode of care: ${person.name}`,
    section: 'caseload',
    backHref: '/caseload',
    episode: view,
    person,
    statusText: STATUS_TEXT[view.status],
    releaseText: releaseText(view),
    closedReasonText: closedReasonText(view.closedReason),
    leadWorker: row.leadWorkerName ?? undefined,
    consultation: consultation.success ? consultation.data : undefined,
    siteName: site?.name ?? view.site,
    timeline: presentPageTimeline(row.timeline, order),
    order,
    // Not `abilities`: the layout's navigation reads that name (app.ts).
    allowed: abilities,
    today,
    contactTypes: CONTACT_TYPES,
    contactOutcomes: CONTACT_OUTCOMES,
    contacts: row.contacts.map((c) => ({
      ...presentContact(c),
      by: c.by ?? undefined,
      notePreview: notePreview(c.notes),
      href: contactHref(c),
    })),
    releaseDates: presentReleaseDateHistory(row.events),
    readiness,
  };
}
export type EpisodePage = ReturnType<typeof presentEpisodePage>;

const ROLE_TEXT: Record<(typeof CONSULTATION_ROLES)[number], string> = {
  com: 'Community offender manager (COM)',
  pom: 'Prison offender manager (POM)',
  practitioner: 'Enhanced RECONNECT practitioner',
  other: 'Other agency',
};

/** How many attendees the consultation form offers rows for. */
export const ATTENDEE_ROWS = 4;

export interface NewEpisodeParts<R> {
  referral: R & { id: string; site: string; status: string };
  enhanced: boolean;
  existingEpisodeId: string | undefined;
  staff: { id: string; name: string }[];
  viewerId: string;
}

/** Opening an episode from an accepted referral: the consultation form (Enhanced RECONNECT) or the lead worker. */
export function presentNewEpisodePage<R>({
  referral,
  enhanced,
  existingEpisodeId,
  staff,
  viewerId,
}: NewEpisodeParts<R>) {
  return {
    pageTitle: enhanced ? 'Record the consultation meeting' : 'Open an episode of care',
    section: 'caseload',
    backHref: `/referrals/${referral.id}`,
    referral,
    enhanced,
    existingEpisodeId,
    accepted: referral.status === 'accepted',
    rows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => i + 1),
    roles: CONSULTATION_ROLES.map((value) => ({ value, text: ROLE_TEXT[value] })),
    staff: staff.map((s) => ({ value: s.id, text: s.id === viewerId ? `${s.name} (you)` : s.name })),
  };
}
export type NewEpisodePage = ReturnType<typeof presentNewEpisodePage>;
