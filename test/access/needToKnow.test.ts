// Need-to-know, walked end to end: every endpoint and page, with every kind of user, against a restricted
// national security referral. A user who may not see it must find no trace of it anywhere: not its id, its
// reference, the person's name or NHS number, not even in counts or duplicate matches.
// A route added to the app without joining CATALOGUE below fails the last test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/testApp.ts';
import { PageSession } from '../support/browserSession.ts';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import type { Probe, ProbeIds, ProbeModule } from './probes/probe.ts';
import { probeModule as allocation } from './probes/allocation.ts';
import { probeModule as care } from './probes/care.ts';
import { probeModule as releasePlanning } from './probes/releasePlanning.ts';
import { probeModule as handovers } from './probes/handovers.ts';
import { probeModule as worklist } from './probes/worklist.ts';
import { probeModule as outbox } from './probes/outbox.ts';
import { probeModule as episodes } from './probes/episodes.ts';
import { probeModule as matching } from './probes/matching.ts';
import { probeModule as multiAgency } from './probes/multiAgency.ts';
import { probeModule as apiTokens } from './probes/apiTokens.ts';
import { probeModule as search } from './probes/search.ts';
import { probeModule as contacts } from './probes/contacts.ts';
import { probeModule as teamReferrals } from './probes/teamReferrals.ts';
import { probeModule as breakGlass } from './probes/breakGlass.ts';
import { probeModule as savedWork } from './probes/savedWork.ts';
import { SITES } from '../support/factories.ts';
import { probeModule as declineLetter } from './probes/declineLetter.ts';
import { probeModule as printView } from './probes/printView.ts';
import { probeModule as outcomes } from './probes/outcomes.ts';
import { probeModule as reports } from './probes/reports.ts';
import { probeModule as fhir } from './probes/fhir.ts';
import { probeModule as referrerView } from './probes/referrerView.ts';
import { probeModule as caseStudies } from './probes/caseStudies.ts';
import { probeModule as evaluation } from './probes/evaluation.ts';
import { probeModule as episodeActions } from './probes/episodeActions.ts';
import { probeModule as teamChoice } from './probes/teamChoice.ts';

/** Each module keeps its own probes beside the others: ./probes/*.ts. */
const MODULES: ProbeModule[] = [
  allocation,
  care,
  releasePlanning,
  handovers,
  worklist,
  outbox,
  episodes,
  multiAgency,
  apiTokens,
  contacts,
  teamReferrals,
  breakGlass,
  savedWork,
  declineLetter,
  printView,
  outcomes,
  reports,
  fhir,
  referrerView,
  caseStudies,
  evaluation,
  episodeActions,
  teamChoice,
];
const ids = (): ProbeIds => ({
  site: SITE,
  restrictedReferralId: restricted.id,
  restrictedReference: restricted.reference,
  restrictedEpisodeId: episodeId,
  restrictedPersonId,
  openReferralId: open.id,
  restrictedPerson,
});

const SITE = SITES.lancashire;
let t: TestApp;
let users: Record<string, TestUser>;
let restricted: { id: string; reference: string; version: number };
let open: { id: string; reference: string };
let episodeId = '';
const SECRET_NAME = 'Quarrington-Vesey';
const walked = new Set<string>();

type Who =
  | 'owner'
  | 'otherReferrer'
  | 'practitioner'
  | 'granted'
  | 'manager'
  | 'otherSitePractitioner'
  | 'otherSiteManager'
  | 'twoSitePractitioner'
  | 'admin'
  | 'commissioner'
  | 'researcher';
const MAY_SEE: Who[] = ['owner', 'manager', 'granted'];

