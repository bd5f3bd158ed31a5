// The measured scenarios, each an autocannon request list: the ceiling, an API write, API reads, pages,
// the timeline and the worklists. Every request that reads a referral names a different one (ids cycle through the whole
// data set in a shuffled order), and every submission is a different person.
import type autocannon from 'autocannon';
import { fictionalReferral, syntheticNhsNumber, type ExampleKind } from '../src/demo/fictionalReferrals.ts';
import { BENCH_SITES } from './seed.ts';
import { FLOOR_PATH } from './floor.ts';

export interface Target {
  p99Ms?: number;
  minShareOfCeiling?: number;
  /** Of the floor endpoint's throughput in the same run (bench/floor.ts). */
  minShareOfFloor?: number;
  minRequestsPerSecond?: number;
  /** Server CPU per request: the app process and PostgreSQL's backends together (PGlite: the app process). */
  maxCpuMs?: number;
}

/** Issue 13: every staff page at most 5 ms of server CPU, p99 < 50 ms at 8 connections. */
const STAFF_PAGE: Target = { p99Ms: 50, maxCpuMs: 5 };

export interface Scenario {
  key: string;
  label: string;
  target: Target;
  /** One request exactly as autocannon will send it, for the smoke check before measuring. */
  sample(): { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
  requests(): autocannon.Request[];
  headers: Record<string, string>;
  /** Connections to measure at, when the target names its own (else BENCH_CONNECTIONS). */
  connections?: number;
  /**
   * A request that may take longer than autocannon's 10 s timeout (a whole extract at national scale): measured
   * without a warm-up, for at least this many seconds, each request given as long.
   */
  longRequestSeconds?: number;
}

export interface Credentials {
  referrerToken: string;
  practitionerToken: string;
  sessionCookie: string;
  sites: string[];
  visibleIds: string[];
  /** Open episodes the practitioner may see. */
  episodeIds: string[];
  /** People whose chronology holds about 500 entries from 8 agencies. */
  chronologyPersonIds: string[];
  /** Issue 15: a commissioner (the national report) and a researcher (the evaluation extract). */
  commissionerToken: string;
  researcherToken: string;
}

/** Deterministic shuffle (a seeded LCG), so consecutive reads hit different sites, ages and statuses. */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const KINDS: ExampleKind[] = ['eligible', 'eligible', 'eligible', 'discretionary', 'ineligible', 'automatic'];

function cycling(paths: string[]): () => string {
  let i = 0;
  return () => paths[i++ % paths.length]!;
}

/**
 * What people type to find someone in the loaded data (fictionalReferral's names and NHS numbers): a
 * full name, the family name and part of the given name in the other order, and an NHS number with spaces.
 */
function searchQueries(): string[] {
  const queries: string[] = [];
  for (let seed = 1; seed <= 300; seed++) {
    const { person } = fictionalReferral(BENCH_SITES[0]!, seed, new Date(), 'eligible');
    const nhs = syntheticNhsNumber(seed * 7 + 11);
    queries.push(
      `${person.givenName} ${person.familyName}`,
      `${person.familyName.toLowerCase()} ${person.givenName.slice(0, 3)}`,
      `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`,
    );
  }
  return shuffled(queries, 13);
}

/** The NHS numbers among those queries, as ten digits: the same people for the JSON search and FHIR Patient. */
function nhsNumberQueries(): string[] {
  return searchQueries()
    .filter((q) => /^\d{3} \d{3} \d{4}$/.test(q))
    .map((q) => q.replace(/ /g, ''));
}

export function buildScenarios(
  c: Credentials,
  options: { idempotencyKeys: boolean; runId: string; pageConnections: number },
): Scenario[] {
  const ids = shuffled(c.visibleIds);
  const episodes = shuffled(c.episodeIds, 7);
  const api = { authorization: `Bearer ${c.practitionerToken}`, accept: 'application/json' };
  const page = { cookie: c.sessionCookie, accept: 'text/html' };

  function getScenario(
    key: string,
    label: string,
    target: Target,
    headers: Record<string, string>,
    paths: string[],
    connections?: number,
  ): Scenario {
    return {
      ...(connections ? { connections } : {}),
      key,
      label,
      target,
      headers,
      sample: () => ({ method: 'GET', path: paths[0]!, headers }),
      requests: () => {
        const next = cycling(paths);
        return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: next() }) }];
      },
    };
  }

  // Submissions: a new person each time (seeds far above the loaded ones), so matching does real work
  // (some name + date of birth collisions with loaded people, as in life) rather than hitting one row.
  let seed = 100_000;
  let keyCounter = 0;
  const submission = () => {
    const n = seed++;
    const site = BENCH_SITES[n % BENCH_SITES.length]!;
    const body = JSON.stringify(fictionalReferral(site, n, new Date(), KINDS[n % KINDS.length]));
    const headers: Record<string, string> = {
      authorization: `Bearer ${c.referrerToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (options.idempotencyKeys) headers['idempotency-key'] = `bench-${options.runId}-${++keyCounter}`;
    return { headers, body };
  };

  return [
    getScenario('ceiling', 'ceiling: GET /health (no database)', {}, {}, ['/health']),
    // The floor (bench/floor.ts): a token lookup, one primary-key read, one audit insert, in raw SQL.
    getScenario(
      'floor',
      'floor: token lookup + primary-key read + audit insert, raw SQL',
      {},
      api,
      [...ids].reverse().map((id) => `${FLOOR_PATH}/${id}`),
    ),
    {
      key: 'submit',
      label: 'submit referral: POST /api/v1/referrals',
      target: { minRequestsPerSecond: 500 },
      headers: {},
      sample: () => ({ method: 'POST', path: '/api/v1/referrals', ...submission() }),
      requests: () => [
        {
          method: 'POST',
          path: '/api/v1/referrals',
          setupRequest: (req) => {
            const { headers, body } = submission();
            return { ...req, headers: { ...req.headers, ...headers }, body };
          },
        },
      ],
    },
    getScenario(
      'queue',
      'screening queue page: GET /screening?site=…',
      STAFF_PAGE,
      page,
      c.sites.map((s) => `/screening?site=${encodeURIComponent(s)}`),
      options.pageConnections,
    ),
    getScenario(
      'page',
      'referral page: GET /referrals/{id}',
      STAFF_PAGE,
      page,
      ids.map((id) => `/referrals/${id}`),
      options.pageConnections,
    ),
    getScenario(
      'api-read',
      'API read: GET /api/v1/referrals/{id}',
      { p99Ms: 50, minShareOfFloor: 0.6 },
      api,
      [...ids].reverse().map((id) => `/api/v1/referrals/${id}`),
    ),
    // Issue 4: the caseload page, the episode page and its timeline, with 10,000 episodes and 200,000 contacts.
    getScenario(
      'caseload',
      'caseload page: GET /caseload (own cases, then the whole site)',
      STAFF_PAGE,
      page,
      ['/caseload', ...c.sites.map((s) => `/caseload?site=${encodeURIComponent(s)}&show=all`)],
      options.pageConnections,
    ),
    getScenario(
      'episode',
      'episode page: GET /episodes/{id}',
      STAFF_PAGE,
      page,
      episodes.map((id) => `/episodes/${id}`),
      options.pageConnections,
    ),
    getScenario(
      'release-plan',
      'release plan page: GET /episodes/{id}/release-plan',
      STAFF_PAGE,
      page,
      [...episodes].reverse().map((id) => `/episodes/${id}/release-plan`),
      options.pageConnections,
    ),
    getScenario(
      'worklist-page',
      'worklist page: GET /worklist',
      STAFF_PAGE,
      page,
      ['/worklist'],
      options.pageConnections,
    ),
    // What every signed-in page pays before its own data: the session, the viewer, the navigation counts
    // (worklist, handovers, actions, notifications) and the layout. The search page before a search shows only those.
    getScenario(
      'page-shell',
      'page shell: GET /search (no query: session, navigation counts, layout)',
      {},
      page,
      ['/search'],
      options.pageConnections,
    ),
    getScenario(
      'timeline',
      'timeline: GET /api/v1/episodes/{id}/timeline',
      { p99Ms: 50 },
      api,
      [...episodes].reverse().map((id) => `/api/v1/episodes/${id}/timeline`),
    ),
    // Issue 11: a person's chronology with 500 entries from 8 agencies, at 8 connections.
    {
      ...getScenario(
        'chronology',
        'chronology (8 connections): GET /api/v1/people/{id}/chronology, 500 entries from 8 agencies',
        STAFF_PAGE,
        api,
        shuffled(c.chronologyPersonIds, 11).map((id) => `/api/v1/people/${id}/chronology`),
      ),
      connections: 8,
    },
    // Issue 10: finding a person by full name, part of a name in any order, and NHS number with spaces.
    getScenario(
      'search',
      'search: GET /api/v1/search?q=… (names and NHS numbers)',
      STAFF_PAGE,
      api,
      searchQueries().map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`),
      options.pageConnections,
    ),
    // Issue 12: the FHIR facade beside the JSON API's equivalent reads, in the same run (it should cost at most
    // 20% more): a person by NHS number beside the JSON search by the same NHS numbers, both at the search's
    // connections (search above mixes names, which cost more), and an episode by id beside its API read.
    getScenario(
      'search-nhs',
      'search by NHS number: GET /api/v1/search?q=… (the NHS numbers FHIR Patient asks for)',
      STAFF_PAGE,
      api,
      nhsNumberQueries().map((nhs) => `/api/v1/search?q=${nhs}`),
      options.pageConnections,
    ),
    getScenario(
      'fhir-patient',
      'FHIR: GET /fhir/R4/Patient?identifier=nhs-number|… (beside search by NHS number)',
      { p99Ms: 60 },
      { authorization: `Bearer ${c.practitionerToken}`, accept: 'application/fhir+json' },
      nhsNumberQueries().map(
        (nhs) => `/fhir/R4/Patient?identifier=${encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${nhs}`)}`,
      ),
      options.pageConnections,
    ),
    getScenario(
      'episode-api',
      'API read: GET /api/v1/episodes/{id}',
      { p99Ms: 50 },
      api,
      episodes.map((id) => `/api/v1/episodes/${id}`),
    ),
    getScenario(
      'fhir-episode',
      'FHIR: GET /fhir/R4/EpisodeOfCare/{id} (beside the API read of an episode)',
      { p99Ms: 60 },
      { authorization: `Bearer ${c.practitionerToken}`, accept: 'application/fhir+json' },
      episodes.map((id) => `/fhir/R4/EpisodeOfCare/${id}`),
    ),
    // Issue 5: a site's worklist (500 open episodes) and the national one across every site.
    getScenario(
      'worklist-site',
      'worklist of a site: GET /api/v1/worklist?site=…',
      { p99Ms: 50, maxCpuMs: 10 },
      api,
      c.sites.map((s) => `/api/v1/worklist?site=${encodeURIComponent(s)}`),
      options.pageConnections,
    ),
    // The national worklist as a screen shows it (its first 100 items, most urgent first: every item is still worked
    // out, and counted in `total`), and whole (thousands of items, megabytes: what a script asking for all of it pays).
    getScenario(
      'worklist-national',
      'national worklist, first page: GET /api/v1/worklist?limit=100',
      { p99Ms: 50 },
      api,
      ['/api/v1/worklist?limit=100'],
      options.pageConnections,
    ),
    getScenario(
      'worklist-national-all',
      'national worklist, every item: GET /api/v1/worklist',
      {},
      api,
      ['/api/v1/worklist'],
      options.pageConnections,
    ),
    // Issue 15: the national monthly report over every episode (the last twelve months, disclosure-controlled) as a
    // commissioner reads it, and the evaluation extract of every episode streamed as CSV; one connection each, as
    // one person asks for them.
    getScenario(
      'report-national',
      'national monthly report: GET /api/v1/reports/kpis (last 12 months)',
      { p99Ms: 200 },
      { authorization: `Bearer ${c.commissionerToken}`, accept: 'application/json' },
      ['/api/v1/reports/kpis'],
      1,
    ),
    // Every episode: at national scale a long download, waited for as long as it takes.
    {
      ...getScenario(
        'evaluation-extract',
        'evaluation extract: GET /api/v1/evaluation/extract (every episode, streamed CSV)',
        { p99Ms: 5000 },
        { authorization: `Bearer ${c.researcherToken}`, accept: 'text/csv' },
        ['/api/v1/evaluation/extract'],
        1,
      ),
      longRequestSeconds: 180,
    },
  ];
}
