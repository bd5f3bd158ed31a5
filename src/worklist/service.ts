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
import type { NavCountQuery, NavCounter } from '../web/navCounts.ts';
import { byPriority, dueItemsWith, firstByPriority, isMine, mergeByPriority, worklist } from './rules.ts';
import * as repo from './repository.ts';
import * as caseStates from './caseStateRepository.ts';
import { createEpisodeAnswers } from './answers.ts';
import { workScope } from '../access/scopes.ts';
import { PAGE_SIZE, presentWorklistPage, shownItems } from './presenter.ts';
import type { WorklistPageQuery } from './forms.ts';
import type { FirstMeetingActionsOverdue, MeetingActionsOverdue, WorklistItem } from './types.ts';

export interface WorklistRequest {
  site?: string | undefined;
  /** When to compute it for (a later date looks ahead); now when absent. */
  asOf?: Date | undefined;
  view?: 'mine' | 'team' | undefined;
  /** Only the first this many items, in order (a page of the API's): every item is still worked out and counted. */
  first?: number | undefined;
}

export function createWorklistService({
  sites,
  clock,
  meetingActionsOverdue,
  firstMeetingActionsOverdue,
  myHighOverdueActions,
}: {
  sites: SiteCatalogue;
  clock: Clock;
  /** The meetings' overdue actions; a worklist without meetings (a rule's own test) has none. */
  meetingActionsOverdue?: MeetingActionsOverdue;
  /** The first few of those for a viewer, and how many there are: for a page of the worklist. */
  firstMeetingActionsOverdue?: FirstMeetingActionsOverdue;
  /** How many of those are high and the viewer's own, as a query for the navigation's count. */
  myHighOverdueActions?: (viewer: Viewer, siteCodes: readonly string[], asOf: Date) => NavCountQuery;
}) {
  const answers = createEpisodeAnswers(() => sites.all());

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
    return actions.length ? mergeByPriority(items, [...actions].sort(byPriority)) : items;
  }

  /**
   * The navigation's "Worklist (N)": the viewer's own high-severity items now, as `list` with "my items" finds
   * them. Read in the page's one statement of counts (web/navCounts.ts): the overdue risk-forum actions that are
   * theirs, counted in SQL by the meetings' service, and the open episodes they lead or co-work (within their
   * need-to-know, found afresh every time) with the version of each one's state. Every high item of such an
   * episode is theirs (isMine: the lead worker or a co-worker). The rules run only for an episode with no
   * answer kept for its version today (answers.ts), whose state is read in one statement.
   */
  const myHighSeverityCounter: Pick<NavCounter, 'queries' | 'count'> = {
    queries(viewer, now) {
      if (!can(viewer, 'viewWorklist')) return undefined;
      return [
        caseStates.ownEpisodeVersionsSql(viewer, viewer.siteCodes),
        ...(myHighOverdueActions && viewer.siteCodes.length
          ? [myHighOverdueActions(viewer, viewer.siteCodes, now)]
          : []),
      ];
    },
    async count([versions, actions], viewer, now, db) {
      const own = caseStates.parseEpisodeVersions(versions);
      const items = await answers.itemsOf(own, now, now, (ids) =>
        caseStates.ownEpisodesState(db, viewer, viewer.siteCodes, ids),
      );
      let n = Number(actions ?? 0);
      for (const i of items) if (i.severity === 'high' && i.dueAt <= now && isMine(i, viewer.id)) n += 1;
      return n;
    },
  };

  /**
   * The viewer's worklist at these sites as `worklist` computes it over the state they may see, not yet in
   * order: the open episodes found afresh (within their need-to-know) with their state versions, the rules run
   * only for those with no answer kept (answers.ts); screening and break-glass reviews read and worked out every
   * time.
   */
  async function viewerDueItems(
    db: Queryable,
    viewer: Viewer,
    siteCodes: readonly string[],
    mine: boolean,
    reviewing: readonly string[],
    asOf: Date,
    now: Date,
  ): Promise<WorklistItem[]> {
    const o = { siteCodes, scope: workScope(viewer), ...(mine ? { mineOf: viewer.id } : {}) };
    const [state, found] = await Promise.all([
      repo.viewerScreeningState(db, sites.all(), viewer, siteCodes, mine, reviewing),
      caseStates.openEpisodeVersions(db, o),
    ]);
    const episodeItems = await answers.itemsOf(found, asOf, now, (ids) => caseStates.openEpisodesState(db, o, ids));
    return dueItemsWith(state, episodeItems, asOf);
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

  /**
   * The viewer's overdue actions at these sites (only theirs for "my items"), all of them or, for a page, the
   * first `first` in order and how many there are.
   */
  async function viewerActions(
    db: Queryable,
    viewer: Viewer,
    siteCodes: readonly string[],
    mine: boolean,
    asOf: Date,
    first: number | undefined,
  ): Promise<{ items: WorklistItem[]; total: number }> {
    if (!siteCodes.length || !meetingActionsOverdue) return { items: [], total: 0 };
    if (first !== undefined && firstMeetingActionsOverdue)
      return firstMeetingActionsOverdue(db, viewer, siteCodes, asOf, { first, ...(mine ? { mineOf: viewer.id } : {}) });
    const found = await meetingActionsOverdue(db, viewer, siteCodes, asOf);
    const items = mine ? found.filter((i) => isMine(i, viewer.id)) : found;
    return { items, total: items.length };
  }

  /** The items the viewer may see, as of `asOf`; the read is audited (PRODUCT.md: every access is audited). */
  async function list(db: Queryable, viewer: Viewer, request: WorklistRequest) {
    const siteCodes = sitesFor(viewer, request.site);
    const now = clock();
    const asOf = request.asOf ?? now;
    const mine = request.view === 'mine';
    const reviewing = reviewSites(viewer).filter((code) => siteCodes.includes(code));
    const [found, actions] = await Promise.all([
      viewerDueItems(db, viewer, siteCodes, mine, reviewing, asOf, now),
      viewerActions(db, viewer, siteCodes, mine, asOf, request.first),
    ]);
    const due = mine ? found.filter((i) => isMine(i, viewer.id)) : found;
    // One stable sort of both is the order withMeetingActions's merge gives (order.property.test.ts). For a page,
    // the actions are the first few of theirs in that order, so the page's first items are among them.
    const all = actions.items.length ? due.concat(actions.items) : due;
    const items = request.first === undefined ? all.sort(byPriority) : firstByPriority(all, request.first);
    const total = due.length + actions.total;
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'worklist.viewed',
        details: {
          sites: siteCodes,
          asOf: asOf.toISOString(),
          view: request.view ?? 'team',
          count: total,
        },
      },
      now,
    );
    return { asOf, items, total };
  }

  return {
    list,

    /** The worklist page: "My items", "Team" or "By rule" (managers open on it), as of a day to look ahead to. */
    async page(db: Queryable, viewer: Viewer, query: WorklistPageQuery) {
      sitesFor(viewer, query.site);
      const view = query.view ?? (can(viewer, 'viewWorklistByRuleFirst') ? 'rule' : 'mine');
      const now = clock();
      const asOf = query.asOf ?? now;
      // A page of "My items" or the team's needs the items up to it and how many there are; "By rule", and one
      // rule's items, need every item.
      const upTo = view === 'rule' || query.rule ? undefined : query.page * PAGE_SIZE;
      const found = query.errors.length
        ? { items: [], total: 0 }
        : await list(db, viewer, { site: query.site, asOf, view: view === 'mine' ? 'mine' : 'team', first: upTo });
      const items = query.rule ? found.items.filter((i) => i.rule === query.rule) : found.items;
      const total = query.rule ? items.length : found.total;
      const shown = shownItems(view, items, query.page);
      const leads = await repo.namesOf(
        db,
        shown.flatMap((i) => (i.leadWorkerId ? [i.leadWorkerId] : [])),
      );
      return presentWorklistPage({ viewer, view, items, total, leads, asOf, now, query, sites });
    },

    /**
     * Every item of one site as of `asOf`, with no viewer: for the system's own use (the email digest to the
     * site's team), never for a person's request. Its callers decide who may be told what.
     */
    async siteWorklist(db: Queryable, siteCode: string, asOf: Date): Promise<WorklistItem[]> {
      const items = worklist(await repo.loadWorklistState(db, sites.all(), { siteCodes: [siteCode] }), asOf);
      return withMeetingActions(db, items, 'system', [siteCode], asOf);
    },

    myHighSeverityCounter,
  };
}

export type WorklistService = ReturnType<typeof createWorklistService>;
