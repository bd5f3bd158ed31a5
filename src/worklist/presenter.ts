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

/**
 * An item as the API writes it, kept with the item: an episode's items are kept with its state
 * (answers.ts) and never changed, so a worklist of thousands writes each one once, not on every request.
 */
const ITEM_JSON = new WeakMap<WorklistItem, string>();

export function itemJson(i: WorklistItem): string {
  let json = ITEM_JSON.get(i);
  if (json === undefined) {
    json = JSON.stringify(presentItem(i));
    ITEM_JSON.set(i, json);
  }
  return json;
}

/** The query as typed without its rule. */
function typedOtherRules(typed: WorklistPageQuery['typed']): Record<string, string> {
  const { rule: _rule, ...rest } = typed;
  return rest;
}

/** Items a page of "My items" or "Team" shows; a long list is read a page at a time. */
export const PAGE_SIZE = 50;
/** Items each rule shows in "By rule", the rest a link away (the rule's items in "Team"). */
export const GROUP_SHOWN = 10;

/** The manager's view: one group per rule that has items, in the order of API.md, with counts. */
export function groupByRule(
  items: readonly WorklistItem[],
): { rule: WorklistRule; title: string; count: number; high: number; items: WorklistItem[] }[] {
  const byRule = new Map<WorklistRule, WorklistItem[]>();
  for (const i of items) byRule.set(i.rule, [...(byRule.get(i.rule) ?? []), i]);
  return WORKLIST_RULES.flatMap((rule) => {
    const of = byRule.get(rule);
    if (!of) return [];
    return [
      {
        rule,
        title: RULE_TITLES[rule],
        count: of.length,
        high: of.filter((i) => i.severity === 'high').length,
        items: of.slice(0, GROUP_SHOWN),
      },
    ];
  });
}

/** The items the page shows of those found, in the worklist's order. */
export function shownItems(view: PageView, items: readonly WorklistItem[], page: number): WorklistItem[] {
  if (view === 'rule') return groupByRule(items).flatMap((g) => g.items);
  return items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

const VIEW_TEXT: Record<PageView, string> = { mine: 'My items', team: 'Team', rule: 'By rule' };

/**
 * The worklist page: the items of the view asked for, each with its rule's title and its lead worker's name.
 * `items` are in the worklist's order, every one of them or (for a page of "My items" or the team's) the first of
 * them up to the page asked for; `total` is how many there are.
 */
export function presentWorklistPage(p: {
  viewer: Viewer;
  view: PageView;
  items: WorklistItem[];
  total: number;
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
  const href = (v: PageView, more: Record<string, string> = {}) =>
    `/worklist?${new URLSearchParams({ ...query.typed, view: v, ...more }).toString()}`;
  const pages = Math.max(1, Math.ceil(p.total / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const pageLink = (n: number, text: string) => ({
    href: href(view, { page: String(n) }),
    text,
    labelText: `Page ${n} of ${pages}`,
  });
  const teamName = (code: string) => sites.get(code)?.name ?? 'Another team';
  const [onlySite] = viewer.siteCodes;
  return {
    pageTitle: 'Worklist',
    section: 'worklist',
    errors: query.errors,
    view,
    viewText: VIEW_TEXT[view],
    views: PAGE_VIEWS.map((v) => ({ value: v, text: VIEW_TEXT[v], href: href(v), current: v === view })),
    count: p.total,
    items: view === 'rule' ? [] : shownItems(view, p.items, page).map(present),
    showing:
      view !== 'rule' && pages > 1
        ? { from: (page - 1) * PAGE_SIZE + 1, to: Math.min(page * PAGE_SIZE, p.total), of: p.total }
        : undefined,
    previous: view !== 'rule' && page > 1 ? pageLink(page - 1, 'Previous') : undefined,
    next: view !== 'rule' && page < pages ? pageLink(page + 1, 'Next') : undefined,
    ruleShown: query.rule ? RULE_TITLES[query.rule] : undefined,
    everyRule: query.rule
      ? `/worklist?${new URLSearchParams({ ...typedOtherRules(query.typed), view }).toString()}`
      : undefined,
    groups:
      view === 'rule'
        ? groupByRule(p.items).map((g) => ({
            ...g,
            items: g.items.map(present),
            seeAll: g.count > g.items.length ? href('team', { rule: g.rule }) : undefined,
          }))
        : [],
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
