// The team's referral list (issue 10, "Referrals for staff: a list of the site's referrals with filters
// (status, outcome, received), not only those the user sent"): the query string as people edit it, read
// into the list's filter. Anything unreadable falls back to its default; a date that is not a real one, or a
// range that ends before it starts, is the error summary.
import { addDaysIso } from '../identifiers/dates.ts';
import { dateFrom, londonInstant, str, type Posted } from '../web/formFields.ts';
import { REFERRAL_STATUSES } from './rules.ts';

export const OUTCOMES = ['automatic', 'eligible', 'discretionary', 'ineligible'] as const;
export const ALL_TEAMS = 'all';

export interface TeamListQuery {
  /** A site code, or `all` for every site of the viewer's. */
  site: string;
  status: (typeof REFERRAL_STATUSES)[number] | undefined;
  outcome: (typeof OUTCOMES)[number] | undefined;
  /** Received on or after, and on or before, these days (England's dates). */
  from: string | undefined;
  to: string | undefined;
  page: number;
}

export interface TeamListForm {
  query: TeamListQuery;
  /** The boxes as typed, to show them again. */
  values: Record<string, string>;
  errors: { text: string; href: string }[];
}

const oneOf = <T extends string>(options: readonly T[], value: string): T | undefined =>
  (options as readonly string[]).includes(value) ? (value as T) : undefined;

function optionalDate(q: Posted, prefix: string, what: string) {
  const typed = ['day', 'month', 'year'].some((p) => str(q, `${prefix}-${p}`));
  if (!typed) return { iso: undefined };
  const read = dateFrom(q, prefix, what);
  return 'iso' in read ? { iso: read.iso } : { iso: undefined, error: read.error };
}

export function parseTeamListQuery(input: unknown): TeamListForm {
  const q = (input ?? {}) as Posted;
  const from = optionalDate(q, 'from', 'the first day');
  const to = optionalDate(q, 'to', 'the last day');
  const errors: { text: string; href: string }[] = [];
  if (from.error) errors.push({ text: from.error, href: '#from-day' });
  if (to.error) errors.push({ text: to.error, href: '#to-day' });
  if (from.iso && to.iso && to.iso < from.iso)
    errors.push({ text: 'The last day must be the same as or after the first day', href: '#to-day' });
  const page = /^\d{1,5}$/.test(str(q, 'page')) && Number(str(q, 'page')) > 0 ? Number(str(q, 'page')) : 1;
  const values = Object.fromEntries(
    ['from', 'to'].flatMap((prefix) =>
      ['day', 'month', 'year'].map((p) => [`${prefix}-${p}`, str(q, `${prefix}-${p}`)] as const),
    ),
  );
  return {
    query: {
      site: str(q, 'site'),
      status: oneOf(REFERRAL_STATUSES, str(q, 'status')),
      outcome: oneOf(OUTCOMES, str(q, 'outcome')),
      from: errors.length ? undefined : from.iso,
      to: errors.length ? undefined : to.iso,
      page,
    },
    values,
    errors,
  };
}

/** The received range as instants: from the start of the first day to the start of the day after the last. */
export function receivedRange(query: Pick<TeamListQuery, 'from' | 'to'>) {
  return {
    receivedFrom: query.from ? new Date(londonInstant(query.from, '00:00')) : undefined,
    receivedBefore: query.to ? new Date(londonInstant(addDaysIso(query.to, 1), '00:00')) : undefined,
  };
}

/** The query string of the list with one change (a page of it), keeping every filter. */
export function teamListHref(query: TeamListQuery, page: number): string {
  const params = new URLSearchParams({ site: query.site });
  if (query.status) params.set('status', query.status);
  if (query.outcome) params.set('outcome', query.outcome);
  for (const [prefix, iso] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (!iso) continue;
    const [year = '', month = '', day = ''] = iso.split('-');
    params.set(`${prefix}-day`, String(Number(day)));
    params.set(`${prefix}-month`, String(Number(month)));
    params.set(`${prefix}-year`, year);
  }
  if (page > 1) params.set('page', String(page));
  return `/referrals/team?${params.toString()}`;
}
