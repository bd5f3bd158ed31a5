// The statement the navigation's counts are read in, kept per viewer and day rather than built on every page.
// Building it (each counter's subqueries, then their text through the query builder) cost more of a page's
// time than running it. What a counter asks for depends on the viewer and the day; the moment only moves its
// parameters (the grants in force now, actions due before today). So the statement is built twice, the second
// time a little over an hour later the same day, and the parameters that moved with it are the moment plus an
// offset; every other parameter stays as built. A statement whose text moves, or whose parameters move in any
// other way, is never kept: it is built afresh every time. Only the statement is kept, never a count: each page
// reads its counts, within the viewer's need-to-know, from the database.
import { londonDate } from '../identifiers/dates.ts';
import type { Viewer } from '../access/viewer.ts';
import { buildNavStatement, type Columns, type NavCountQuery, type NavStatement } from './navCountRepository.ts';

/** The subqueries of each counter that applies to the viewer (those of `only`, if given), as navCounts.ts asks. */
export type Subqueries = (
  viewer: Viewer,
  now: Date,
  only: readonly string[] | undefined,
) => readonly { name: string; queries: readonly NavCountQuery[] }[];

type Slot = { kind: 'constant'; value: unknown } | { kind: 'asOf' | 'now'; offset: number; as: 'date' | 'iso' };

interface Shape {
  sql: string;
  slots: Slot[];
  columns: readonly Columns[];
}

/** Viewers' statements kept (one a viewer and day); past this, all are forgotten at once. */
const KEPT = 5000;
/**
 * How far the second build moves the viewer's moment and the page's: different, so each is told apart, and more
 * than an hour, a minute and a second, so a parameter rounded to any of them moves by something else (never kept).
 */
const AS_OF_STEP = 3_661_007;
const NOW_STEP = 3_661_011;

const millisOf = (value: unknown): number | undefined => {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return undefined;
  return Date.parse(value);
};

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Each parameter's slot, from two builds `step`s apart; undefined when one moved in another way. */
function slotsOf(first: unknown[], second: unknown[], asOf: Date, now: Date): Slot[] | undefined {
  const slots: Slot[] = [];
  for (const [i, value] of first.entries()) {
    const moved = second[i];
    if (same(value, moved)) {
      slots.push({ kind: 'constant', value });
      continue;
    }
    const a = millisOf(value);
    const b = millisOf(moved);
    if (a === undefined || b === undefined) return undefined;
    const as = value instanceof Date ? 'date' : 'iso';
    if (b - a === AS_OF_STEP) slots.push({ kind: 'asOf', offset: a - asOf.getTime(), as });
    else if (b - a === NOW_STEP) slots.push({ kind: 'now', offset: a - now.getTime(), as });
    else return undefined;
  }
  return slots;
}

function fill(shape: Shape, asOf: Date, now: Date): NavStatement {
  const params = shape.slots.map((slot) => {
    if (slot.kind === 'constant') return slot.value;
    const at = new Date((slot.kind === 'asOf' ? asOf : now).getTime() + slot.offset);
    return slot.as === 'date' ? at : at.toISOString();
  });
  return { sql: shape.sql, params, columns: shape.columns };
}

/** The key of what a statement may depend on: the viewer (all but their moment) and England's date. */
const keyOf = (viewer: Viewer, now: Date, only: string) =>
  JSON.stringify([
    viewer.id,
    viewer.role,
    viewer.organisation,
    viewer.siteCodes,
    viewer.email,
    viewer.name,
    only,
    londonDate(now),
  ]);

export function createNavStatements(subqueries: Subqueries) {
  const kept = new Map<string, Shape | 'built every time'>();
  return {
    /** The statement for this viewer now: kept from an earlier page today, else built (and kept if it may be). */
    statementFor(viewer: Viewer, now: Date, only?: readonly string[]): NavStatement {
      const key = keyOf(viewer, now, only?.join(',') ?? '*');
      const shape = kept.get(key);
      if (shape && shape !== 'built every time') return fill(shape, viewer.asOf, now);
      const first = buildNavStatement(subqueries(viewer, now, only));
      if (shape) return first;
      const later = { asOf: new Date(viewer.asOf.getTime() + AS_OF_STEP), now: new Date(now.getTime() + NOW_STEP) };
      const second = buildNavStatement(subqueries({ ...viewer, asOf: later.asOf }, later.now, only));
      const slots =
        second.sql === first.sql && same(second.columns, first.columns) && londonDate(later.now) === londonDate(now)
          ? slotsOf(first.params, second.params, viewer.asOf, now)
          : undefined;
      if (kept.size >= KEPT) kept.clear();
      kept.set(key, slots ? { sql: first.sql, slots, columns: first.columns } : 'built every time');
      return first;
    },
  };
}
