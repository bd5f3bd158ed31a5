/**
 * The worklist for a viewer, for a site's team (the system's email digest), and the navigation's count.
 *
 * Who may see it (access decision): the practitioners and managers of a site see its worklist, limited by
 * need-to-know (a practitioner does not see restricted cases unless they lead them or were granted
 * access). Without `site` it covers every site the viewer works at: the regional or national view for a
 * user of several sites. Commissioners, researchers, admins and referrers get 403: the items are about
 * people, and PRODUCT.md gives commissioners "aggregate performance across sites, no personal data".
 */
import type { Queryable } from '../db/client.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Forbidden, ValidationFailed } from '../http/errors.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import { isMine, worklist } from './rules.ts';
import { loadWorklistState, viewerWorklistState } from './state.ts';
import type { WorklistItem } from './types.ts';

export interface SiteList {
  all(): SiteDefinition[];
  get(code: string): SiteDefinition | undefined;
}

export interface WorklistRequest {
  site?: string | undefined;
  asOf: Date;
  view?: 'mine' | 'team' | undefined;
}

/** The sites a request covers, or why not. */
export function sitesFor(viewer: Viewer, sites: SiteList, site: string | undefined): string[] {
  if (!can(viewer, 'viewScreeningQueue'))
    throw new Forbidden('The worklist is for the practitioners and managers of a site');
  if (site === undefined) return [...viewer.siteCodes];
  if (!sites.get(site))
    throw new ValidationFailed([{ field: 'site', message: 'Must be the code of a site, like er-lancashire-cumbria' }]);
  if (!viewer.siteCodes.includes(site)) throw new Forbidden('You can see the worklist of your own sites only');
  return [site];
}

/** The items the viewer may see, as of `asOf`; the read is audited (PRODUCT.md: every access is audited). */
export async function worklistFor(
  db: Queryable,
  sites: SiteList,
  viewer: Viewer,
  request: WorklistRequest,
  now: Date,
): Promise<WorklistItem[]> {
  const siteCodes = sitesFor(viewer, sites, request.site);
  const mine = request.view === 'mine';
  const state = await viewerWorklistState(db, sites.all(), viewer, siteCodes, mine);
  const items = worklist(state, request.asOf);
  const shown = mine ? items.filter((i) => isMine(i, viewer.id)) : items;
  await recordAudit(
    db,
    {
      actor: actorOf(viewer),
      action: 'worklist.viewed',
      details: {
        sites: siteCodes,
        asOf: request.asOf.toISOString(),
        view: request.view ?? 'team',
        count: shown.length,
      },
    },
    now,
  );
  return shown;
}

/**
 * Every item of one site as of `asOf`, with no viewer: for the system's own use (the email digest to the
 * site's team), never for a person's request. Its callers decide who may be told what.
 */
export async function siteWorklist(
  db: Queryable,
  sites: SiteList,
  siteCode: string,
  asOf: Date,
): Promise<WorklistItem[]> {
  return worklist(await loadWorklistState(db, sites.all(), { siteCodes: [siteCode] }), asOf);
}

/** The navigation's "Worklist (N)": the viewer's own high-severity items now. Loads only their episodes. */
export async function myHighSeverityCount(
  db: Queryable,
  sites: SiteList,
  viewer: Viewer,
  now: Date,
): Promise<number | undefined> {
  if (!can(viewer, 'viewScreeningQueue')) return undefined;
  const state = await viewerWorklistState(db, sites.all(), viewer, viewer.siteCodes, true);
  return worklist(state, now).filter((i) => i.severity === 'high' && isMine(i, viewer.id)).length;
}
