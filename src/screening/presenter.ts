// Rows of the queue to what its page shows.
import type { Viewer } from '../access/viewer.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { ReferralListRow } from '../referrals/repository.ts';
import { presentReferralSummary } from '../referrals/presenter.ts';
import { isOverdue, type QueueStatus } from './rules.ts';
import { ALL_TEAMS, teamOptions } from '../teamChoice/rules.ts';

export interface QueueQuery {
  site?: string | undefined;
  status: QueueStatus;
  outcome?: 'automatic' | 'eligible' | 'discretionary' | 'ineligible' | undefined;
  sort: 'due' | 'received' | 'name' | 'outcome';
  page: number;
}

export function presentQueue(q: {
  viewer: Viewer;
  rows: ReferralListRow[];
  total: number;
  overdueCount: number;
  query: QueueQuery & { site: string };
  now: Date;
  sites: SiteCatalogue;
  pageSize: number;
}) {
  const { query } = q;
  const pages = Math.max(1, Math.ceil(q.total / q.pageSize));
  const link = (page: number) =>
    `/screening?site=${query.site}&status=${query.status}&outcome=${query.outcome ?? ''}&sort=${query.sort}&page=${page}`;
  return {
    items: q.rows.map((r) => ({ ...presentReferralSummary(r, q.viewer), overdue: isOverdue(r, q.now) })),
    total: q.total,
    query,
    overdueCount: q.overdueCount,
    previous:
      query.page > 1
        ? { href: link(query.page - 1), text: 'Previous', labelText: `Page ${query.page - 1} of ${pages}` }
        : undefined,
    next:
      query.page < pages
        ? { href: link(query.page + 1), text: 'Next', labelText: `Page ${query.page + 1} of ${pages}` }
        : undefined,
    allTeams: query.site === ALL_TEAMS,
    siteOptions: teamOptions(query.site, q.viewer.siteCodes, (code) => q.sites.get(code)?.name ?? 'Another team'),
  };
}
