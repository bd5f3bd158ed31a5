// The caseload (issue "Allocation and caseload": "My caseload: a practitioner's cases with phase, days to
// release or since release, last contact, next action, sortable"). A page of 50 rows at a time: the rows and
// their order come from repository.ts, each row's phase and contacts from the episode service, next actions
// from care and readiness from release planning (all handed in by services.ts), and the read is audited.
// A caseload names only a worker the viewer may see (issue 14); any other id is treated as no such worker.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { EpisodeService, Readiness } from '../episodes/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce } from '../sites/policy.ts';
import * as repo from './repository.ts';
import { presentCaseloadPage, presentCaseloadRow, type Caseload, type CaseloadRow } from './presenter.ts';
import type { Sort } from './schema.ts';
import { ALL_TEAMS } from '../teamChoice/rules.ts';

export const PAGE_SIZE = 50;

export interface CaseloadQuery {
  site: string;
  /** `me`, `all` (the whole site) or the id of a worker. */
  worker: string;
  sort: Sort;
  page: number;
  includeClosed: boolean;
}

/** The next open action of each episode (care/queries.ts nextActionsFor). */
export type NextActions = (
  db: Queryable,
  episodeIds: string[],
) => Promise<ReadonlyMap<string, { description: string; dueOn: string | null }>>;

export interface CaseloadDeps {
  clock: Clock;
  sites: SiteCatalogue;
  episodes: Pick<EpisodeService, 'phasesOf' | 'contactSummaries'>;
  nextActions: NextActions;
  /** Release readiness, when a module provides it (the caseload leaves a column for it). */
  readiness?: Readiness | undefined;
}

export function createCaseloadService({ clock, sites, episodes, nextActions, readiness }: CaseloadDeps) {
  /** The worker asked for by id, named only when the viewer may see them (access/policies/caseload.ts). */
  async function visibleWorker(db: Queryable, viewer: Viewer, id: string): Promise<{ name: string } | undefined> {
    const worker = await repo.workerOf(db, id);
    return worker && can(viewer, 'viewCaseloadOf', worker) ? worker : undefined;
  }

  async function read(
    db: Queryable,
    viewer: Viewer,
    query: CaseloadQuery,
  ): Promise<{ caseload: Caseload; workerName: string | undefined }> {
    // "All my teams" (issue 10): every site of the user's, each authorised as if asked for alone.
    const siteCodes = query.site === ALL_TEAMS && viewer.siteCodes.length ? [...viewer.siteCodes] : [query.site];
    for (const siteCode of siteCodes) authorize(viewer, 'viewCaseloadAt', { siteCode });
    const now = clock();
    const today = londonDate(now);
    const preReleaseMonths = new Map(
      siteCodes.map((code) => {
        const site = sites.get(code);
        const policy = site ? (policyInForce(site, now) ?? site.policies.at(-1)) : undefined;
        if (!policy) throw new Error(`Site ${code} has no policy`);
        return [code, policy.preReleaseMonths] as const;
      }),
    );
    const worker = query.worker === 'me' ? viewer.id : query.worker;
    const named = worker === 'all' || worker === viewer.id ? undefined : await visibleWorker(db, viewer, worker);
    const noSuchWorker = worker !== 'all' && worker !== viewer.id && !named;
    const filter = {
      sites: siteCodes,
      worker,
      includeClosed: query.includeClosed,
      sort: query.sort,
      page: query.page,
      pageSize: PAGE_SIZE,
      today,
      preReleaseMonths,
    };
    let page = filter.page;
    let rows = noSuchWorker ? [] : await repo.caseloadPage(db, viewer, filter);
    // Past the last page (the caseload shrank since the link was made): the first page instead.
    if (!rows.length && page > 1) {
      page = 1;
      rows = noSuchWorker ? [] : await repo.caseloadPage(db, viewer, { ...filter, page });
    }
    const ids = rows.map((r) => r.id);
    const phases = await episodes.phasesOf(db, rows, now);
    const contacts = await episodes.contactSummaries(db, ids, now);
    const actions = await nextActions(db, ids);
    const ready = readiness ? await readiness(db, ids, now) : undefined;
    const items = rows.flatMap((r): CaseloadRow[] => {
      const phase = phases.get(r.id);
      if (!phase) return [];
      return [
        presentCaseloadRow(r, phase, {
          contact: contacts.get(r.id),
          nextAction: actions.get(r.id),
          ...(ready ? { readiness: ready.get(r.id)?.text } : {}),
        }),
      ];
    });
    const total = rows[0]?.total ?? 0;
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'caseload.viewed',
        details: { site: query.site, sites: siteCodes, worker, sort: query.sort, page, count: items.length },
      },
      now,
    );
    const caseload = {
      site: query.site,
      worker,
      sort: query.sort,
      page,
      pageSize: PAGE_SIZE,
      total,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      items,
    };
    return { caseload, workerName: named?.name };
  }

  return {
    hasReadiness: readiness !== undefined,

    /** GET /api/v1/caseload: 403 outside the viewer's sites. */
    async caseload(db: Queryable, viewer: Viewer, query: CaseloadQuery): Promise<Caseload> {
      return (await read(db, viewer, query)).caseload;
    },

    /**
     * The caseload page, read once: a site that is not the viewer's falls back to their first (a stale
     * link still shows a caseload), then the same read as the API, presented with its links and headings.
     */
    async page(db: Queryable, viewer: Viewer, query: Omit<CaseloadQuery, 'site'> & { site: string }) {
      authorize(viewer, 'viewCaseloads');
      const site =
        query.site === ALL_TEAMS || can(viewer, 'viewCaseloadAt', { siteCode: query.site })
          ? query.site
          : (viewer.siteCodes[0] ?? '');
      const { caseload, workerName } = await read(db, viewer, { ...query, site });
      return presentCaseloadPage({
        caseload,
        query: { ...query, site },
        viewer,
        workerName,
        sites,
        showReadiness: readiness !== undefined,
      });
    },
  };
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;