const CATALOGUE: Probe[] = [
  { route: 'GET /api/v1/sites', method: 'GET', url: () => '/api/v1/sites' },
  { route: 'GET /api/v1/referrals', method: 'GET', url: () => '/api/v1/referrals' },
  {
    route: 'GET /api/v1/referrals',
    method: 'GET',
    url: () => `/api/v1/referrals?site=${SITE}&status=awaiting_screening`,
  },
  { route: 'GET /api/v1/referrals/:id', method: 'GET', url: () => `/api/v1/referrals/${restricted.id}` },
  { route: 'GET /api/v1/referrals/:id', method: 'GET', url: () => `/api/v1/referrals/${open.id}` },
  {
    route: 'GET /api/v1/referrals/:id/access-log',
    method: 'GET',
    url: () => `/api/v1/referrals/${restricted.id}/access-log`,
  },
  { route: 'GET /api/v1/notifications', method: 'GET', url: () => '/api/v1/notifications' },
  { route: 'GET /api/v1/episodes', method: 'GET', url: () => '/api/v1/episodes' },
  { route: 'GET /api/v1/episodes', method: 'GET', url: () => `/api/v1/episodes?site=${SITE}` },
  { route: 'GET /api/v1/episodes/:id', method: 'GET', url: () => `/api/v1/episodes/${episodeId}` },
  { route: 'GET /api/v1/episodes/:id/timeline', method: 'GET', url: () => `/api/v1/episodes/${episodeId}/timeline` },
  { route: 'GET /caseload', method: 'GET', page: true, url: () => `/caseload?site=${SITE}&show=all` },
  { route: 'GET /episodes/:id', method: 'GET', page: true, url: () => `/episodes/${episodeId}` },
  {
    route: 'GET /referrals/:id/episode/new',
    method: 'GET',
    page: true,
    url: () => `/referrals/${restricted.id}/episode/new`,
  },
  { route: 'GET /', method: 'GET', page: true, url: () => '/' },
  { route: 'GET /screening', method: 'GET', page: true, url: () => `/screening?site=${SITE}` },
  {
    route: 'GET /screening',
    method: 'GET',
    page: true,
    url: () => `/screening?site=${SITE}&status=information_requested`,
  },
  { route: 'GET /referrals', method: 'GET', page: true, url: () => '/referrals' },
  { route: 'GET /referrals/:id', method: 'GET', page: true, url: () => `/referrals/${restricted.id}` },
  { route: 'GET /referrals/:id', method: 'GET', page: true, url: () => `/referrals/${open.id}` },
  {
    route: 'GET /referrals/:id/confirmation',
    method: 'GET',
    page: true,
    url: () => `/referrals/${restricted.id}/confirmation`,
  },
  {
    route: 'GET /referrals/:id/access-log',
    method: 'GET',
    page: true,
    url: () => `/referrals/${restricted.id}/access-log`,
  },
  { route: 'GET /notifications', method: 'GET', page: true, url: () => '/notifications' },
  { route: 'GET /admin/retention', method: 'GET', page: true, url: () => '/admin/retention?asOf=2100-01-01' },
  { route: 'GET /admin/users', method: 'GET', page: true, url: () => '/admin/users' },
  { route: 'GET /api/v1/users', method: 'GET', url: () => '/api/v1/users' },
  { route: 'GET /api/v1/retention/due', method: 'GET', url: () => '/api/v1/retention/due?asOf=2100-01-01' },
  { route: 'GET /break-glass', method: 'GET', page: true, url: () => '/break-glass' },
  // Search before any referral the caller sends itself naming the restricted person (which it may see).
  ...search.probes(ids),
  // Exact matches first, so the lists read after them hold no probable match the caller sent by name.
  ...matching.probes(ids),
  {
    route: 'POST /api/v1/referrals',
    method: 'POST',
    url: () => '/api/v1/referrals',
    payload: () => ({ ...duplicateOfRestricted(), site: SITE }),
    echoes: [SECRET_NAME],
  },
  {
    route: 'POST /api/v1/eligibility',
    method: 'POST',
    url: () => '/api/v1/eligibility',
    payload: () => duplicateOfRestricted(),
    echoes: [SECRET_NAME],
  },
  {
    route: 'POST /api/v1/referrals/:id/screening',
    method: 'POST',
    url: () => `/api/v1/referrals/${restricted.id}/screening`,
    payload: () => ({ decision: 'more_information', reason: 'probe' }),
  },
  {
    route: 'POST /api/v1/referrals/:id/information',
    method: 'POST',
    url: () => `/api/v1/referrals/${restricted.id}/information`,
    payload: () => ({ answer: 'probe' }),
  },
  {
    route: 'POST /api/v1/referrals/:id/restriction',
    method: 'POST',
    url: () => `/api/v1/referrals/${restricted.id}/restriction`,
    payload: () => ({ restricted: true, reason: 'probe' }),
  },
  {
    route: 'POST /api/v1/referrals/:id/access-grants',
    method: 'POST',
    url: () => `/api/v1/referrals/${restricted.id}/access-grants`,
    payload: () => ({ email: 'nobody@example.org', reason: 'probe', expiresOn: '2030-01-01' }),
  },
  {
    route: 'POST /api/v1/referrals/:id/legal-hold',
    method: 'POST',
    url: () => `/api/v1/referrals/${restricted.id}/legal-hold`,
    payload: () => ({ legalHold: true, reason: 'probe' }),
  },
  {
    route: 'POST /api/v1/episodes',
    method: 'POST',
    url: () => '/api/v1/episodes',
    payload: () => ({ referralId: restricted.id }),
  },
  {
    route: 'POST /api/v1/episodes/:id/contacts',
    method: 'POST',
    url: () => `/api/v1/episodes/${episodeId}/contacts`,
    payload: () => ({ at: '2026-11-10T08:00:00Z', type: 'phone', outcome: 'attended' }),
  },
  {
    route: 'POST /api/v1/episodes/:id/release',
    method: 'POST',
    url: () => `/api/v1/episodes/${episodeId}/release`,
    payload: () => ({ releasedOn: '2026-11-10', releasedFrom: 'court' }),
  },
  {
    route: 'POST /api/v1/episodes/:id/recall',
    method: 'POST',
    url: () => `/api/v1/episodes/${episodeId}/recall`,
    payload: () => ({ reason: 'probe' }),
  },
  {
    route: 'POST /api/v1/episodes/:id/close',
    method: 'POST',
    url: () => `/api/v1/episodes/${episodeId}/close`,
    payload: () => ({ reason: 'probe', summary: 'probe' }),
  },
  {
    route: 'POST /api/v1/break-glass',
    method: 'POST',
    url: () => '/api/v1/break-glass',
    payload: () => ({ reference: restricted.reference, reason: 'probe' }),
  },
  ...MODULES.flatMap((m) => m.probes(ids)),
];

