// The caseload (issue "Allocation and caseload"): a worker's own episodes (as lead worker or co-worker) by
// default, the whole site with `?show=all`, sortable by any column (server-side, `?sort=`), 50 a page.
// The page and `GET /api/v1/caseload` share the service and its query string.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { can } from '../access/policy.ts';
import { Forbidden } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { isUuid } from '../http/ids.ts';
import { userNames } from '../episodes/episodeDisplay.ts';
import { readinessFor } from '../releasePlanning/queries.ts';
import { createCaseloadService, type Caseload } from './caseloadService.ts';
import { DEFAULT_SORT, caseloadQuerySchema, parseSort, sortText } from './schema.ts';
import type { Sort, SortKey } from './caseloadQueries.ts';

const COLUMNS: { key: SortKey; text: string }[] = [
  { key: 'person', text: 'Person' },
  { key: 'phase', text: 'Phase' },
  { key: 'release', text: 'Release' },
  { key: 'lastContact', text: 'Last contact' },
  { key: 'nextAction', text: 'Next action' },
  { key: 'lead', text: 'Lead worker' },
];

function siteFor(viewer: Viewer, requested: string | undefined): string {
  if (requested !== undefined && requested !== '') return requested;
  const first = viewer.siteCodes[0];
  if (!first) throw new Forbidden('The caseload is for the site’s practitioners and managers');
  return first;
}

export function registerCaseloadPages(app: FastifyInstance, services: Services): void {
  const { db, sites } = services;
  // Release readiness ("7 of 11 done, 12 days to release") from the release plans of the page's episodes.
  const caseloads = createCaseloadService(services, {
    readinessFor: async (tx, ids) =>
      new Map([...(await readinessFor(tx, ids, sites.all(), services.clock()))].map(([id, r]) => [id, r.text])),
  });

  app.get('/api/v1/caseload', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(caseloadQuerySchema, req.query);
    const result = await db.transaction((tx) =>
      caseloads.caseload(tx, viewer, {
        site: siteFor(viewer, query.site),
        worker: query.worker,
        sort: query.sort,
        page: query.page,
        includeClosed: query.closed === 'include',
      }),
    );
    return { ...result, sort: sortText(result.sort) };
  });

  app.get('/caseload', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    if (!can(viewer, 'viewScreeningQueue')) throw new Forbidden('The caseload is for practitioners and managers');
    const q = (req.query ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof q[key] === 'string' ? q[key] : '');
    const site = viewer.siteCodes.includes(text('site')) ? text('site') : viewer.siteCodes[0]!;
    const worker = text('show') === 'all' ? 'all' : isUuid(text('worker')) ? text('worker') : 'me';
    const sort = parseSort(text('sort')) ?? DEFAULT_SORT;
    const pageNumber = /^\d{1,6}$/.test(text('page')) && Number(text('page')) > 0 ? Number(text('page')) : 1;
    const includeClosed = text('closed') === 'include';
    const { result, workerName } = await db.transaction(async (tx) => ({
      result: await caseloads.caseload(tx, viewer, { site, worker, sort, page: pageNumber, includeClosed }),
      workerName:
        worker !== 'me' && worker !== 'all' && worker !== viewer.id
          ? (await userNames(tx, [worker])).get(worker)
          : undefined,
    }));
    const link = (changes: { sort?: Sort; page?: number; closed?: boolean }) => {
      const params = new URLSearchParams({ site });
      if (worker === 'all') params.set('show', 'all');
      else if (worker !== 'me') params.set('worker', worker);
      const s = changes.sort ?? sort;
      if (s.key !== DEFAULT_SORT.key || s.descending !== DEFAULT_SORT.descending) params.set('sort', sortText(s));
      if (changes.closed ?? includeClosed) params.set('closed', 'include');
      const p = changes.page ?? 1;
      if (p > 1) params.set('page', String(p));
      return `/caseload?${params.toString()}`;
    };
    const columns = COLUMNS.map((c) => {
      const current = c.key === sort.key;
      return {
        ...c,
        current,
        ariaSort: current ? (sort.descending ? 'descending' : 'ascending') : 'none',
        href: link({ sort: { key: c.key, descending: current && !sort.descending } }),
      };
    });
    const mine = worker === 'me' || worker === viewer.id;
    return reply.render('caseload/views/caseload.njk', {
      pageTitle:
        worker === 'all' ? 'Episodes of care' : mine ? 'Your caseload' : `Caseload of ${workerName ?? 'a worker'}`,
      section: 'caseload',
      result,
      items: result.items.map((i) => ({ ...i, isMine: i.leadWorker?.id === viewer.id })),
      all: worker === 'all',
      mine,
      site,
      columns,
      showReadiness: caseloads.hasReadiness,
      includeClosed,
      siteName: sites.get(site)?.name ?? site,
      isManager: viewer.role === 'manager',
      siteOptions: viewer.siteCodes.map((code) => ({
        value: code,
        text: sites.get(code)?.name ?? code,
        selected: code === site,
      })),
      pagination: pagination(result, (page) => link({ page })),
      closedHref: link({ closed: !includeClosed }),
      scopeHrefs: {
        mine: `/caseload?site=${encodeURIComponent(site)}`,
        all: `/caseload?site=${encodeURIComponent(site)}&show=all`,
      },
    });
  });
}

type PageItem = { number: number; href: string; current: boolean } | { ellipsis: true };

/** The NHS pagination component's numbered items: first, last, and two either side of the current page. */
function pagination(result: Caseload, href: (page: number) => string) {
  if (result.pages <= 1) return undefined;
  const items: PageItem[] = [];
  for (let n = 1; n <= result.pages; n++) {
    const last = items.at(-1);
    if (n === 1 || n === result.pages || Math.abs(n - result.page) <= 2)
      items.push({ number: n, href: href(n), current: n === result.page });
    else if (last && !('ellipsis' in last)) items.push({ ellipsis: true });
  }
  return {
    items,
    ...(result.page > 1 ? { previous: { href: href(result.page - 1) } } : {}),
    ...(result.page < result.pages ? { next: { href: href(result.page + 1) } } : {}),
  };
}
