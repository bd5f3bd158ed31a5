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

/** A counter that applies and how many of the statement's columns are its own, in order. */
export interface Columns {
  name: string;
  size: number;
}

/** The one select of every counter's subqueries, as text and parameters (kept by navStatement.ts). */
export interface NavStatement {
  sql: string;
  params: unknown[];
  columns: readonly Columns[];
}

/** The statement of these counters' subqueries, each a column (`c0`, `c1`, …) in order. */
export function buildNavStatement(asked: readonly { name: string; queries: readonly NavCountQuery[] }[]): NavStatement {
  const columns = asked.flatMap((a) => a.queries).map((q, i) => sql`${q} as ${sql.identifier(`c${i}`)}`);
  const query = columns.length
    ? dialect.sqlToQuery(sql`select ${sql.join(columns, sql`, `)}`)
    : { sql: '', params: [] };
  return {
    sql: query.sql,
    params: query.params,
    columns: asked.map((a) => ({ name: a.name, size: a.queries.length })),
  };
}

/**
 * The value of each column of the statement (navStatement.ts), in order; none for no columns. Every value is a
 * parameter, so viewers of the same shape (role, number of sites, the counters that apply) send the same text: it
 * is a named statement, parsed and planned once per connection on PostgreSQL (planning it took longer than
 * running it).
 */
export async function readNavCountValues(db: Queryable, statement: NavStatement): Promise<unknown[]> {
  if (!statement.sql) return [];
  const name = namesOf.get(statement.sql) ?? nameOf(statement.sql);
  const [row] = rowsOf<Record<string, unknown>>(
    await db._.session.prepareQuery(statement, undefined, name, false).execute(),
  );
  const columns = statement.columns.reduce((n, c) => n + c.size, 0);
  return Array.from({ length: columns }, (_, i) => row?.[`c${i}`]);
}

/** Each text's statement name, a digest of the text (a few shapes of viewer, so a few names). */
const namesOf = new Map<string, string>();
function nameOf(text: string): string {
  const name = `nav_counts_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  if (namesOf.size > 1000) namesOf.clear();
  namesOf.set(text, name);
  return name;
}
