// The worklist page's query: which view, which site, and the day to look ahead to (day, month and year
// boxes, as people type dates).
import { addDaysIso } from '../identifiers/dates.ts';
import { dateFrom, londonInstant, str, type Posted } from '../web/formFields.ts';
import { WORKLIST_RULES, type WorklistRule } from './types.ts';

export const PAGE_VIEWS = ['mine', 'team', 'rule'] as const;
export type PageView = (typeof PAGE_VIEWS)[number];

export interface WorklistPageQuery {
  /** Undefined: the viewer's default (worklist policy: managers open on "By rule"). */
  view: PageView | undefined;
  site: string | undefined;
  /** The end of the day asked for; undefined: now. */
  asOf: Date | undefined;
  errors: { text: string; href: string }[];
  /** The page of a long list (mine or team), from 1; anything unreadable is the first. */
  page: number;
  /** Only the items of one rule (from "By rule": see all of a rule's items). */
  rule: WorklistRule | undefined;
  /** The query as typed, for the links between views and the form. */
  typed: { site: string; 'asOf-day': string; 'asOf-month': string; 'asOf-year': string; rule?: string };
}

/** The end of a day in England: "as of 24 November" shows everything due by then. */
function endOfDay(iso: string): Date {
  return new Date(new Date(londonInstant(addDaysIso(iso, 1), '00:00')).getTime() - 1);
}

const isPageView = (value: string): value is PageView => (PAGE_VIEWS as readonly string[]).includes(value);
const isRule = (value: string): value is WorklistRule => (WORKLIST_RULES as readonly string[]).includes(value);

export function worklistPageQuery(query: Posted): WorklistPageQuery {
  const view = str(query, 'view');
  const site = str(query, 'site') || undefined;
  const page = str(query, 'page');
  const rule = str(query, 'rule');
  const typedDate = ['day', 'month', 'year'].some((p) => str(query, `asOf-${p}`) !== '');
  const date = typedDate ? dateFrom(query, 'asOf', 'the date to look ahead to') : undefined;
  return {
    view: isPageView(view) ? view : undefined,
    site,
    asOf: date && 'iso' in date ? endOfDay(date.iso) : undefined,
    errors: date && 'error' in date ? [{ text: date.error, href: '#asOf-day' }] : [],
    page: /^\d{1,6}$/.test(page) && Number(page) > 0 ? Number(page) : 1,
    rule: isRule(rule) ? rule : undefined,
    typed: {
      site: site ?? '',
      'asOf-day': str(query, 'asOf-day'),
      'asOf-month': str(query, 'asOf-month'),
      'asOf-year': str(query, 'asOf-year'),
      ...(isRule(rule) ? { rule } : {}),
    },
  };
}
