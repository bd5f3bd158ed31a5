// Counts shown beside the navigation's links (the worklist's items, handovers waiting for an answer, overdue
// actions, unread notifications). A module registers a counter with `app.navCounters.push(...)`; each gives
// the scalar subqueries its count is read from, and all of them are read in one statement
// (navCountRepository.ts). They run for signed-in page views (GET) only, so a form post or an API call pays
// nothing for them (a post's page reads only the notifications, `navCountsFor(..., ['notifications'])`).
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { readNavCountValues, type NavCountQuery } from './navCountRepository.ts';
import { createNavStatements } from './navStatement.ts';

export type { NavCountQuery } from './navCountRepository.ts';

export interface NavCounter {
  /** The key the layout reads: `navCounts.<name>`. */
  name: string;
  /**
   * What the count is read from, within the viewer's need-to-know; undefined when the link has no count for them.
   * Depends on the viewer and the day only; the moment may move its parameters (navStatement.ts keeps it so).
   */
  queries(viewer: Viewer, now: Date): readonly NavCountQuery[] | undefined;
  /**
   * The count from the values read, in the queries' order (it may read more, rarely: the worklist reads the
   * state of a case only when it changed); absent, the first value is the count.
   */
  count?(values: readonly unknown[], viewer: Viewer, now: Date, db: Queryable): number | Promise<number>;
}

/** Each list of counters' statements, kept per viewer and day (navStatement.ts), afresh if a counter is added. */
const statementsOf = new WeakMap<
  readonly NavCounter[],
  { size: number; statements: ReturnType<typeof createNavStatements> }
>();

function statementsFor(counters: readonly NavCounter[]) {
  const known = statementsOf.get(counters);
  if (known?.size === counters.length) return known.statements;
  const statements = createNavStatements((viewer, now, only) =>
    counters.flatMap((counter) => {
      if (only && !only.includes(counter.name)) return [];
      const queries = counter.queries(viewer, now);
      return queries ? [{ name: counter.name, queries }] : [];
    }),
  );
  statementsOf.set(counters, { size: counters.length, statements });
  return statements;
}

export async function navCountsFor(
  counters: readonly NavCounter[],
  db: Queryable,
  viewer: Viewer,
  now: Date,
  only?: readonly string[],
): Promise<Record<string, number>> {
  const statement = statementsFor(counters).statementFor(viewer, now, only);
  const values = await readNavCountValues(db, statement);
  const counts: Record<string, number> = {};
  let at = 0;
  for (const { name, size } of statement.columns) {
    const mine = values.slice(at, at + size);
    at += size;
    const counter = counters.find((c) => c.name === name);
    counts[name] = counter?.count ? await counter.count(mine, viewer, now, db) : Number(mine[0] ?? 0);
  }
  return counts;
}
