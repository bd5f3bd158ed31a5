// What other modules ask of handovers. The worklist's `out_of_area_no_handover` (issue 5) stays until a
// handover is accepted, so it needs each episode's live handover: a request still waiting, or an accepted one.
// Declined and withdrawn requests are history: the episode has no handover in hand.
import { and, desc, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { handovers } from '../db/schema.ts';
import type { HandoverKind, HandoverStatus } from './rules.ts';

export interface OpenHandover {
  status: Extract<HandoverStatus, 'requested' | 'accepted'>;
  toSite: string;
  kind: HandoverKind;
}

/**
 * Episode id → its live handover (accepted wins over requested; then the newest). The caller has already
 * decided which episodes the viewer may see: pass only those ids.
 */
export async function openHandoversFor(
  db: Queryable,
  episodeIds: readonly string[],
): Promise<Map<string, OpenHandover>> {
  const result = new Map<string, OpenHandover>();
  if (!episodeIds.length) return result;
  const rows = await db
    .select({
      episodeId: handovers.episodeId,
      status: handovers.status,
      toSite: handovers.toSiteCode,
      kind: handovers.kind,
    })
    .from(handovers)
    .where(and(inArray(handovers.episodeId, [...episodeIds]), inArray(handovers.status, ['requested', 'accepted'])))
    .orderBy(desc(handovers.requestedAt), desc(handovers.id));
  for (const row of rows) {
    const known = result.get(row.episodeId);
    if (known && (known.status === 'accepted' || row.status !== 'accepted')) continue;
    result.set(row.episodeId, {
      status: row.status as OpenHandover['status'],
      toSite: row.toSite,
      kind: row.kind as HandoverKind,
    });
  }
  return result;
}
