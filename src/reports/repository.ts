// The SQL of the reports: figures without personal data, counted by the database month by month (issue 13:
// "each page's cost depends on what it shows, not on the size of the tables"), so the app receives a few rows
// per month, not every referral and episode. Nothing here is shown per person; restricted records are counted
// at national level only (the scope below). No name, identifier, date of birth or free text is selected.
//
// A month is a Europe/London one, as `londonDate` reads an instant. Each rule counted here is the SQL twin of
// a pure rule, which stays the definition: reports/rules.ts (`monthFigures`, `phaseAt`, `decidedOnTime`) and
// outcomes/rules.ts (`linkageFacts`, `linkageOf`). monthly.property.test.ts proves them equal over generated
// data sets, against every fact read into memory and counted by those rules.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import { GP_BY_DAY, SUBSTANCE_MISUSE_DAYS } from '../outcomes/rules.ts';
import { monthsBetween } from './rules.ts';

export interface ReportScope {
  /** First and last month, YYYY-MM, inclusive. */
  from: string;
  to: string;
  /** A site's code (its own records, restricted ones left out), or undefined for every record. */
  site?: string | undefined;
  /** Today's London date: a window still open and not yet met is not known yet. */
  today: string;
}

/** One aggregate row: what it counts, the month, a key (source, phase, reason) and up to three counts. */
export interface AggregateRow {
  figure: 'received' | 'decided' | 'phase' | 'closed' | 'gp' | 'substanceMisuse' | 'accommodation' | 'wellbeing';
  month: string;
  key: string | null;
  a: number;
  b: number;
  c: number;
  /** The wellbeing change's exact sum, as numeric text. */
  total: string | null;
}

/** JavaScript's truthiness of a JSON value (a missing one is undefined: false). */
export const jsonTruthy = (v: SQL) => sql`(case jsonb_typeof(${v})
  when 'boolean' then ${v} = 'true'::jsonb
  when 'number' then ${v} <> '0'::jsonb
  when 'string' then ${v} <> '""'::jsonb
  when 'object' then true
  when 'array' then true
  else false end)`;

/** outcomes/rules.ts `withinWindow` once released: met by the date (true), missed (false), not known yet (null). */
const withinWindow = (releasedOn: SQL, on: SQL, days: number, today: SQL) => sql`(case
  when ${on} is not null then ${on} <= ${releasedOn} + ${sql.raw(String(days))}
  when ${today} > ${releasedOn} + ${sql.raw(String(days))} then false
  end)`;

/**
 * The three release KPIs of one released episode, as `monthFigures` judges `linkageOf(linkageFacts(...))`:
 * GP by day 7, substance misuse treatment within 21 days (and whether it is needed), settled accommodation.
 * Each judgement is true, false or null (not known yet, or not counted).
 */
export function releaseJudgements(c: {
  plan: SQL;
  substanceMisuseAtReferral: SQL;
  releasedOn: SQL;
  gpRegisteredOn: SQL;
  substanceMisuseEngagedOn: SQL;
  today: SQL;
}) {
  const gpBefore = sql`(coalesce(${c.plan}->'gp'->'registered' = 'true'::jsonb, false)
    and (${c.gpRegisteredOn} is null or ${c.gpRegisteredOn} <= ${c.releasedOn}))`;
  // The plan's answer unless absent or null, then the referral's when a boolean, else false.
  const needed = sql`coalesce(nullif(${c.plan}->'substanceMisuse'->'needed', 'null'::jsonb),
    case when jsonb_typeof(${c.substanceMisuseAtReferral}) = 'boolean' then ${c.substanceMisuseAtReferral} end,
    'false'::jsonb)`;
  const status = sql`${c.plan}->'accommodation'->'status'`;
  return {
    gpWithin7Days: sql`(case when ${gpBefore} then true
      else ${withinWindow(c.releasedOn, c.gpRegisteredOn, GP_BY_DAY, c.today)} end)`,
    substanceMisuseNeeded: sql`(${jsonTruthy(needed)} or ${c.substanceMisuseEngagedOn} is not null)`,
    substanceMisuseWithin21Days: withinWindow(c.releasedOn, c.substanceMisuseEngagedOn, SUBSTANCE_MISUSE_DAYS, c.today),
    settledOnRelease: sql`(case when ${jsonTruthy(status)} then ${status} = '"settled"'::jsonb end)`,
  };
}

/** An event's place in the order phaseAt reads them (day, then as recorded), and which of a pair it is. */
const order = (which: 0 | 1) => sql.raw(`array[(ev.on - date '2000-01-01')::bigint, ev.id, ${String(which)}::bigint]`);

