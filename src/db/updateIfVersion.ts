// Optimistic concurrency in one statement: change a row only if its version is still the one the caller
// read, and bump the version. Undefined back means someone else changed it first: the caller answers 412
// (API.md `If-Match`) or the page says "someone else changed this", and nothing is overwritten.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Queryable } from './client.ts';

type Versioned = PgTable & { id: PgColumn; version: PgColumn };

// The row types are the table's own at each call site; generic here, they read as `{}` to the linter.
/* eslint-disable @typescript-eslint/no-generated-empty-object-type */
export async function updateIfVersion<T extends Versioned>(
  db: Queryable,
  table: T,
  id: string,
  expectedVersion: number,
  changes: Partial<T['$inferInsert']>,
  /** A further condition the row must meet (its status, say), checked in the same statement. */
  also?: SQL,
): Promise<T['$inferSelect'] | undefined> {
  const set = { ...changes, version: sql`${table.version} + 1` } as PgUpdateSetSource<T>;
  const rows = (await db
    .update(table)
    .set(set)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion), also))
    .returning()) as T['$inferSelect'][];
  return rows[0];
}
/* eslint-enable @typescript-eslint/no-generated-empty-object-type */

/** The same, for a table keyed by another column (a release plan is keyed by its episode). */
export async function updateIfVersionBy<
  K extends string,
  T extends PgTable & { version: PgColumn } & Record<K, PgColumn>,
>(
  db: Queryable,
  table: T,
  key: K,
  value: string,
  expectedVersion: number,
  changes: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect'] | undefined> {
  const set = { ...changes, version: sql`${table.version} + 1` } as PgUpdateSetSource<T>;
  const rows = (await db
    .update(table)
    .set(set)
    .where(and(eq(table[key], value), eq(table.version, expectedVersion)))
    .returning()) as T['$inferSelect'][];
  return rows[0];
}
