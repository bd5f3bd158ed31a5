// Rows of the chronology's union to entries in plain words (compact: one line; full: the notes, decisions and
// reasons beside it), and entries to the API's items and the page's rows.
import { formatIsoDateLong } from '../identifiers/dates.ts';
import { formatDate, formatDateTime } from '../web/format.ts';
import { NETWORK_ROLE_TEXT, lookup } from '../partners/rules.ts';
import { CONSENT_STATUS_TEXT, DIRECTION_TEXT, LAWFUL_BASIS_TEXT } from '../partners/sharingRules.ts';
import type { ConsentStatus, LawfulBasis, SharingDirection } from '../partners/sharingRules.ts';
import { MEETING_KIND_IN_SENTENCE, meetingTitle } from '../meetings/rules.ts';
import { contributionText, type Attendee, type TeamContribution } from '../meetings/presenter.ts';
import type { EntryRow, VisibleRecord } from './repository.ts';
import { KIND_TEXT, englandNoon, kindOf, recordedLater, type Entry } from './rules.ts';

type Data = Record<string, unknown>;
const s = (d: Data, key: string): string => {
  const v = d[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};
const long = (iso: string) => (iso ? formatIsoDateLong(iso) : '');
const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const words = (code: string) => code.replaceAll('_', ' ');

const CONTACT_TYPE: Record<string, string> = {
  in_prison: 'in prison',
  community: 'in the community',
  home_visit: 'home visit',
  phone: 'by phone',
  video: 'by video',
  professional: 'with professionals',
};
const OUTCOME: Record<string, string> = {
  attended: 'attended',
  did_not_attend: 'did not attend',
  cancelled: 'cancelled',
};
const HANDOVER_KIND: Record<string, string> = {
  transfer: 'transfer',
  step_up: 'step up to Enhanced RECONNECT',
  step_down: 'step down to RECONNECT',
  out_of_area: 'out-of-area release handover',
};

/** The one-line summary and the fuller lines of an entry, by what it is. */
function describe(
  row: EntryRow,
  org: string,
  teamName: (code: string) => string,
): { summary: string; detail: string[] } {
  const d = row.data;
  switch (row.src) {
    case 'timeline':
      return { summary: s(d, 'summary'), detail: [] };
    case 'contact': {
      const minutes = typeof d.durationMinutes === 'number' ? ` (${d.durationMinutes} minutes)` : '';
      const present = Array.isArray(d.present) && d.present.length ? [`Present: ${d.present.join('; ')}`] : [];
      return {
        summary: `Contact ${CONTACT_TYPE[s(d, 'type')] ?? words(s(d, 'type'))}: ${OUTCOME[s(d, 'outcome')] ?? s(d, 'outcome')}${minutes}`,
        detail: [s(d, 'notes'), ...present, s(d, 'cancelledReason') ? `Why cancelled: ${s(d, 'cancelledReason')}` : ''],
      };
    }
    case 'episode_event':
      if (row.event === 'release_date_set')
        return {
          summary: `Expected release date set to ${long(s(d, 'expectedReleaseDate'))}`,
          detail: [
            s(d, 'reason') ? `Why: ${s(d, 'reason')}` : s(d, 'source') === 'referral' ? 'From the referral' : '',
          ],
        };
      if (row.event === 'released') {
        const dest = d.destination as { localAuthority?: string; postcode?: string } | null | undefined;
        const to = dest?.localAuthority ? ` to ${dest.localAuthority}` : '';
        return { summary: `Released${s(d, 'from') ? ` from ${s(d, 'from')}` : ''}${to}`, detail: [] };
      }
      return { summary: 'Recalled to custody', detail: [s(d, 'reason') ? `Why: ${s(d, 'reason')}` : ''] };
    case 'assessment': {
      if (row.event === 'assessment.started') return { summary: `Assessment ${s(d, 'number')} started`, detail: [] };
      const levels = Object.entries((d.levels as Record<string, string | null> | undefined) ?? {});
      const at = (level: string) =>
        levels
          .filter(([, l]) => l === level)
          .map(([code]) => words(code))
          .join(', ');
      const needs = ['high', 'medium', 'low'].filter((l) => at(l)).map((l) => `${l} need: ${at(l)}`);
      return { summary: `Assessment ${s(d, 'number')} completed`, detail: needs.length ? [needs.join('; ')] : [] };
    }
    case 'formulation':
      return {
        summary: `Formulation ${s(d, 'number')} recorded${d.writtenWithPerson ? ' with the person' : ''}`,
        detail: [s(d, 'presenting') ? `Presenting: ${s(d, 'presenting')}` : ''],
      };
    case 'plan':
      if (row.event === 'plan.goal_added')
        return {
          summary: `Support plan goal: ${clip(s(d, 'description'))}`,
          detail: [`Need: ${words(s(d, 'needDomain'))}`, s(d, 'outcome') ? `Outcome: ${words(s(d, 'outcome'))}` : ''],
        };
      if (row.event === 'plan.action_added')
        return {
          summary: `Support plan action: ${clip(s(d, 'description'))}${s(d, 'dueOn') ? `, due ${long(s(d, 'dueOn'))}` : ''}`,
          detail: [`Status now: ${words(s(d, 'status'))}`, s(d, 'ownerAgency') ? `Owner: ${s(d, 'ownerAgency')}` : ''],
        };
      return {
        summary: `Support plan reviewed${d.withPerson ? ' with the person' : ''}`,
        detail: [s(d, 'notes'), s(d, 'nextReviewOn') ? `Next review ${long(s(d, 'nextReviewOn'))}` : ''],
      };
    case 'handover': {
      const kind = HANDOVER_KIND[s(d, 'kind')] ?? words(s(d, 'kind'));
      const to = teamName(s(d, 'toSite'));
      if (row.event === 'handover.requested')
        return { summary: `Handover asked of ${to}: ${kind}`, detail: [`Reason: ${s(d, 'reason')}`] };
      return { summary: `Handover (${kind}) ${s(d, 'status')} by ${to}`, detail: [s(d, 'note')] };
    }
    case 'meeting': {
      const title = meetingTitle({
        kind: s(d, 'kind'),
        mappaLevel: typeof d.mappaLevel === 'number' ? d.mappaLevel : null,
        mappaCategory: typeof d.mappaCategory === 'number' ? d.mappaCategory : null,
      });
      const attendees = (d.attendees as Attendee[] | null) ?? [];
      const list = (present: boolean) =>
        attendees
          .filter((a) => a.present === present)
          .map((a) => `${a.name} (${a.organisation})`)
          .join(', ');
      return {
        summary: `${title}: ${clip(s(d, 'summary'))}`,
        detail: [
          s(d, 'summary').length > 160 ? s(d, 'summary') : '',
          s(d, 'decisions') ? `Decisions: ${s(d, 'decisions')}` : '',
          list(true) ? `Present: ${list(true)}` : '',
          list(false) ? `Invited, not present: ${list(false)}` : '',
          d.teamContribution ? `The team: ${contributionText(d.teamContribution as TeamContribution)}` : '',
        ],
      };
    }
    case 'action': {
      if (row.event === 'action.agreed') {
        const from = lookup(MEETING_KIND_IN_SENTENCE, s(d, 'meetingKind')) ?? 'meeting';
        return {
          summary: `Action agreed at the ${from}: ${clip(s(d, 'description'))} (${s(d, 'ownerName')}, ${org}), due ${long(s(d, 'dueOn'))}`,
          detail: [`Status now: ${s(d, 'status')}`],
        };
      }
      const what = row.event === 'action.done' ? 'done' : 'cancelled';
      return {
        summary: `Action ${what}: ${clip(s(d, 'description'))} (${s(d, 'ownerName')}, ${org})`,
        detail: [s(d, 'note') ? `Note: ${s(d, 'note')}` : ''],
      };
    }
    case 'sharing': {
      const basis = s(d, 'lawfulBasis') as LawfulBasis | '';
      return {
        summary: `${DIRECTION_TEXT[s(d, 'direction') as SharingDirection]} ${org}: ${clip(s(d, 'what'))}`,
        detail: [
          basis ? `Lawful basis: ${LAWFUL_BASIS_TEXT[basis]}` : '',
          s(d, 'justification') ? `${basis ? 'Justification' : 'Why declined'}: ${s(d, 'justification')}` : '',
        ],
      };
    }
    case 'consent':
      return {
        summary: `${CONSENT_STATUS_TEXT[s(d, 'status') as ConsentStatus]} to share with ${org}`,
        detail: [s(d, 'scope') ? `Scope: ${s(d, 'scope')}` : ''],
      };
    case 'partner_note':
      return {
        summary: `${org}${s(d, 'author') ? ` (${s(d, 'author')})` : ''}: ${clip(s(d, 'text'))}`,
        detail: [s(d, 'text').length > 160 ? s(d, 'text') : ''],
      };
    default:
      return {
        summary: `${s(d, 'name')}, ${lookup(NETWORK_ROLE_TEXT, s(d, 'role')) ?? words(s(d, 'role'))} at ${org}, joined the network`,
        detail: [s(d, 'to') ? `Until ${long(s(d, 'to'))}` : ''],
      };
  }
}

/** A union row as an entry: placed where it happened (a date alone at midday in England), source named. */
export function toEntry(
  row: EntryRow,
  visible: ReadonlyMap<string, VisibleRecord>,
  teamName: (code: string) => string,
): Entry {
  const organisation = row.partner_name ?? row.organisation ?? (row.team ? teamName(row.team) : '');
  const source = {
    ...(row.team ? { team: row.team } : {}),
    ...(row.partner_id ? { partnerId: row.partner_id } : {}),
    organisation,
  };
  const recordedAt = new Date(row.recorded_ms);
  const occurredAt = row.occurred_on ? englandNoon(row.occurred_on) : new Date(row.occurred_ms ?? row.recorded_ms);
  const { summary, detail } = describe(row, organisation, teamName);
  return {
    id: `${row.src}:${row.row_id}`,
    occurredAt,
    dateOnly: row.occurred_on !== null,
    occurredOn: row.occurred_on,
    recordedAt,
    kind: kindOf(row.src, row.event),
    event: row.event,
    source,
    summary,
    detail: detail.filter(Boolean),
    referralId: row.referral_id,
    episodeId: row.episode_id,
    restricted: visible.get(row.referral_id)?.restricted ?? false,
    recordedBy: row.recorded_by_name,
  };
}

/** API.md: `{ occurredAt, recordedAt, kind, source: { team?, partnerId?, organisation }, summary, episodeId?, referralId? }`, and more. */
export function presentItem(e: Entry) {
  return {
    occurredAt: e.occurredAt.toISOString(),
    ...(e.occurredOn ? { occurredOn: e.occurredOn } : {}),
    recordedAt: e.recordedAt.toISOString(),
    kind: e.kind,
    event: e.event,
    source: e.source,
    summary: e.summary,
    detail: e.detail,
    ...(e.episodeId ? { episodeId: e.episodeId } : {}),
    referralId: e.referralId,
    restricted: e.restricted,
    recordedBy: e.recordedBy,
  };
}

/** A row of the page (and the print view and PDF). */
export function presentRow(e: Entry) {
  return {
    id: e.id,
    kind: e.kind,
    kindText: KIND_TEXT[e.kind],
    when: e.dateOnly ? formatDate(e.occurredAt) : formatDateTime(e.occurredAt),
    whenIso: e.occurredAt.toISOString(),
    recorded: formatDateTime(e.recordedAt),
    recordedLater: recordedLater(e),
    organisation: e.source.organisation,
    summary: e.summary,
    detail: e.detail,
    restricted: e.restricted,
    recordedBy: e.recordedBy,
  };
}
export type ChronologyRow = ReturnType<typeof presentRow>;
