// The one statement the navigation's counts are read in (web/navCounts.ts): each counter's scalar subqueries
// as the columns of a single select, so a page pays one round trip for all of them, not one per link.
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';

const dialect = new PgDialect();

/** A scalar subquery a counter reads (a count, or what a count is computed from). */
export type NavCountQuery = SQL;

/**
 * The value of each query, in the order given; one statement, none for no queries. Every value is a parameter,
 * so viewers of the same shape (role, number of sites, the counters that apply) send the same text: it is a named
 * statement, parsed and planned once per connection on PostgreSQL (planning it took longer than running it).
 */
export async function readNavCountValues(db: Queryable, queries: readonly NavCountQuery[]): Promise<unknown[]> {
  if (!queries.length) return [];
  const columns = sql.join(
    queries.map((q, i) => sql`${q} as ${sql.identifier(`c${i}`)}`),
    sql`, `,
  );
  const query = dialect.sqlToQuery(sql`select ${columns}`);
  const name = `nav_counts_${createHash('sha1').update(query.sql).digest('hex').slice(0, 20)}`;
  const [row] = rowsOf<Record<string, unknown>>(
    await db._.session.prepareQuery(query, undefined, name, false).execute(),
  );
  return queries.map((_, i) => row?.[`c${i}`]);
}
