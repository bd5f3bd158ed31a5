// The worklist pages (issue "The safety-net worklist"): "My items" (episodes the worker leads or co-works,
// actions they own), "Team" (every item of the site) and "By rule" (the manager's view, grouped with
// counts), with an "as of" date to look ahead. Each item links to the page where it is fixed.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { dateFrom, londonInstant, str, type Posted } from '../web/formFields.ts';
import { formatDateTime } from '../web/format.ts';
import { userNames } from '../episodes/episodeDisplay.ts';
import { sitesFor, worklistFor } from './service.ts';
import { groupByRule } from './presenter.ts';
import { isMine } from './rules.ts';
import { RULE_TITLES, type WorklistItem } from './types.ts';

const PAGE_VIEWS = ['mine', 'team', 'rule'] as const;
type PageView = (typeof PAGE_VIEWS)[number];
const VIEW_TEXT: Record<PageView, string> = { mine: 'My items', team: 'Team', rule: 'By rule' };

/** The end of a day in England: "as of 24 November" shows everything due by then. */
function endOfDay(iso: string): Date {
  return new Date(new Date(londonInstant(addDaysIso(iso, 1), '00:00')).getTime() - 1);
}

export function registerWorklistPages(app: FastifyInstance, services: Services): void {
  const { db, sites, clock } = services;

  app.get('/worklist', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const query = (req.query ?? {}) as Posted;
    const now = clock();
    const requestedView = str(query, 'view');
    const view: PageView = (PAGE_VIEWS as readonly string[]).includes(requestedView)
      ? (requestedView as PageView)
      : viewer.role === 'manager'
        ? 'rule'
        : 'mine';
    const site = str(query, 'site') || undefined;
    sitesFor(viewer, sites, site); // 403 for those who may not see it, before anything is read
    const typed = ['day', 'month', 'year'].some((p) => str(query, `asOf-${p}`) !== '');
    const date = typed ? dateFrom(query, 'asOf', 'the date to look ahead to') : undefined;
    const errors = date && 'error' in date ? [{ text: date.error, href: '#asOf-day' }] : [];
    const asOf = date && 'iso' in date ? endOfDay(date.iso) : now;
    const { items, leads } = await db.transaction(async (tx) => {
      const found = errors.length
        ? []
        : await worklistFor(tx, sites, viewer, { site, asOf, view: view === 'mine' ? 'mine' : 'team' }, now);
      return {
        items: found,
        leads: await userNames(
          tx,
          found.flatMap((i) => (i.leadWorkerId ? [i.leadWorkerId] : [])),
        ),
      };
    });
    const present = (i: WorklistItem) => ({
      ...i,
      title: RULE_TITLES[i.rule],
      due: formatDateTime(i.dueAt),
      mine: isMine(i, viewer.id),
      lead: i.leadWorkerId ? leads.get(i.leadWorkerId) : undefined,
    });
    const base = {
      site: site ?? '',
      'asOf-day': str(query, 'asOf-day'),
      'asOf-month': str(query, 'asOf-month'),
      'asOf-year': str(query, 'asOf-year'),
    };
    const href = (v: PageView) => `/worklist?${new URLSearchParams({ ...base, view: v }).toString()}`;
    const siteNames = viewer.siteCodes.map((code) => ({
      value: code,
      text: sites.get(code)?.name ?? code,
      selected: code === site,
    }));
    return reply.status(errors.length ? 400 : 200).render('worklist/views/worklist.njk', {
      pageTitle: 'Worklist',
      section: 'worklist',
      errors,
      view,
      viewText: VIEW_TEXT[view],
      views: PAGE_VIEWS.map((v) => ({ value: v, text: VIEW_TEXT[v], href: href(v), current: v === view })),
      items: items.map(present),
      groups: groupByRule(items).map((g) => ({ ...g, items: g.items.map(present) })),
      lookingAhead: asOf.getTime() !== now.getTime(),
      asOfText: formatDateTime(asOf),
      today: londonDate(now),
      siteOptions: siteNames.length > 1 ? [{ value: '', text: 'All your sites', selected: !site }, ...siteNames] : [],
      siteName: site ? (sites.get(site)?.name ?? site) : siteNames.length === 1 ? siteNames[0]!.text : 'All your sites',
      query: base,
    });
  });
}
