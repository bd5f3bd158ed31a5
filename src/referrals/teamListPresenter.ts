// The team's referral list (issue 10, "Referrals for staff"): rows and their words, the filter's choices as
// the design system's selects and date boxes take them, and the links to the pages before and after.
import type { Viewer } from '../access/viewer.ts';
import type { ReferralListRow } from './repository.ts';
import { restrictionShown } from './presenter.ts';
import { teamOptions } from '../teamChoice/rules.ts';
import { REFERRAL_STATUSES } from './rules.ts';
import { OUTCOMES, teamListHref, type TeamListForm, type TeamListQuery } from './teamListForms.ts';
import { say } from '../web/vocabulary.ts';

export const TEAM_LIST_PAGE_SIZE = 50;

/** A referral's status as the team says it: the one display vocabulary's words. */
const STATUS_TEXT = Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, say(s)])) as Record<
  (typeof REFERRAL_STATUSES)[number],
  string
>;
const OUTCOME_TEXT: Record<(typeof OUTCOMES)[number], string> = {
  automatic: 'Automatic',
  eligible: 'Eligible',
  discretionary: 'Discretionary',
  ineligible: 'Ineligible',
};
const lookup = (table: Record<string, string>, code: string) => table[code] ?? 'Unknown';

export interface TeamListParts {
  form: TeamListForm;
  query: TeamListQuery;
  rows: ReferralListRow[];
  total: number;
  viewer: Viewer;
  teamName: (code: string) => string;
}

export function presentTeamList({ form, query, rows, total, viewer, teamName }: TeamListParts) {
  const pages = Math.max(1, Math.ceil(total / TEAM_LIST_PAGE_SIZE));
  // A user of one site has no choice of team to make (issue 10, "All my teams").
  const siteOptions = teamOptions(query.site, viewer.siteCodes, teamName);
  const choice = <T extends string>(
    codes: readonly T[],
    text: Record<T, string>,
    chosen: T | undefined,
    any: string,
  ) => [
    { value: '', text: any, selected: !chosen },
    ...codes.map((code) => ({ value: code, text: text[code], selected: chosen === code })),
  ];
  return {
    pageTitle: 'Referrals to your team',
    section: 'referrals',
    backHref: '/referrals',
    errors: form.errors,
    values: form.values,
    fieldErrors: Object.fromEntries(form.errors.map((e) => [e.href.slice(1).replace(/-day$/, ''), e.text])),
    siteOptions,
    statusOptions: choice(REFERRAL_STATUSES, STATUS_TEXT, query.status, 'Any status'),
    outcomeOptions: choice(OUTCOMES, OUTCOME_TEXT, query.outcome, 'Any eligibility'),
    total,
    caption: `${total} ${total === 1 ? 'referral' : 'referrals'}${pages > 1 ? ` (page ${query.page} of ${pages})` : ''}`,
    items: rows.map((r) => ({
      href: `/referrals/${r.id}`,
      reference: r.reference,
      name: `${r.givenName} ${r.familyName}`,
      team: teamName(r.siteCode),
      receivedAt: r.receivedAt.toISOString(),
      outcomeText: lookup(OUTCOME_TEXT, r.outcome),
      statusText: lookup(STATUS_TEXT, r.status),
      restricted: restrictionShown(r, viewer),
    })),
    previous: query.page > 1 ? { href: teamListHref(query, query.page - 1), text: 'Previous' } : undefined,
    next: query.page < pages ? { href: teamListHref(query, query.page + 1), text: 'Next' } : undefined,
  };
}
