// The one statement the navigation's counts are read in (web/navCounts.ts): each counter's scalar subqueries
// as the columns of a single select, so a page pays one round trip for all of them, not one per link.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';

/** A scalar subquery a counter reads (a count, or what a count is computed from). */
export type NavCountQuery = SQL;

/** The value of each query, in the order given; one statement, none for no queries. */
export async function readNavCountValues(db: Queryable, queries: readonly NavCountQuery[]): Promise<unknown[]> {
  if (!queries.length) return [];
  const columns = sql.join(
    queries.map((q, i) => sql`${q} as ${sql.identifier(`c${i}`)}`),
    sql`, `,
  );
  const [row] = rowsOf<Record<string, unknown>>(await db.execute(sql`select ${columns}`));
  return queries.map((_, i) => row?.[`c${i}`]);
}
