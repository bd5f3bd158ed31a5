// `--scale national` (issue 13): ten years of a national service, 1,000,000 referrals, 400,000 episodes of care
// and 20,000,000 contacts across 40 sites, loaded in well under 30 minutes on a two-core machine. At that size
// the row-by-row loaders (seed.ts, seedEpisodes.ts build every row in JavaScript) would take hours, so the
// database builds the rows itself: multi-row INSERT … SELECT over generate_series, in batches of a few hundred
// thousand rows (each its own statement and commit, so a progress bar moves and WAL stays bounded), through
// the application's own client (PGlite or node-postgres), with no dependency.
//
// What JavaScript still does, because only the application knows how: 1,000 referral bodies parsed by the
// API's schema and evaluated by the referral service (templates: each referral takes one, with its own
// person written into it), and the people's names and identifiers (synthetic NHS numbers carry a check
// digit). Everything else is arithmetic on the row number, so the data are the same on every run.
//
// The shape, per site (4 built-in sites and 36 copies of them with their policies, `national-05` … `national-40`):
// referrals arrive evenly over ten years; those older than 21 days are decided (40% accepted, the rest declined),
// a quarter of the recent ones wait for more information. Every accepted referral has its episode; the newest
// 500 per site are open (half still in custody, with a release date and a release plan), the rest released and
// closed after a year. 50 contacts per episode, spread over its life, each with its timeline entry. Ids are
// uuids numbered by row (`bench_id(kind, n)`), so the indexes are built in order. Not loaded: a ten-year audit
// trail (the audit table holds only this run's events), re-referrals of one person, co-workers, assessments.
//
// BENCH_SCALE_FACTOR (0.0001 to 1) shrinks every count alike, to prove the loader and the pages at a small size.
// The database is kept and re-used by the next run (bench_meta says it is complete and what it holds).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SingleBar } from 'cli-progress';
import type { Viewer } from '../src/access/viewer.ts';
import { restrictedFromIntake } from '../src/access/rules.ts';
import { fictionalReferral, syntheticNhsNumber, syntheticPrisonNumber } from '../src/demo/fictionalReferrals.ts';
import { parseOrThrow } from '../src/http/validation.ts';
import { searchNameOf } from '../src/identifiers/names.ts';
import type { Services } from '../src/services.ts';
import { BENCH_SITES, bodySchemaAt, type BenchUsers, type Loaded } from './seed.ts';
import type { LoadedEpisodes } from './seedEpisodes.ts';

const DAY = 86_400_000;
const YEARS = 10;
const SPREAD_DAYS = 365 * YEARS;
const DECIDED_AFTER_DAYS = 21;
const TEMPLATES_PER_SITE = 250;
const SITES = 40;
/** Referrals (and people) per statement: the people's names travel as one JSON parameter. */
const REFERRAL_BATCH = 20_000;
/** Referrals per statement for the episodes: 12,500 hold 5,000 episodes, 250,000 contacts, as many timeline entries. */
const EPISODE_BATCH = 12_500;

/** The tables loaded in bulk, whose secondary indexes are built after the rows. */
const BULK_TABLES = [
  'people',
  'referrals',
  'information_requests',
  'timeline_events',
  'episodes',
  'episode_events',
  'release_plans',
  'contacts',
];

export const NATIONAL = {
  referrals: 1_000_000,
  episodes: 400_000,
  contacts: 20_000_000,
  sites: SITES,
  openPerSite: 500,
};

export interface NationalCounts {
  referrals: number;
  episodes: number;
  contactsPerEpisode: number;
  openPerSite: number;
}

export function nationalCounts(factor: number): NationalCounts {
  return {
    referrals: Math.max(SITES * 10, Math.round(NATIONAL.referrals * factor)),
    episodes: Math.max(SITES * 4, Math.round(NATIONAL.episodes * factor)),
    contactsPerEpisode: NATIONAL.contacts / NATIONAL.episodes,
    openPerSite: Math.max(2, Math.round(NATIONAL.openPerSite * factor)),
  };
}