/** Routes with no record in them, or that only ever show the caller their own things. */
const NOT_RECORD_ROUTES = [
  'GET /health',
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-out',
  'GET /signed-out',
  'GET /accessibility',
  'GET /sign-in/code',
  'POST /sign-in/code',
  'GET /account/two-factor',
  'POST /account/two-factor',
  'GET /referrals/new',
  'POST /referrals/new',
  'GET /referrals/drafts/:id/:slug',
  'POST /referrals/drafts/:id/:slug',
  'POST /notifications/read',
  'POST /break-glass',
  'POST /referrals/:id/screening',
  'POST /referrals/:id/information',
  'POST /referrals/:id/restriction',
  'POST /referrals/:id/access-grants',
  'POST /referrals/:id/access-grants/:grantId/revoke',
  'POST /episodes/:id/contacts',
  'POST /episodes/:id/release',
  'POST /episodes/:id/recall',
  'POST /referrals/:id/episode',
  'POST /admin/users/:id/actions',
  'POST /api/v1/users/:id/actions',
  'DELETE /api/v1/referrals/:id/access-grants/:grantId',
  ...MODULES.flatMap((m) => m.notRecordRoutes),
];

/**
 * The same name and date of birth as the restricted person (a probable match), itself in priority group 1
 * so that the probe's own referrals stay restricted and do not show up for the users walked after it.
 */
function duplicateOfRestricted() {
  const b = fictionalReferral(SITE, 4242, t.clock.now, 'automatic');
  return {
    ...b,
    priorityGroup: 1,
    person: { ...b.person, familyName: SECRET_NAME, nhsNumber: null, prisonNumber: null, crn: 'Q987654' },
  };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function leaks(body: string, echoes: string[] = []): string[] {
  const secrets = [
    restricted.id,
    restricted.reference,
    restrictedPersonId,
    SECRET_NAME,
    restrictedPerson.nhsNumber,
    restrictedPerson.prisonNumber,
    restrictedPerson.crn,
    episodeId,
  ].filter(Boolean);
  return secrets.filter((s) => !echoes.includes(s) && body.includes(s));
}
let restrictedPerson: ProbeIds['restrictedPerson'] = { dateOfBirth: '', nhsNumber: '', prisonNumber: '', crn: '' };
let restrictedPersonId = '';

beforeAll(async () => {
  t = await createTestApp();
  const u = async (role: Parameters<TestApp['user']>[0], sites: string[] = []) => t.user(role, { sites });
  users = {
    owner: await u('referrer'),
    otherReferrer: await u('referrer'),
    practitioner: await u('practitioner', [SITE]),
    granted: await u('practitioner', ['reconnect-hampshire']),
    manager: await u('manager', [SITE]),
    otherSitePractitioner: await u('practitioner', ['reconnect-hampshire']),
    otherSiteManager: await u('manager', ['reconnect-hampshire']),
    // Works at the restricted record's site and another: "All my teams" (issue 10) must not widen their view.
    twoSitePractitioner: await u('practitioner', [SITE, 'reconnect-hampshire']),
    admin: await u('admin'),
    commissioner: await u('commissioner'),
    researcher: await u('researcher'),
  };
  const body = fictionalReferral(SITE, 4242, t.clock.now, 'automatic');
  const nsd = {
    ...body,
    priorityGroup: 1 as const,
    person: { ...body.person, familyName: SECRET_NAME, crn: 'Q123450' },
  };
  restrictedPerson = {
    dateOfBirth: nsd.person.dateOfBirth,
    nhsNumber: nsd.person.nhsNumber!,
    prisonNumber: nsd.person.prisonNumber!,
    crn: nsd.person.crn,
  };
  restricted = (await t.api(users.owner!.token, { method: 'POST', url: '/api/v1/referrals', payload: nsd })).json();
  restrictedPersonId = (restricted as unknown as { personId: string }).personId;
  open = (
    await t.api(users.otherReferrer!.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: fictionalReferral(SITE, 77, t.clock.now),
    })
  ).json();
  const grant = await t.api(users.manager!.token, {
    method: 'POST',
    url: `/api/v1/referrals/${restricted.id}/access-grants`,
    payload: { email: users.granted!.email, reason: 'MAPPA meeting tomorrow', expiresOn: '2026-12-31' },
  });
  expect(grant.statusCode).toBe(201);
  // The restricted referral goes on to an episode of care: its need-to-know must carry over.
  const current = (await t.api(users.manager!.token, { method: 'GET', url: `/api/v1/referrals/${restricted.id}` }))
    .headers.etag as string;
  const accepted = await t.api(users.manager!.token, {
    method: 'POST',
    url: `/api/v1/referrals/${restricted.id}/screening`,
    payload: { decision: 'accept' },
    headers: { 'if-match': current },
  });
  expect(accepted.statusCode).toBe(200);
  const episode = await t.api(users.manager!.token, {
    method: 'POST',
    url: '/api/v1/episodes',
    payload: {
      referralId: restricted.id,
      consultation: {
        date: '2026-11-09',
        attendees: [{ role: 'com', name: 'Casey COM', organisation: 'Probation' }],
        decision: 'accept',
        rationale: 'Meets priority group 1',
      },
    },
  });
  expect(episode.statusCode).toBe(201);
  episodeId = episode.json().id;
  for (const m of MODULES) await m.prepare?.(t, ids(), users.manager!);
});
afterAll(() => t.close());

