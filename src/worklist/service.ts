// The safety-net worklist's reads: for a viewer (the API and the page, one call each), for a site's team
// with no viewer (the system's email digest), and the navigation's count. The items are the pure rules'
// (rules.ts) over the state the repository loads; nothing is stored as a flag.
//
// Who may see it: the practitioners and managers of a site see its worklist, limited by need-to-know (a
// practitioner does not see restricted cases unless they lead them or were granted access). Without
// `site` it covers every site the viewer works at: the regional or national view for a user of several
// sites (access/policies/worklist.ts).
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can } from '../access/policy.ts';
import { reviewSites } from '../access/service.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { ValidationFailed } from '../http/errors.ts';
import { byPriority, isMine, worklist } from './rules.ts';
import * as repo from './repository.ts';
import { presentWorklistPage } from './presenter.ts';
import type { WorklistPageQuery } from './forms.ts';
import type { MeetingActionsOverdue, WorklistItem } from './types.ts';

export interface WorklistRequest {
  site?: string | undefined;
  /** When to compute it for (a later date looks ahead); now when absent. */
  asOf?: Date | undefined;
  view?: 'mine' | 'team' | undefined;
}

export function createWorklistService({
  sites,
  clock,
  meetingActionsOverdue,
}: {
  sites: SiteCatalogue;
  clock: Clock;
  /** The meetings' overdue actions; a worklist without meetings (a rule's own test) has none. */
  meetingActionsOverdue?: MeetingActionsOverdue;
}) {
  /** The support plans' items and the meetings' overdue actions, in one order. */
  async function withMeetingActions(
    db: Queryable,
    items: WorklistItem[],
    reader: Viewer | 'system',
    siteCodes: readonly string[],
    asOf: Date,
  ): Promise<WorklistItem[]> {
    if (!meetingActionsOverdue || siteCodes.length === 0) return items;
    const actions = await meetingActionsOverdue(db, reader, siteCodes, asOf);
    return actions.length ? [...items, ...actions].sort(byPriority) : items;
  }

  /** The sites a request covers, or why not (403 before anything is read; 400 for a site that does not exist). */
  function sitesFor(viewer: Viewer, site: string | undefined): string[] {
    authorize(viewer, 'viewWorklist');
    if (site === undefined) return [...viewer.siteCodes];
    if (!sites.get(site))
      throw new ValidationFailed([
        { field: 'site', message: 'Must be the code of a site, like er-lancashire-cumbria' },
      ]);
    authorize(viewer, 'viewSiteWorklist', { siteCode: site });
    return [site];
  }

  /** The items the viewer may see, as of `asOf`; the read is audited (PRODUCT.md: every access is audited). */
  async function list(db: Queryable, viewer: Viewer, request: WorklistRequest) {
    const siteCodes = sitesFor(viewer, request.site);
    const now = clock();
    const asOf = request.asOf ?? now;
    const mine = request.view === 'mine';
    const reviewing = reviewSites(viewer).filter((code) => siteCodes.includes(code));
    const state = await repo.viewerWorklistState(db, sites.all(), viewer, siteCodes, mine, reviewing);
    const found = await withMeetingActions(db, worklist(state, asOf), viewer, siteCodes, asOf);
    const items = mine ? found.filter((i) => isMine(i, viewer.id)) : found;
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'worklist.viewed',
        details: {
          sites: siteCodes,
          asOf: asOf.toISOString(),
          view: request.view ?? 'team',
          count: items.length,
        },
      },
      now,
    );
    return { asOf, items };
  }

  return {
    list,

    /** The worklist page: "My items", "Team" or "By rule" (managers open on it), as of a day to look ahead to. */
    async page(db: Queryable, viewer: Viewer, query: WorklistPageQuery) {
      sitesFor(viewer, query.site);
      const view = query.view ?? (can(viewer, 'viewWorklistByRuleFirst') ? 'rule' : 'mine');
      const now = clock();
      const asOf = query.asOf ?? now;
      const items = query.errors.length
        ? []
        : (await list(db, viewer, { site: query.site, asOf, view: view === 'mine' ? 'mine' : 'team' })).items;
      const leads = await repo.namesOf(
        db,
        items.flatMap((i) => (i.leadWorkerId ? [i.leadWorkerId] : [])),
      );
      return presentWorklistPage({ viewer, view, items, leads, asOf, now, query, sites });
    },

    /**
     * Every item of one site as of `asOf`, with no viewer: for the system's own use (the email digest to the
     * site's team), never for a person's request. Its callers decide who may be told what.
     */
    async siteWorklist(db: Queryable, siteCode: string, asOf: Date): Promise<WorklistItem[]> {
      const items = worklist(await repo.loadWorklistState(db, sites.all(), { siteCodes: [siteCode] }), asOf);
      return withMeetingActions(db, items, 'system', [siteCode], asOf);
    },

    /** The navigation's "Worklist (N)": the viewer's own high-severity items now. Loads only their episodes. */
    async myHighSeverityCount(db: Queryable, viewer: Viewer, now: Date): Promise<number | undefined> {
      if (!can(viewer, 'viewWorklist')) return undefined;
      const state = await repo.viewerWorklistState(db, sites.all(), viewer, viewer.siteCodes, true);
      const items = await withMeetingActions(db, worklist(state, now), viewer, viewer.siteCodes, now);
      return items.filter((i) => i.severity === 'high' && isMine(i, viewer.id)).length;
    },
  };
}

export type WorklistService = ReturnType<typeof createWorklistService>;