/** What bench_meta keeps of a loaded national data set, so that a later run re-uses it without reloading. */
export interface NationalMeta {
  factor: number;
  counts: NationalCounts;
  loaded: Omit<Loaded, 'visibleIds'>;
  episodes: Omit<LoadedEpisodes, 'visibleOpenIds'>;
  chronologyPersonIds: string[];
  /** The practitioner of the run that last used it: their cases become the next run's practitioner's. */
  practitionerId: string;
  loadSeconds: number;
}

interface RawClient {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the driver's own shape: the caller names the row it selected
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; rowCount?: number | null; affectedRows?: number }>;
}
const rawOf = (services: Services) => (services.db as unknown as { $client: RawClient }).$client;
const affected = (r: { rowCount?: number | null; affectedRows?: number }) => r.rowCount ?? r.affectedRows ?? 0;

export async function readNationalMeta(services: Services): Promise<NationalMeta | undefined> {
  const raw = rawOf(services);
  const [exists] = (await raw.query<{ t: string | null }>(`select to_regclass('bench_meta')::text as t`)).rows;
  if (!exists?.t) return undefined;
  const [row] = (await raw.query<{ value: NationalMeta }>(`select value from bench_meta where key = 'national'`)).rows;
  return row ? (typeof row.value === 'string' ? (JSON.parse(row.value) as NationalMeta) : row.value) : undefined;
}

async function writeMeta(services: Services, meta: NationalMeta) {
  await rawOf(services).query(
    `insert into bench_meta (key, value) values ('national', $1::jsonb)
       on conflict (key) do update set value = excluded.value`,
    [JSON.stringify(meta)],
  );
}

/** The 40 sites: the four built in, and 36 copies of them (their policies copied under versions of their own). */
export function nationalSites(): { code: string; base: string }[] {
  return Array.from({ length: SITES }, (_, s) => ({
    code: s < BENCH_SITES.length ? BENCH_SITES[s]! : `national-${String(s + 1).padStart(2, '0')}`,
    base: BENCH_SITES[s % BENCH_SITES.length]!,
  }));
}

/** Adds the 36 copied sites and their policies (idempotent); the caller rebuilds its services to see them. */
export async function addNationalSites(services: Services): Promise<void> {
  const raw = rawOf(services);
  const copies = nationalSites().filter((s) => s.code !== s.base);
  const map = JSON.stringify(copies.map((c, n) => ({ code: c.code, base: c.base, n: n + 5 })));
  await raw.query(
    `insert into sites (code, name, model, provider)
     select m.code, 'National bench site ' || m.n, s.model, s.provider
       from jsonb_to_recordset($1::jsonb) as m(code text, base text, n int) join sites s on s.code = m.base
     on conflict (code) do nothing`,
    [map],
  );
  await raw.query(
    `insert into site_policies (version, site_code, effective_from, policy)
     select p.version || '-' || m.code, m.code, p.effective_from,
            jsonb_set(p.policy, '{version}', to_jsonb(p.version || '-' || m.code))
       from jsonb_to_recordset($1::jsonb) as m(code text, base text, n int) join site_policies p on p.site_code = m.base
     on conflict (version) do nothing`,
    [map],
  );
}

/** Gives the previous run's practitioner's cases to this run's (a re-used data set keeps a caseload of "own" cases). */
export async function handOverCases(services: Services, from: string, to: string): Promise<void> {
  await rawOf(services).query(`update episodes set lead_worker_id = $2 where lead_worker_id = $1`, [from, to]);
}

/** A sample of what the practitioner may see, for the scenarios: referrals, and open episodes. */
export async function sampleVisible(
  services: Services,
  viewer: Viewer,
  limit = 20_000,
): Promise<{ referralIds: string[]; openEpisodeIds: string[] }> {
  const raw = rawOf(services);
  const referralIds = (
    await raw.query<{ id: string }>(
      `select id from referrals where site_code = any($1::text[]) and not restricted order by md5(id::text) limit $2`,
      [viewer.siteCodes, limit],
    )
  ).rows.map((r) => r.id);
  const openEpisodeIds = (
    await raw.query<{ id: string }>(
      `select e.id from episodes e join referrals r on r.id = e.referral_id
        where e.site_code = any($1::text[]) and e.closed_reason is null and not r.restricted
        order by e.id limit $2`,
      [viewer.siteCodes, limit],
    )
  ).rows.map((r) => r.id);
  return { referralIds, openEpisodeIds };
}

