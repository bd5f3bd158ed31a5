// A contact in words for the timeline, and in the API's shape. A did-not-attend leads its summary so it
// stands out when reading down the timeline (issue "Episode lifecycle": did-not-attends must be visible).
import type { ContactRow } from './contactQueries.ts';
import type { ContactBody } from './schema.ts';

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
  const type = CONTACT_TYPE_WORDS[row.type as ContactBody['type']] ?? row.type;
  const present = presentOf(row);
  const with_ = present.length ? ` Present: ${present.join(', ')}.` : '';
  if (row.outcome === 'did_not_attend') return `Did not attend: contact ${type} was missed.${with_}`;
  if (row.outcome === 'cancelled')
    return `Contact ${type}: cancelled.${row.cancelledReason ? ` Reason: ${row.cancelledReason}` : ''}`;
  const minutes = row.durationMinutes ? `, ${row.durationMinutes} minutes` : '';
  return `Contact ${type}: attended${minutes}.${with_}`;
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
