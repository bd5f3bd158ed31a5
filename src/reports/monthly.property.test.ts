// Issue 15's report counted by the database (repository.ts `monthlyAggregates`) gives exactly the figures of
// the pure rules (rules.ts `monthFigures`, `phaseAt`, `decidedOnTime`; outcomes/rules.ts `linkageFacts`,
// `linkageOf`) over every fact read into memory, as the report was first counted: over generated data sets
// with months crossing the clock changes, referrals received at 23:30 London time on a month's last day,
// restricted records (national only), the 21-day substance misuse and 7-day GP windows still open or closed on
// `today`, screening decided just before, on or after its deadline, and the disclosure control of the counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import type { Queryable } from '../db/client.ts';
import {
  episodeEvents,
  episodeOutcomes,
  episodes,
  outcomeMeasures,
  people,
  referrals,
  releasePlans,
} from '../db/schema.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { linkageFacts, linkageOf } from '../outcomes/rules.ts';
import { SWEMWBS_METRIC } from '../outcomes/scoring.ts';
import { decidedOnTime, monthFigures, monthsBetween, type EpisodeFact, type ReferralFact } from './rules.ts';
import { presentReport, type ReportView } from './presenter.ts';
import { monthlyFigures } from './service.ts';

let t: TestApp;
let commissioner: TestUser;
let manager: TestUser;
let staffId: string;
let personId: string;
const SITE_CODES = [SITES.lancashire, SITES.hampshire] as const;

beforeAll(async () => {
  t = await createTestApp();
  commissioner = await t.user('commissioner');
  manager = await staffAt(t, SITES.lancashire, 'manager');
  staffId = manager.viewer.id;
  personId = randomUUID();
  await t.services.db.insert(people).values({
    id: personId,
    givenName: 'Test',
    familyName: 'Person',
    dateOfBirth: '1980-01-01',
    createdAt: t.clock.now,
  });
});
afterAll(() => t.close());