const KINDS = [
  'eligible',
  'eligible',
  'eligible',
  'eligible',
  'eligible',
  'eligible',
  'automatic',
  'discretionary',
  'discretionary',
  'ineligible',
] as const;
const GIVEN_SUFFIX = ['', 'son', 'ley', 'field', 'by', 'ton', 'well', 'ham', 'worth', 'shaw'];

/** The n-th person (1-based): names and identifiers as fictionalReferral gives them, more family names. */
function person(n: number) {
  const base = fictionalReferral(BENCH_SITES[0]!, n, new Date(0), 'eligible').person;
  const familyName = `${base.familyName}${GIVEN_SUFFIX[Math.floor(n / 400) % GIVEN_SUFFIX.length]}`;
  return {
    i: n,
    g: base.givenName,
    f: familyName,
    d: base.dateOfBirth,
    h: syntheticNhsNumber(n * 7 + 11),
    p: syntheticPrisonNumber(n),
    s: searchNameOf(base.givenName, familyName),
  };
}

export async function loadNational(
  services: Services,
  users: BenchUsers,
  staff: Viewer[],
  factor: number,
  label: string,
): Promise<{ loaded: Loaded; episodes: LoadedEpisodes; counts: NationalCounts }> {
  const started = performance.now();
  const raw = rawOf(services);
  const counts = nationalCounts(factor);
  const R = counts.referrals;
  const now = services.clock();
  const sites = nationalSites();
  const siteCodes = sites.map((s) => s.code);

  await raw.query(`create table if not exists bench_meta (key text primary key, value jsonb not null)`);
  await raw.query(`create or replace function bench_id(kind int, n bigint) returns uuid language sql immutable as
    $$ select (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`);

  // Templates: bodies the API's schema accepts, evaluated as submit() would, four sites × 250.
  const schemaAt = bodySchemaAt();
  const templateAt = new Date(now.getTime() - 30 * DAY);
  const templates = [];
  for (let b = 0; b < BENCH_SITES.length; b++) {
    const site = services.sites.get(BENCH_SITES[b]!)!;
    for (let v = 0; v < TEMPLATES_PER_SITE; v++) {
      const seed = v * BENCH_SITES.length + b + 1;
      const draw = Math.imul(seed, 0x9e3779b1) >>> 0;
      const body = parseOrThrow(
        schemaAt(templateAt),
        fictionalReferral(site.code, seed, templateAt, KINDS[draw % KINDS.length]),
      );
      const eligibility = services.referrals.evaluate(body, templateAt);
      const policy = site.policies.find((p) => p.version === eligibility.policyVersion)!;
      templates.push({
        k: b * TEMPLATES_PER_SITE + v,
        details: body,
        eligibility,
        outcome: eligibility.outcome,
        priority_group: eligibility.priorityGroup ?? null,
        source_type: body.source.type,
        restricted: restrictedFromIntake(body.priorityGroup),
        hours: policy.screeningHours,
      });
    }
  }
  await raw.query(`drop table if exists bench_tpl`);
  await raw.query(`create table bench_tpl (k int primary key, details jsonb, eligibility jsonb, outcome text,
    priority_group int, source_type text, restricted boolean, hours int)`);
  await raw.query(
    `insert into bench_tpl select * from jsonb_to_recordset($1::jsonb) as t(k int, details jsonb, eligibility jsonb,
       outcome text, priority_group int, source_type text, restricted boolean, hours int)`,
    [JSON.stringify(templates)],
  );

  // Which accepted referrals have an episode (the newest `episodes` of them) and which of those are open
  // (the newest `openPerSite` per site): arithmetic on the row number, done here once.
  const ageDays = (i: number) => ((R - i) / R) * SPREAD_DAYS;
  // By the row's number within its site (i / SITES), so that every site accepts alike.
  const accepted = (i: number) => Math.floor(i / SITES) % 5 < 2 && ageDays(i) > DECIDED_AFTER_DAYS;
  let episodeFrom = 1;
  for (let i = R, n = 0; i >= 1; i--) {
    if (accepted(i) && ++n === counts.episodes) {
      episodeFrom = i;
      break;
    }
  }
  const openFrom = new Array<number>(SITES).fill(R + 1);
  const openSeen = new Array<number>(SITES).fill(0);
  for (let i = R; i >= episodeFrom; i--) {
    if (!accepted(i)) continue;
    const s = i % SITES;
    if (openSeen[s]! < counts.openPerSite) {
      openSeen[s]!++;
      openFrom[s] = i;
    }
  }
  let episodeTotal = 0;
  for (let i = episodeFrom; i <= R; i++) if (accepted(i)) episodeTotal++;

  const expectedRows =
    R * 2 + // people, referrals
    R * 1.8 + // their timeline entries, the information requests
    episodeTotal * (2 + 1.9 + 2 * counts.contactsPerEpisode); // episodes and their entries, events, contacts
  const bar = new SingleBar({
    format: `  loading ${label} national ×${factor} [{bar}] {percentage}% | {value}/{total} rows | {phase} | ETA {eta_formatted}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
    etaBuffer: 50,
  });
  bar.start(Math.round(expectedRows), 0, { phase: 'referrals' });
  let done = 0;
  const tick = (n: number, phase: string) => {
    bar.update((done += n), { phase });
  };

  // Shared expressions: the i-th referral's age, site, template, status.
  const params = {
    now,
    referrer: users.referrer.viewer.id,
    practitioner: users.practitioner.viewer.id,
    manager: users.manager.viewer.id,
  };
  // Secondary indexes are built once at the end rather than row by row (the trigram index on names most of all):
  // their definitions are read from the catalogue and replayed exactly. Keys and unique constraints stay.
  const indexes = (
    await raw.query<{ name: string; def: string }>(
      `select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any($1::text[])
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [BULK_TABLES],
    )
  ).rows;
  for (const index of indexes) await raw.query(`drop index if exists "${index.name}"`);
  // The episodes' state versions (migration 0028) are made once at the end as well: the triggers that keep them
  // would look up each batch's episodes' events without the index dropped above.
  for (const table of BULK_TABLES) await raw.query(`alter table "${table}" disable trigger user`);
  const buildStarted = performance.now();
  try {
    for (let lo = 1; lo <= R; lo += REFERRAL_BATCH) {
      const hi = Math.min(R, lo + REFERRAL_BATCH - 1);
      const people = JSON.stringify(Array.from({ length: hi - lo + 1 }, (_, n) => person(lo + n)));
      const inserted = await raw.query(
        `insert into people (id, given_name, family_name, date_of_birth, nhs_number, prison_number, created_at)
         select bench_id(1, p.i), p.g, p.f, p.d::date, p.h, p.p,
                $2::timestamptz - make_interval(secs => (${R} - p.i)::float8 / ${R} * ${SPREAD_DAYS * 86_400})
           from jsonb_to_recordset($1::jsonb) as p(i int, g text, f text, d text, h text, p text, s text)`,
        [people, params.now],
      );
      tick(affected(inserted), 'people');
      const referrals = await raw.query(
        `insert into referrals (id, reference, site_code, person_id, given_name, family_name, date_of_birth, search_name,
            submitted_by, status, source_type, received_at, screening_due_at, screening_paused_at, details, eligibility,
            outcome, priority_group, restricted, restriction_source, decision, decision_reason, signposting, decided_by,
            decided_at, version, updated_at)
         select bench_id(2, x.i), 'RC-' || (1000 + x.i), x.code, bench_id(1, x.i), x.g, x.f, x.d::date, x.s,
                $3, x.status, t.source_type, x.at, x.at + make_interval(hours => t.hours),
                case when x.status = 'information_requested' then x.at + interval '3 hours' end,
                t.details || jsonb_build_object('site', x.code, 'person', (t.details -> 'person') || jsonb_build_object(
                  'givenName', x.g, 'familyName', x.f, 'dateOfBirth', x.d, 'nhsNumber', x.h, 'prisonNumber', x.p)),
                case when x.code = x.base then t.eligibility else jsonb_set(t.eligibility, '{policyVersion}',
                  to_jsonb((t.eligibility ->> 'policyVersion') || '-' || x.code)) end,
                t.outcome, t.priority_group, t.restricted, case when t.restricted then 'priority_group' end,
                case x.status when 'accepted' then 'accept' when 'declined' then 'decline' end,
                case x.status when 'accepted' then 'Meets the criteria; allocate at the next team meeting.'
                  when 'declined' then 'The person does not meet the criteria for this service.' end,
                case when x.status = 'declined' then 'Community mental health team in the resettlement area.' end,
                case when x.status in ('accepted', 'declined') then case when t.restricted then $5::uuid else $4::uuid end end,
                case when x.status in ('accepted', 'declined') then x.at + interval '6 hours' end,
                case when x.status = 'awaiting_screening' then 1 else 2 end,
                case when x.status in ('accepted', 'declined') then x.at + interval '6 hours'
                  when x.status = 'information_requested' then x.at + interval '3 hours' else x.at end
           from (
             select p.*, ($6::text[])[1 + p.i % ${SITES}] as code, ($7::text[])[1 + p.i % ${SITES}] as base,
                    (p.i % ${SITES}) % ${BENCH_SITES.length} * ${TEMPLATES_PER_SITE} + (p.i / ${SITES}) % ${TEMPLATES_PER_SITE} as k,
                    $2::timestamptz - make_interval(secs => (${R} - p.i)::float8 / ${R} * ${SPREAD_DAYS * 86_400}) as at,
                    case when (${R} - p.i)::float8 / ${R} * ${SPREAD_DAYS} > ${DECIDED_AFTER_DAYS}
                         then case when (p.i / ${SITES}) % 5 < 2 then 'accepted' else 'declined' end
                         when (p.i / ${SITES}) % 4 = 1 then 'information_requested' else 'awaiting_screening' end as status
               from jsonb_to_recordset($1::jsonb) as p(i int, g text, f text, d text, h text, p text, s text)
           ) x join bench_tpl t on t.k = x.k`,
        [people, params.now, params.referrer, params.practitioner, params.manager, siteCodes, sites.map((s) => s.base)],
      );
      tick(affected(referrals), 'referrals');
      const range = [lo, hi];
      const requests = await raw.query(
        `insert into information_requests (id, referral_id, question, asked_by, asked_at)
         select bench_id(5, substr(reference, 4)::int - 1000), id, 'Where will the person live on release?', $3, screening_paused_at
           from referrals where id between bench_id(2, $1) and bench_id(2, $2) and status = 'information_requested'`,
        [...range, params.practitioner],
      );
      tick(affected(requests), 'referrals');
      const timeline = await raw.query(
        `insert into timeline_events (at, person_id, referral_id, actor_id, kind, summary)
         select received_at, person_id, id, submitted_by, 'referral.received',
                'Referral received from Bench referrer (Probation Service North West). Eligibility: ' || outcome || '.'
           from referrals where id between bench_id(2, $1) and bench_id(2, $2)
         union all
         select coalesce(decided_at, screening_paused_at), person_id, id, coalesce(decided_by, $3::uuid),
                'screening.' || coalesce(decision, 'more_information'),
                case decision when 'accept' then 'Referral accepted at screening.'
                  when 'decline' then 'Referral declined at screening. The referrer can see the reason and signposting.'
                  else 'More information requested from the referrer. The screening clock is paused until they answer.' end
           from referrals where id between bench_id(2, $1) and bench_id(2, $2)
            and status in ('accepted', 'declined', 'information_requested')`,
        [...range, params.practitioner],
      );
      tick(affected(timeline), 'referrals');
    }
    await raw.query(`select setval('referral_reference_seq', $1)`, [1000 + R]);

    // Episodes, their events and release plans, their contacts and the contacts' timeline entries.
    const staffIds = staff.map((s) => s.id);
    // The i-th referral's episode: d, a hash of its number, for the variety below (lead worker, custody, plan).
    const episodeRow = `(select r.*, substr(r.reference, 4)::int - 1000 as i,
          (((substr(r.reference, 4)::int - 1000)::bigint * 2654435761 % 4294967296) / 16)::int as d,
          (substr(r.reference, 4)::int - 1000) >= ($3::int[])[1 + (substr(r.reference, 4)::int - 1000) % ${SITES}] as open
        from referrals r where r.id between bench_id(2, $1) and bench_id(2, $2) and r.status = 'accepted'
          and substr(r.reference, 4)::int - 1000 >= ${episodeFrom})`;
    // When support ended: a year after release, never later than yesterday; the release 5-24 days after opening.
    const released = `least(e.opened_on + (5 + x.d % 20), $4::date)`;
    const closedOn = `least(${released} + 365, $4::date - 1)`;
    const today = now.toISOString().slice(0, 10);
    for (let lo = episodeFrom; lo <= R; lo += EPISODE_BATCH) {
      const hi = Math.min(R, lo + EPISODE_BATCH - 1);
      const base = [lo, hi, openFrom];
      const eps = await raw.query(
        `insert into episodes (id, referral_id, person_id, site_code, lead_worker_id, opened_on, opened_by, closed_reason,
            closure_summary, version, updated_at)
         select bench_id(3, x.i), x.id, x.person_id, x.site_code, ($4::uuid[])[1 + x.d % ${staffIds.length}],
                (x.decided_at at time zone 'UTC')::date, ($4::uuid[])[1 + x.d % ${staffIds.length}],
                case when not x.open then 'support_completed' end,
                case when not x.open then 'Support completed: settled in the community.' end, 1, x.decided_at
           from ${episodeRow} x`,
        [...base, staffIds],
      );
      tick(affected(eps), 'episodes');
      const events = await raw.query(
        `insert into episode_events (episode_id, kind, "on", data, recorded_by, recorded_at)
         select e.id, v.kind, v.on, v.data, e.lead_worker_id, (v.on + time '10:00') at time zone 'UTC'
           from ${episodeRow} x join episodes e on e.id = bench_id(3, x.i)
           cross join lateral (
             select 'release_date_set' as kind, e.opened_on as on,
                    jsonb_build_object('expectedReleaseDate', ($4::date + (1 + x.d % 120))::text) as data
              where x.open and x.d % 2 = 0
             union all
             select 'released', ${released}, jsonb_build_object('from', 'prison') where not (x.open and x.d % 2 = 0)
             union all
             select 'closed', ${closedOn}, jsonb_build_object('reason', 'support_completed') where not x.open
           ) v`,
        [...base, today],
      );
      tick(affected(events), 'episodes');
      const plans = await raw.query(
        `insert into release_plans (episode_id, plan, version, updated_by, updated_at)
         select bench_id(3, x.i), jsonb_build_object('releaseType', 'conditional_release',
                  'releaseUncertain', x.d % 7 = 0,
                  'gp', jsonb_build_object('registered', x.d % 3 = 0, 'practice', 'Riverside Surgery'),
                  'medicationOnRelease', x.d % 2 = 0,
                  'accommodation', jsonb_build_object('status', case when x.d % 5 = 0 then 'none' else 'settled' end),
                  'localProbationInformed', true), 1, ($4::uuid[])[1 + x.d % ${staffIds.length}], x.decided_at
           from ${episodeRow} x where x.open and x.d % 2 = 0`,
        [...base, staffIds],
      );
      tick(affected(plans), 'episodes');
      const opened = await raw.query(
        `insert into timeline_events (at, person_id, referral_id, actor_id, kind, summary)
         select x.decided_at, x.person_id, x.id, ($4::uuid[])[1 + x.d % ${staffIds.length}], 'episode.opened',
                'Episode of care opened.'
           from ${episodeRow} x`,
        [...base, staffIds],
      );
      tick(affected(opened), 'episodes');
      const contacts = await raw.query(
        `with made as (
           insert into contacts (id, episode_id, at, type, outcome, duration_minutes, notes, recorded_by, recorded_at)
           select bench_id(4, x.i::bigint * 100 + k), e.id, c.at,
                  (array['in_prison', 'community', 'home_visit', 'phone', 'video', 'professional'])[1 + (x.d + k) % 6],
                  case when (x.d + k) % 9 = 0 then 'did_not_attend' else 'attended' end, 45,
                  'Talked through the week ahead.', e.lead_worker_id, c.at
             from ${episodeRow} x join episodes e on e.id = bench_id(3, x.i)
             cross join generate_series(1, ${counts.contactsPerEpisode}) k
             cross join lateral (
               select x.decided_at + (case when x.open then $5::timestamptz
                        else (${closedOn} + time '12:00') at time zone 'UTC' end - x.decided_at)
                      * (k::float8 / ${counts.contactsPerEpisode + 1}) + make_interval(hours => (x.d + k) % 8) as at
             ) c
           returning id, episode_id, at, outcome, recorded_by
         )
         insert into timeline_events (at, person_id, referral_id, actor_id, kind, summary, contact_id)
         select m.at, e.person_id, e.referral_id, m.recorded_by, 'contact.recorded',
                'Contact: ' || replace(m.outcome, '_', ' ') || ', 45 minutes.', m.id
           from made m join episodes e on e.id = m.episode_id`,
        [...base, today, now],
      );
      tick(affected(contacts) * 2, 'contacts');
    }
    for (const index of indexes) {
      bar.update(done, { phase: `index ${index.name}` });
      await raw.query(index.def);
    }
    bar.update(done, { phase: 'episode states' });
    // Statistics first: without them the planner reads a 'closed' event by the kind index (every closure of ten
    // years) for each episode, not by the episode's own events, and the states below take half an hour.
    await raw.query(`analyze episodes, episode_events`);
    for (const table of BULK_TABLES) await raw.query(`alter table "${table}" enable trigger user`);
    await raw.query(`insert into episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on,
        released_on, expected_release_on, referral_id)
      select id, nextval('episode_state_versions'), episode_is_open(id), site_code, lead_worker_id, episode_closed_on(id),
        episode_released_on(id), episode_expected_release_on(id), referral_id
      from episodes order by id
      on conflict (episode_id) do update set version = excluded.version, open = excluded.open,
        site_code = excluded.site_code, lead_worker_id = excluded.lead_worker_id, closed_on = excluded.closed_on,
        released_on = excluded.released_on, expected_release_on = excluded.expected_release_on,
        referral_id = excluded.referral_id`);
    bar.update(done, { phase: 'VACUUM ANALYZE' });
  } finally {
    for (const table of BULK_TABLES) await raw.query(`alter table "${table}" enable trigger user`);
    bar.stop();
  }
  const inserted = performance.now();
  await raw.query(`drop table if exists bench_tpl`);
  await services.db.execute(sql`vacuum analyze`);
  await services.db.execute(sql`checkpoint`).catch(() => undefined);
  const end = performance.now();

  const [stats] = (
    await raw.query<{ restricted: number; episodes: number; open: number; contacts: number }>(
      `select (select count(*)::int from referrals where restricted) as restricted,
              (select count(*)::int from episodes) as episodes,
              (select count(*)::int from episodes where closed_reason is null) as open,
              (select count(*)::int from contacts) as contacts`,
    )
  ).rows;
  const byStatus = Object.fromEntries(
    (
      await raw.query<{ status: string; n: number }>(`select status, count(*)::int as n from referrals group by status`)
    ).rows.map((r) => [r.status, r.n]),
  );
  return {
    counts,
    loaded: {
      visibleIds: [],
      total: R,
      restricted: stats!.restricted,
      byStatus,
      auditEvents: 0,
      seconds: (end - started) / 1000,
      phases: {
        buildSeconds: (buildStarted - started) / 1000,
        insertSeconds: (inserted - buildStarted) / 1000,
        verifySeconds: (end - inserted) / 1000,
      },
    },
    episodes: {
      total: stats!.episodes,
      open: stats!.open,
      contacts: stats!.contacts,
      visibleOpenIds: [],
      seconds: (end - buildStarted) / 1000,
    },
  };
}

export async function saveNationalMeta(services: Services, meta: NationalMeta): Promise<void> {
  await writeMeta(services, meta);
}

export const runTag = () => `.${randomUUID().slice(0, 8)}`;
