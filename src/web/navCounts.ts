// Counts shown beside the navigation's links (the worklist's items, handovers waiting for an answer). A
// module registers a counter with `app.navCounters.push(...)`; they run for signed-in page views (GET)
// only, so a form post or an API call pays nothing for them.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';

export interface NavCounter {
  /** The key the layout reads: `navCounts.<name>`. */
  name: string;
  count(db: Queryable, viewer: Viewer, now: Date): Promise<number | undefined>;
}

export async function navCountsFor(
  counters: readonly NavCounter[],
  db: Queryable,
  viewer: Viewer,
  now: Date,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const counter of counters) {
    const n = await counter.count(db, viewer, now);
    if (n !== undefined) counts[counter.name] = n;
  }
  return counts;
}