/** Every fact read into memory and counted by the pure rules: the report as first written. */
async function factsInMemory(db: Queryable, today: string) {
  const refs: ReferralFact[] = (
    await db
      .select({
        siteCode: referrals.siteCode,
        restricted: referrals.restricted,
        sourceType: referrals.sourceType,
        receivedAt: referrals.receivedAt,
        screeningDueAt: referrals.screeningDueAt,
        decision: referrals.decision,
        decidedAt: referrals.decidedAt,
      })
      .from(referrals)
  ).map((r) => ({
    siteCode: r.siteCode,
    restricted: r.restricted,
    sourceType: r.sourceType,
    receivedOn: londonDate(r.receivedAt),
    decision: r.decision,
    decidedOn: r.decidedAt ? londonDate(r.decidedAt) : null,
    decidedOnTime: r.decidedAt ? decidedOnTime(r.decidedAt, r.screeningDueAt) : null,
  }));
  const rows = await db
    .select({
      id: episodes.id,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      restricted: referrals.restricted,
      substanceMisuseAtReferral: sql<unknown>`${referrals.details}->'criteria'->'substanceMisuse'`,
      plan: releasePlans.plan,
      gpRegisteredOn: episodeOutcomes.gpRegisteredOn,
      substanceMisuseEngagedOn: episodeOutcomes.substanceMisuseEngagedOn,
      mentalHealthHandoverOn: episodeOutcomes.mentalHealthHandoverOn,
      accommodationNow: episodeOutcomes.accommodationNow,
      outcomeVersion: episodeOutcomes.version,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(releasePlans, eq(releasePlans.episodeId, episodes.id))
    .leftJoin(episodeOutcomes, eq(episodeOutcomes.episodeId, episodes.id));
  const events = await db
    .select({
      episodeId: episodeEvents.episodeId,
      kind: episodeEvents.kind,
      on: episodeEvents.on,
      data: episodeEvents.data,
    })
    .from(episodeEvents)
    .orderBy(asc(episodeEvents.id));
  const measures = await db
    .select({ episodeId: outcomeMeasures.episodeId, on: outcomeMeasures.administeredOn, score: outcomeMeasures.score })
    .from(outcomeMeasures)
    .where(and(eq(outcomeMeasures.instrument, 'swemwbs')))
    .orderBy(asc(outcomeMeasures.administeredOn), asc(outcomeMeasures.recordedAt), asc(outcomeMeasures.id));
  const eventsBy = new Map<string, { kind: string; on: string; reason?: string }[]>();
  for (const e of events) {
    const list = eventsBy.get(e.episodeId) ?? [];
    const reason = (e.data as { reason?: unknown } | null)?.reason;
    list.push({ kind: e.kind, on: e.on, ...(typeof reason === 'string' ? { reason } : {}) });
    eventsBy.set(e.episodeId, list);
  }
  const wellbeingBy = new Map<string, { on: string; metric: number }[]>();
  for (const m of measures) {
    const metric = (m.score as { metric?: number }).metric;
    if (metric === undefined) continue;
    const list = wellbeingBy.get(m.episodeId) ?? [];
    list.push({ on: m.on, metric });
    wellbeingBy.set(m.episodeId, list);
  }
  const eps: EpisodeFact[] = rows.map((r) => {
    const evs = eventsBy.get(r.id) ?? [];
    const lf = linkageFacts(
      {
        plan: (r.plan as Record<string, unknown> | null) ?? null,
        events: evs,
        contacts: [],
        details: { criteria: { substanceMisuse: r.substanceMisuseAtReferral } },
      },
      r.outcomeVersion === null
        ? undefined
        : {
            gpRegisteredOn: r.gpRegisteredOn,
            substanceMisuseEngagedOn: r.substanceMisuseEngagedOn,
            mentalHealthHandoverOn: r.mentalHealthHandoverOn,
            accommodationNow: r.accommodationNow,
          },
    );
    return {
      siteCode: r.siteCode,
      restricted: r.restricted,
      openedOn: r.openedOn,
      events: evs,
      releasedOn: lf.releasedOn,
      linkage: linkageOf(lf, today),
      wellbeing: wellbeingBy.get(r.id) ?? [],
    };
  });
  return { referrals: refs, episodes: eps };
}

// Instants at the edges of London months: 23:30 on a last day (GMT and BST), 00:30 on a first day (BST),
// either side of the clock changes of 29 March and 25 October 2026, and the last millisecond of a year.
const EDGES = [
  '2026-01-31T23:30:00.000Z',
  '2026-03-29T00:30:00.000Z',
  '2026-03-29T01:30:00.000Z',
  '2026-03-31T22:30:00.000Z',
  '2026-03-31T23:30:00.000Z',
  '2026-04-30T23:30:00.000Z',
  '2026-09-30T22:30:00.000Z',
  '2026-09-30T23:30:00.000Z',
  '2026-10-25T00:30:00.000Z',
  '2026-10-25T01:30:00.000Z',
  '2026-10-31T23:30:00.000Z',
  '2026-11-30T23:30:00.000Z',
  '2025-12-31T23:59:59.999Z',
  '2026-12-01T00:00:00.000Z',
].map((s) => new Date(s));
const instant = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.date({ min: new Date('2025-11-01T00:00:00Z'), max: new Date('2026-12-31T23:59:59Z'), noInvalidDate: true }),
);
// Days around the month ends, the clock changes and today (2026-11-10): windows of 7 and 21 days still open.
const DAYS = ['2026-01-31', '2026-02-01', '2026-03-29', '2026-03-31', '2026-10-20', '2026-10-25', '2026-10-31'];
const day = fc.oneof(
  fc.constantFrom(...DAYS),
  fc.integer({ min: -30, max: 14 }).map((n) => addDaysIso('2026-11-10', n)),
  fc.integer({ min: 0, max: 420 }).map((n) => addDaysIso('2025-11-01', n)),
);
const offset = fc.oneof(fc.constantFrom(-1, 0, 1, 7, 8, 21, 22), fc.integer({ min: -30, max: 60 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const episodeArb = fc.record({
  openedOn: day,
  events: fc.array(
    fc.record({
      kind: fc.constantFrom('released', 'released', 'recalled', 'closed', 'reopened', 'release_date_set'),
      on: day,
      reason: fc.constantFrom<unknown>(undefined, 'disengaged', 'support_completed', 3),
    }),
    { maxLength: 5 },
  ),
  plan: maybe(
    fc
      .record(
        {
          gp: fc.record({ registered: fc.boolean() }, { requiredKeys: [] }),
          substanceMisuse: fc.record(
            { needed: fc.constantFrom<boolean | null>(true, false, null) },
            { requiredKeys: [] },
          ),
          accommodation: fc.record({ status: fc.constantFrom('settled', 'unsettled', 'none') }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      )
      .map((plan) => JSON.parse(JSON.stringify(plan)) as Record<string, unknown>),
  ),
  // Dates recorded after release, as days from the first release recorded (or from opening): either side of
  // the release day and of the 7- and 21-day windows' last day.
  outcome: maybe(
    fc.record({
      gpRegistered: fc.option(offset, { nil: null }),
      substanceMisuseEngaged: fc.option(offset, { nil: null }),
      accommodationNow: fc.constantFrom(null, 'settled', 'none'),
    }),
  ),
  measures: fc.array(
    fc.record({
      instrument: fc.constantFrom('swemwbs', 'swemwbs', 'core10'),
      on: day,
      raw: fc.option(fc.integer({ min: 7, max: 35 }), { nil: undefined }),
      recordedMs: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 4 },
  ),
});

const referralArb = fc.record({
  site: fc.constantFrom(...SITE_CODES),
  restricted: fc.boolean(),
  sourceType: fc.constantFrom('probation', 'nsd', 'prison_healthcare'),
  receivedAt: instant,
  substanceMisuse: fc.constantFrom<unknown>(undefined, true, false, null),
  decision: fc.constantFrom(null, 'accept', 'decline'),
  decidedAt: instant,
  // The deadline against the decision: an hour or a millisecond either side, or the same instant.
  dueDelta: fc.constantFrom(-3_600_000, -1, 0, 1, 3_600_000),
  episode: maybe(episodeArb),
});

const rangeArb = fc.constantFrom(
  ['2025-12', '2026-11'],
  ['2026-03', '2026-03'],
  ['2026-09', '2026-12'],
  ['2026-01', '2026-12'],
);

let reference = 0;
type ReferralData = typeof referralArb extends fc.Arbitrary<infer T> ? T : never;
async function load(db: Queryable, data: ReferralData[]) {
  for (const r of data) {
    const id = randomUUID();
    const decidedAt = r.decision ? r.decidedAt : null;
    await db.insert(referrals).values({
      id,
      reference: `RC-P${String(++reference)}`,
      siteCode: r.site,
      personId,
      givenName: 'Test',
      familyName: 'Person',
      dateOfBirth: '1980-01-01',
      submittedBy: staffId,
      status: r.decision === 'accept' ? 'accepted' : 'received',
      sourceType: r.sourceType,
      receivedAt: r.receivedAt,
      screeningDueAt: new Date(r.decidedAt.getTime() + r.dueDelta),
      details: r.substanceMisuse === undefined ? {} : { criteria: { substanceMisuse: r.substanceMisuse } },
      eligibility: {},
      outcome: 'eligible',
      restricted: r.restricted,
      decision: r.decision,
      decidedAt,
      updatedAt: r.receivedAt,
    });
    const e = r.episode;
    if (!e) continue;
    const episodeId = randomUUID();
    await db.insert(episodes).values({
      id: episodeId,
      referralId: id,
      personId,
      siteCode: r.site,
      openedOn: e.openedOn,
      openedBy: staffId,
      updatedAt: r.receivedAt,
    });
    for (const ev of e.events)
      await db.insert(episodeEvents).values({
        episodeId,
        kind: ev.kind,
        on: ev.on,
        data: ev.reason === undefined ? {} : { reason: ev.reason },
        recordedBy: staffId,
        recordedAt: r.receivedAt,
      });
    if (e.plan)
      await db.insert(releasePlans).values({ episodeId, plan: e.plan, updatedBy: staffId, updatedAt: r.receivedAt });
    const from = e.events.find((ev) => ev.kind === 'released')?.on ?? e.openedOn;
    const after = (days: number | null) => (days === null ? null : addDaysIso(from, days));
    if (e.outcome)
      await db.insert(episodeOutcomes).values({
        episodeId,
        gpRegisteredOn: after(e.outcome.gpRegistered),
        substanceMisuseEngagedOn: after(e.outcome.substanceMisuseEngaged),
        accommodationNow: e.outcome.accommodationNow,
        mentalHealthHandoverOn: null,
        updatedBy: staffId,
        updatedAt: r.receivedAt,
      });
    for (const m of e.measures)
      await db.insert(outcomeMeasures).values({
        id: randomUUID(),
        episodeId,
        instrument: m.instrument,
        administeredOn: m.on,
        answers: [],
        score: m.raw === undefined ? { raw: 0 } : { raw: m.raw, metric: SWEMWBS_METRIC[m.raw] },
        scoringVersion: 1,
        recordedBy: staffId,
        recordedAt: new Date(t.clock.now.getTime() + m.recordedMs),
      });
  }
}

class Rollback extends Error {}

/**
 * A report with each month's withheld counts in name order: in memory they came in the order the rows were
 * read (no order asked for); the database gives sources and reasons in name order.
 */
const inNameOrder = (report: ReportView) => ({
  ...report,
  months: report.months.map((m) => ({ ...m, suppressed: [...m.suppressed].sort() })),
});

describe('the report counted by the database', () => {
  it('gives the figures of the pure rules over every fact, per site and nationally, exact and controlled', async () => {
    const today = londonDate(t.clock.now);
    await fc.assert(
      fc.asyncProperty(fc.array(referralArb, { minLength: 1, maxLength: 25 }), rangeArb, async (data, [from, to]) => {
        await t.services.db
          .transaction(async (tx) => {
            await load(tx, data);
            const all = await factsInMemory(tx, today);
            const months = monthsBetween(from, to);
            for (const site of [undefined, ...SITE_CODES]) {
              const mine = <T extends { siteCode: string; restricted: boolean }>(rows: T[]) =>
                site === undefined ? rows : rows.filter((r) => r.siteCode === site && !r.restricted);
              const expected = months.map((m) => monthFigures(mine(all.referrals), mine(all.episodes), m));
              expect(await monthlyFigures(tx, { from, to, site, today })).toEqual(expected);
              const q = { from, to, ...(site ? { site } : {}) };
              const name = site === undefined ? 'England (all sites)' : (t.services.sites.get(site)?.name ?? site);
              expect(inNameOrder(await t.services.reports.view(tx, commissioner.viewer, q))).toEqual(
                inNameOrder(presentReport({ site: site ?? null, name, from, to, exact: false, figures: expected })),
              );
              if (site === SITES.lancashire)
                expect(inNameOrder(await t.services.reports.view(tx, manager.viewer, q))).toEqual(
                  inNameOrder(presentReport({ site, name, from, to, exact: true, figures: expected })),
                );
            }
            throw new Rollback();
          })
          .catch((e: unknown) => {
            if (!(e instanceof Rollback)) throw e;
          });
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
