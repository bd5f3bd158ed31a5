// Worklist items as the API shows them (API.md "The safety-net worklist", plus `link`, `siteCode`,
// `reference`, `personName`, `leadWorkerId`, `ownerUserId`, `actionId`), and the worklist page's model.
import type { Viewer } from '../access/viewer.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { londonDate } from '../identifiers/dates.ts';
import { formatDateTime } from '../web/format.ts';
import { isMine } from './rules.ts';
import { ALL_TEAMS, teamOptions } from '../teamChoice/rules.ts';
import { PAGE_VIEWS, type PageView, type WorklistPageQuery } from './forms.ts';
import { RULE_TITLES, WORKLIST_RULES, type WorklistItem, type WorklistRule } from './types.ts';

export function presentItem(i: WorklistItem) {
  return {
    rule: i.rule,
    severity: i.severity,
    message: i.message,
    referralId: i.referralId,
    ...(i.episodeId ? { episodeId: i.episodeId } : {}),
    dueAt: i.dueAt.toISOString(),
    link: i.link,
    siteCode: i.siteCode,
    reference: i.reference,
    personName: i.personName,
    ...(i.leadWorkerId ? { leadWorkerId: i.leadWorkerId } : {}),
    ...(i.ownerUserId ? { ownerUserId: i.ownerUserId } : {}),
    ...(i.actionId ? { actionId: i.actionId } : {}),
  };
}

/** The manager's view: one group per rule that has items, in the order of API.md, with counts. */
export function groupByRule(
  items: readonly WorklistItem[],
): { rule: WorklistRule; title: string; count: number; high: number; items: WorklistItem[] }[] {
  return WORKLIST_RULES.map((rule) => {
    const of = items.filter((i) => i.rule === rule);
    return {
      rule,
      title: RULE_TITLES[rule],
      count: of.length,
      high: of.filter((i) => i.severity === 'high').length,
      items: of,
    };
  }).filter((g) => g.count > 0);
}

const VIEW_TEXT: Record<PageView, string> = { mine: 'My items', team: 'Team', rule: 'By rule' };

/** The worklist page: the items of the view asked for, each with its rule's title and its lead worker's name. */
export function presentWorklistPage(p: {
  viewer: Viewer;
  view: PageView;
  items: WorklistItem[];
  leads: Map<string, string>;
  asOf: Date;
  now: Date;
  query: WorklistPageQuery;
  sites: SiteCatalogue;
}) {
  const { viewer, view, query, sites } = p;
  const present = (i: WorklistItem) => ({
    ...i,
    title: RULE_TITLES[i.rule],
    due: formatDateTime(i.dueAt),
    mine: isMine(i, viewer.id),
    lead: i.leadWorkerId ? p.leads.get(i.leadWorkerId) : undefined,
  });
  const href = (v: PageView) => `/worklist?${new URLSearchParams({ ...query.typed, view: v }).toString()}`;
  const teamName = (code: string) => sites.get(code)?.name ?? 'Another team';
  const [onlySite] = viewer.siteCodes;
  return {
    pageTitle: 'Worklist',
    section: 'worklist',
    errors: query.errors,
    view,
    viewText: VIEW_TEXT[view],
    views: PAGE_VIEWS.map((v) => ({ value: v, text: VIEW_TEXT[v], href: href(v), current: v === view })),
    items: p.items.map(present),
    groups: groupByRule(p.items).map((g) => ({ ...g, items: g.items.map(present) })),
    lookingAhead: p.asOf.getTime() !== p.now.getTime(),
    asOfText: formatDateTime(p.asOf),
    today: londonDate(p.now),
    siteOptions: teamOptions(query.site ?? ALL_TEAMS, viewer.siteCodes, teamName),
    allTeams: !query.site && viewer.siteCodes.length > 1,
    siteName: query.site
      ? teamName(query.site)
      : viewer.siteCodes.length === 1 && onlySite
        ? teamName(onlySite)
        : 'All your teams',
    query: query.typed,
  };
}
