// The caseload's rows and page (views never see raw rows): each episode with its phase in words, last
// contact, next action and readiness; the page's headings that sort, the links that keep the query, and
// the NHS pagination component's items.
import type { Viewer } from '../access/viewer.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { PhaseSummary } from '../episodes/presenter.ts';
import type { ContactSummary } from '../episodes/service.ts';
import type { caseloadPage } from './repository.ts';
import { DEFAULT_SORT, sortText, type Sort, type SortKey } from './schema.ts';
import { ALL_TEAMS, teamOptions } from '../teamChoice/rules.ts';

type PageRow = Awaited<ReturnType<typeof caseloadPage>>[number];

export interface CaseloadRow {
  episodeId: string;
  referralId: string;
  siteCode: string;
  reference: string;
  name: string;
  status: PhaseSummary['status'];
  statusText: string;
  releaseText: string;
  expectedReleaseDate: string | null;
  releasedOn: string | null;
  daysToRelease: number | null;
  daysSinceRelease: number | null;
  leadWorker: { id: string; name: string } | null;
  coWorkerRole: string | null;
  lastContact: { at: string; outcome: string } | null;
  didNotAttendLast30Days: number;
  nextAction: { description: string; dueOn: string | null } | null;
  readiness?: string | undefined;
}

export interface Caseload {
  site: string;
  worker: string;
  sort: Sort;
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  items: CaseloadRow[];
}

export function presentCaseloadRow(
  r: PageRow,
  phase: PhaseSummary,
  extra: {
    contact: ContactSummary | undefined;
    nextAction: { description: string; dueOn: string | null } | undefined;
    readiness?: string | undefined;
  },
): CaseloadRow {
  const { contact } = extra;
  return {
    episodeId: r.id,
    referralId: r.referralId,
    siteCode: r.siteCode,
    reference: r.reference,
    name: `${r.givenName} ${r.familyName}`,
    status: phase.status,
    statusText: phase.statusText,
    releaseText: phase.releaseText,
    expectedReleaseDate: phase.expectedReleaseDate,
    releasedOn: phase.releasedOn,
    daysToRelease: phase.daysToRelease,
    daysSinceRelease: phase.daysSinceRelease,
    leadWorker: r.leadWorkerId ? { id: r.leadWorkerId, name: r.leadName ?? 'Unknown' } : null,
    coWorkerRole: r.coWorkerRole,
    lastContact:
      contact?.lastContactAt && contact.lastOutcome
        ? { at: contact.lastContactAt.toISOString(), outcome: contact.lastOutcome }
        : null,
    didNotAttendLast30Days: contact?.didNotAttendLast30Days ?? 0,
    nextAction: extra.nextAction ?? null,
    ...('readiness' in extra ? { readiness: extra.readiness } : {}),
  };
}

const COLUMNS: { key: SortKey; text: string }[] = [
  { key: 'person', text: 'Person' },
  { key: 'phase', text: 'Phase' },
  { key: 'release', text: 'Release' },
  { key: 'lastContact', text: 'Last contact' },
  { key: 'nextAction', text: 'Next action' },
  { key: 'lead', text: 'Lead worker' },
];

export interface CaseloadPageParts {
  caseload: Caseload;
  /** What was asked: `worker` as the link had it ('me', 'all' or an id), so links keep it. */
  query: { site: string; worker: string; sort: Sort; includeClosed: boolean };
  viewer: Viewer;
  /** The worker asked for by id, when the viewer may see them. */
  workerName: string | undefined;
  sites: SiteCatalogue;
  showReadiness: boolean;
}

export function presentCaseloadPage({ caseload, query, viewer, workerName, sites, showReadiness }: CaseloadPageParts) {
  const { site, worker, sort, includeClosed } = query;
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
  return {
    pageTitle:
      worker === 'all' ? 'Episodes of care' : mine ? 'Your caseload' : `Caseload of ${workerName ?? 'a worker'}`,
    section: 'caseload',
    result: caseload,
    items: caseload.items.map((i) => ({ ...i, isMine: i.leadWorker?.id === viewer.id })),
    all: worker === 'all',
    mine,
    site,
    columns,
    showReadiness,
    includeClosed,
    allTeams: site === ALL_TEAMS,
    siteName: site === ALL_TEAMS ? 'All your teams' : (sites.get(site)?.name ?? 'Your team'),
    siteOptions: teamOptions(site, viewer.siteCodes, (code) => sites.get(code)?.name ?? 'Another team'),
    pagination: pagination(caseload, (page) => link({ page })),
    closedHref: link({ closed: !includeClosed }),
    scopeHrefs: {
      mine: `/caseload?site=${encodeURIComponent(site)}`,
      all: `/caseload?site=${encodeURIComponent(site)}&show=all`,
    },
  };
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