describe.each(
  Object.keys({
    owner: 1,
    otherReferrer: 1,
    practitioner: 1,
    granted: 1,
    manager: 1,
    otherSitePractitioner: 1,
    otherSiteManager: 1,
    twoSitePractitioner: 1,
    admin: 1,
    commissioner: 1,
    researcher: 1,
  }) as Who[],
)('as %s', (who) => {
  const maySee = MAY_SEE.includes(who);

  it.each(CATALOGUE.map((p) => [`${p.method} ${p.url.toString().slice(6, 60)}`, p] as const))(
    '%s',
    async (_name, probe) => {
      walked.add(probe.route);
      const user = users[who]!;
      let status: number;
      let body: string;
      if (probe.page) {
        const page = new PageSession(t.app);
        await page.signIn(user.email, user.password);
        const res = await page.get(probe.url());
        status = res.statusCode;
        body = res.body;
      } else {
        const res = await t.api(user.token, {
          method: probe.method,
          url: probe.url(),
          ...(probe.payload ? { payload: probe.payload() } : {}),
          headers: { 'if-match': '"999"' },
        });
        status = res.statusCode;
        body = res.body;
      }
      expect(status).toBeLessThan(500);
      if (!maySee)
        expect(
          leaks(body, typeof probe.echoes === 'function' ? probe.echoes() : probe.echoes),
          `${who} saw the restricted record through ${probe.route}`,
        ).toEqual([]);
      if (probe.teamOnly && (who === 'owner' || who === 'otherReferrer')) {
        const clinical = probe.teamOnly();
        expect(clinical.length).toBeGreaterThan(0);
        expect(
          clinical.filter((s) => body.includes(s) || body.includes(escapeHtml(s))),
          `${who} read the team's clinical record through ${probe.route}`,
        ).toEqual([]);
      }
    },
  );
});

describe('the catalogue', () => {
  it('covers every route of the application', () => {
    const routes = new Set(t.app.routeCatalogue);
    const covered = new Set([...CATALOGUE.map((p) => p.route), ...NOT_RECORD_ROUTES]);
    const missing = [...routes].filter((r) => !covered.has(r) && !r.includes('/nhsuk/') && !r.includes('/static/'));
    expect(missing, 'add these routes to CATALOGUE (or NOT_RECORD_ROUTES with a reason)').toEqual([]);
    expect(walked.size).toBeGreaterThan(15);
  });

  it('lets the people who may see the record see it', async () => {
    for (const who of MAY_SEE) {
      const res = await t.api(users[who]!.token, { method: 'GET', url: `/api/v1/referrals/${restricted.id}` });
      expect(res.statusCode, who).toBe(200);
    }
  });
});
