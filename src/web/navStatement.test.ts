import { describe, expect, it } from 'vitest';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { accessGrants, meetingActions, notifications } from '../db/schema.ts';
import { londonDate } from '../identifiers/dates.ts';
import type { Viewer } from '../access/viewer.ts';
import { createNavStatements, type Subqueries } from './navStatement.ts';

// The navigation's statement is kept per viewer and day (navStatement.ts): a kept one must be exactly what
// building it afresh would give, at any later moment of that day, for whoever asks; and one that depends on the
// moment in any other way than its parameters moving with it is built afresh every time.
const viewer = (id: string, siteCodes: string[], asOf: Date): Viewer => ({
  id,
  email: `${id}@example.nhs.uk`,
  name: id,
  role: 'practitioner',
  organisation: null,
  siteCodes,
  asOf,
});
const ID = { ana: '00000000-0000-4000-8000-00000000000a', ben: '00000000-0000-4000-8000-00000000000b' };

/** Like the real counters: a grant in force at the viewer's moment (a mapped timestamp), a raw moment, a day. */
const counters: Subqueries = (v, now, only) =>
  [
    {
      name: 'notifications',
      queries: [sql`(select count(*) from ${notifications} where ${eq(notifications.userId, v.id)})`],
    },
    {
      name: 'grants',
      queries: [
        sql`(select count(*) from ${accessGrants}
          where ${and(eq(accessGrants.userId, v.id), gt(accessGrants.expiresAt, v.asOf))})`,
        sql`(select ${new Date(now.getTime() - 48 * 3600_000)}::timestamptz)`,
      ],
    },
    {
      name: 'actions',
      queries: v.siteCodes.length
        ? [
            sql`(select count(*) from ${meetingActions}
              where ${lt(meetingActions.dueOn, londonDate(now))} and ${sql`${v.siteCodes.length}`} > 0)`,
          ]
        : [],
    },
  ].filter((c) => !only || only.includes(c.name));

const fresh = (asked: Subqueries, v: Viewer, now: Date, only?: string[]) =>
  createNavStatements(asked).statementFor(v, now, only);

describe('the navigation’s statement, kept per viewer and day', () => {
  const morning = new Date('2026-12-03T08:00:00.123Z');
  const later = [
    new Date('2026-12-03T08:00:00.124Z'),
    new Date('2026-12-03T08:00:01.124Z'),
    new Date('2026-12-03T13:37:12.500Z'),
    new Date('2026-12-03T23:59:59.999Z'),
  ];

  it.each(later)('is, when kept from the morning, what building it at %s gives', (at) => {
    const statements = createNavStatements(counters);
    for (const v of [viewer(ID.ana, ['a', 'b'], morning), viewer(ID.ben, ['a'], morning)]) {
      statements.statementFor(v, morning);
      const asked = { ...v, asOf: at };
      expect(statements.statementFor(asked, at)).toEqual(fresh(counters, asked, at));
      expect(statements.statementFor(asked, at, ['notifications'])).toEqual(
        fresh(counters, asked, at, ['notifications']),
      );
    }
  });

  it('is built again on another day, and for another viewer, their sites or the counts asked for', () => {
    const statements = createNavStatements(counters);
    statements.statementFor(viewer(ID.ana, ['a', 'b'], morning), morning);
    const tomorrow = new Date('2026-12-04T09:00:00.000Z');
    const cases = [
      [viewer(ID.ana, ['a', 'b'], tomorrow), tomorrow],
      [viewer(ID.ben, ['a', 'b'], morning), morning],
      [viewer(ID.ana, ['b'], morning), morning],
      [viewer(ID.ana, [], morning), morning],
    ] as const;
    for (const [v, at] of cases) expect(statements.statementFor(v, at)).toEqual(fresh(counters, v, at));
    expect(statements.statementFor(viewer(ID.ana, ['a'], morning), morning, ['grants']).columns).toEqual([
      { name: 'grants', size: 2 },
    ]);
  });

  it('is built afresh every time when the moment changes more than its parameters', () => {
    // A count whose text changes with the moment (here, every second), and one whose moment is rounded to the
    // minute. (A counter's text may depend on the viewer and the day only: NavCounter.queries in navCounts.ts.)
    const bySecond: Subqueries = (v, now) => [
      { name: 'x', queries: [now.getUTCSeconds() % 2 ? sql`(select 1)` : sql`(select 2)`] },
    ];
    const byMinute: Subqueries = (v, now) => [
      { name: 'y', queries: [sql`(select ${new Date(Math.floor(now.getTime() / 60_000) * 60_000)}::timestamptz)`] },
    ];
    for (const asked of [bySecond, byMinute]) {
      const statements = createNavStatements(asked);
      const v = viewer(ID.ana, ['a'], morning);
      statements.statementFor(v, morning);
      for (const at of later) {
        expect(statements.statementFor({ ...v, asOf: at }, at)).toEqual(fresh(asked, { ...v, asOf: at }, at));
      }
    }
  });

  it('has no statement when no count applies', () => {
    expect(fresh(() => [], viewer(ID.ana, [], morning), morning)).toEqual({ sql: '', params: [], columns: [] });
  });
});