const LONDON = sql.raw(`'Europe/London'`);
const monthOf = (instant: SQL) => sql`to_char(${instant} at time zone ${LONDON}, 'YYYY-MM')`;

/** The report's figures, month by month, as aggregate rows (at most a few per month and figure). */
export async function monthlyAggregates(db: Queryable, q: ReportScope): Promise<AggregateRow[]> {
  return rowsOf<AggregateRow>(await db.execute(monthlyAggregatesQuery(q)));
}

/** The statement of `monthlyAggregates`, for EXPLAIN. */
export function monthlyAggregatesQuery(q: ReportScope): SQL {
  const first = sql`${`${q.from}-01`}::date`;
  // The first day after the last month.
  const after = sql`(${`${q.to}-01`}::date + interval '1 month')::date`;
  const startsAt = sql`(${first}::timestamp at time zone ${LONDON})`;
  const endsAt = sql`(${after}::timestamp at time zone ${LONDON})`;
  const today = sql`${q.today}::date`;
  // Restricted records are counted at national level only.
  const referralScope = q.site === undefined ? sql`true` : sql`r.site_code = ${q.site} and not r.restricted`;
  const scopedEpisodes =
    q.site === undefined
      ? sql`select ep.id, ep.opened_on, ep.referral_id from episodes ep`
      : sql`select ep.id, ep.opened_on, ep.referral_id from episodes ep join referrals r on r.id = ep.referral_id
          where ep.site_code = ${q.site} and not r.restricted`;
  // Those that may be open at a month's end shown: still open, or closed on or after its first day (migration
  // 0030). One closed before it stays closed through every month shown, so it adds to no month's phases.
  const mayBeOpen = sql`select st.episode_id from episode_states st
    where (st.closed_on is null or st.closed_on >= ${first})${q.site === undefined ? sql`` : sql` and st.site_code = ${q.site}`}`;
  // The months of the report, as many rows as months (a planner's estimate the size of what it shows).
  const months = sql.join(
    monthsBetween(q.from, q.to).map((m) => sql`(${`${m}-01`}::date)`),
    sql`, `,
  );
  const judged = releaseJudgements({
    plan: sql`rp.plan`,
    substanceMisuseAtReferral: sql`fr.substance_misuse`,
    releasedOn: sql`fr.released_on`,
    gpRegisteredOn: sql`eo.gp_registered_on`,
    substanceMisuseEngagedOn: sql`eo.substance_misuse_engaged_on`,
    today,
  });
  return sql`
-- Not materialised: each use joins the episodes it reads by key, never every episode of ten years.
with scoped_episodes as not materialized (${scopedEpisodes}),
phase_episodes as not materialized (select se.* from scoped_episodes se where se.id in (${mayBeOpen})),
months (m) as (values ${months}
),
-- Open at the end of a month, by phase (rules.ts phaseAt). The events that change the phase up to the last
-- month, in the order phaseAt reads them (by date; one day's in the order recorded); after each, the last of
-- closed/reopened and the last of released/recalled (the greatest [day, id, which]), and whether ever released.
-- A month's last event gives its phase at the month's end, until the next month with an event.
phase_rows as (
  select se.opened_on, date_trunc('month', ev.on)::date as month,
    lead(date_trunc('month', ev.on)::date) over w as next_month,
    (lag(ev.id) over w) is null as first_event, ev.episode_id,
    case when (max(case ev.kind when 'closed' then ${order(1)} when 'reopened' then ${order(0)} end) over w)[3] = 1
        then null
      when (max(case ev.kind when 'recalled' then ${order(1)} when 'released' then ${order(0)} end) over w)[3] = 1
        then 'paused'
      when bool_or(ev.kind = 'released') over w then 'post_release'
      else 'pre_release' end as phase
  from episode_events ev join phase_episodes se on se.id = ev.episode_id
  where ev.kind in ('closed', 'reopened', 'released', 'recalled') and ev.on < ${after}
  window w as (partition by ev.episode_id order by ev.on, ev.id rows between unbounded preceding and current row)
), phase_spans as (
  select opened_on, month as starts, next_month as ends, phase
  from phase_rows where next_month is distinct from month
  union all
  -- Before its first event, in custody.
  select opened_on, null, month, 'pre_release' from phase_rows where first_event
  union all
  select se.opened_on, null, null, 'pre_release'
  from phase_episodes se where not exists (select from phase_rows p where p.episode_id = se.id)
), phases as (
  select to_char(m, 'YYYY-MM') as month, s.phase, count(*)::int as n
  from phase_spans s
  join months on m >= coalesce(s.starts, m) and m < coalesce(s.ends, ${after}) and m >= date_trunc('month', s.opened_on)::date
  where s.phase is not null and (s.ends is null or s.ends > ${first})
  group by 1, 2
),
-- Released in a month: the first release recorded (linkageFacts), and its linkage as of today. Read from the
-- releases dated in the months shown, each kept when no release of its episode was recorded before it.
first_release as (
  select ev.episode_id, ev.on as released_on
  from episode_events ev
  where ev.kind = 'released' and ev.on >= ${first} and ev.on < ${after} and not exists (select from episode_events
    er where er.episode_id = ev.episode_id and er.kind = 'released' and er.id < ev.id)
), released as (
  select to_char(fr.released_on, 'YYYY-MM') as month,
    ${judged.gpWithin7Days} as gp,
    ${judged.substanceMisuseNeeded} as sm_needed,
    ${judged.substanceMisuseWithin21Days} as sm,
    ${judged.settledOnRelease} as settled
  from (
    select f.*, r.details->'criteria'->'substanceMisuse' as substance_misuse
    from first_release f join scoped_episodes se on se.id = f.episode_id join referrals r on r.id = se.referral_id
    where f.released_on >= ${first} and f.released_on < ${after}
  ) fr
  left join release_plans rp on rp.episode_id = fr.episode_id
  left join episode_outcomes eo on eo.episode_id = fr.episode_id
),
-- SWEMWBS metric scores, oldest first: last minus first, for episodes with two or more whose last was in the month.
wellbeing as (
  select count(*) as measures, max(m.administered_on) as last_on,
    (array_agg(m.metric order by m.administered_on desc, m.recorded_at desc, m.id desc))[1]
      - (array_agg(m.metric order by m.administered_on, m.recorded_at, m.id))[1] as change
  from (
    select om.episode_id, om.administered_on, om.recorded_at, om.id,
      case when jsonb_typeof(om.score->'metric') = 'number' then (om.score->>'metric')::numeric else 0 end as metric
    from outcome_measures om join scoped_episodes se on se.id = om.episode_id
    where om.instrument = 'swemwbs' and jsonb_exists(om.score, 'metric')
      -- Of the episodes measured in the months shown: one whose last measure was in them was measured in them.
      and om.episode_id in (select w.episode_id from outcome_measures w
        where w.instrument = 'swemwbs' and w.administered_on >= ${first} and w.administered_on < ${after})
  ) m
  group by m.episode_id
)
select 'received' as figure, ${monthOf(sql`received_at`)} as month, source_type as key,
  count(*)::int as a, 0 as b, 0 as c, null::text as total
from referrals r where ${referralScope} and received_at >= ${startsAt} and received_at < ${endsAt} group by 2, 3
union all
-- Screened within the site's target (rules.ts decidedOnTime): by the deadline, to the millisecond as read.
select 'decided', ${monthOf(sql`decided_at`)}, null, count(*)::int,
  (count(*) filter (where decision = 'accept'))::int,
  (count(*) filter (where date_trunc('milliseconds', decided_at) <= date_trunc('milliseconds', screening_due_at)))::int,
  null
from referrals r where ${referralScope} and decided_at >= ${startsAt} and decided_at < ${endsAt} group by 2
union all
select 'phase', month, phase, n, 0, 0, null from phases
union all
select 'closed', to_char(ev.on, 'YYYY-MM'),
  case when jsonb_typeof(ev.data->'reason') = 'string' then ev.data->>'reason' else 'unknown' end,
  count(*)::int, 0, 0, null
from episode_events ev join scoped_episodes se on se.id = ev.episode_id
where ev.kind = 'closed' and ev.on >= ${first} and ev.on < ${after} group by 2, 3
union all
select 'gp', month, null, (count(*) filter (where gp))::int, (count(*) filter (where gp is not null))::int, 0, null
from released group by 2
union all
select 'substanceMisuse', month, null, (count(*) filter (where sm_needed and sm))::int,
  (count(*) filter (where sm_needed and sm is not null))::int, 0, null
from released group by 2
union all
select 'accommodation', month, null, (count(*) filter (where settled))::int,
  (count(*) filter (where settled is not null))::int, 0, null
from released group by 2
union all
select 'wellbeing', to_char(last_on, 'YYYY-MM'), null, count(*)::int, 0, 0, sum(change)::text
from wellbeing where measures >= 2 and last_on >= ${first} and last_on < ${after} group by 2
order by 1, 2, 3`;
}
