// Reports for commissioners, researchers and managers (issue 15): month by month, per site and nationally, each
// KPI as numerator / denominator, with SPC limits. No personal data: counts only. Commissioners' and
// researchers' figures are disclosure-controlled (disclosure.ts); a manager sees their own sites exactly and the
// national figures controlled. Restricted records are counted at national level only. Every view and download
// is audited.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import * as repo from './repository.ts';
import { monthsBetween, PHASES, type MonthFigures, type Phase } from './rules.ts';
import { presentReport, type ReportView } from './presenter.ts';

export interface ReportDeps {
  clock: Clock;
  sites: SiteCatalogue;
}

export interface ReportQuery {
  from: string;
  to: string;
  /** A site's code, or undefined for the national report. */
  site?: string;
}

/**
 * The figures of each month from `from` to `to` (rules.ts `monthFigures`, counted by the database): the site's
 * own records without restricted ones, or every record nationally.
 */
export async function monthlyFigures(db: Queryable, scope: repo.ReportScope): Promise<MonthFigures[]> {
  const rows = await repo.monthlyAggregates(db, scope);
  const byMonth = new Map<string, repo.AggregateRow[]>();
  for (const r of rows) byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), r]);
  return monthsBetween(scope.from, scope.to).map((month) => {
    const of = (figure: repo.AggregateRow['figure']) => (byMonth.get(month) ?? []).filter((r) => r.figure === figure);
    const one = (figure: repo.AggregateRow['figure']) => of(figure)[0];
    const fraction = (figure: repo.AggregateRow['figure']) => ({
      numerator: one(figure)?.a ?? 0,
      denominator: one(figure)?.b ?? 0,
    });
    const bySource = Object.fromEntries(of('received').map((r) => [r.key ?? '', r.a]));
    const openByPhase: Record<Phase, number> = { pre_release: 0, post_release: 0, paused: 0 };
    for (const r of of('phase')) if (PHASES.includes(r.key as Phase)) openByPhase[r.key as Phase] = r.a;
    const decided = one('decided');
    const wellbeing = one('wellbeing');
    return {
      month,
      referralsReceived: of('received').reduce((s, r) => s + r.a, 0),
      bySource,
      accepted: decided?.b ?? 0,
      screenedOnTime: { numerator: decided?.c ?? 0, denominator: decided?.a ?? 0 },
      openEpisodes: openByPhase.pre_release + openByPhase.post_release + openByPhase.paused,
      openByPhase,
      substanceMisuseWithin21Days: fraction('substanceMisuse'),
      gpRegisteredWithin7Days: fraction('gp'),
      settledAccommodationOnRelease: fraction('accommodation'),
      closureReasons: Object.fromEntries(of('closed').map((r) => [r.key ?? 'unknown', r.a])),
      // The exact sum, rounded as monthFigures rounds its own.
      wellbeingChange: {
        episodes: wellbeing?.a ?? 0,
        total: Math.round(Number(wellbeing?.total ?? 0) * 100) / 100,
      },
    };
  });
}

export function createReportService({ clock, sites }: ReportDeps) {
  /** Which sites the viewer may report on, and whether their figures are exact (a manager's own sites). */
  function scopeOf(viewer: Viewer, site: string | undefined) {
    authorize(viewer, 'readReports');
    if (site === undefined) return { exact: false };
    if (!sites.get(site)) throw new NotFound();
    if (viewer.role === 'manager' && !viewer.siteCodes.includes(site))
      throw new Forbidden('A team manager can see the reports of their own sites and the national report');
    return { exact: viewer.role === 'manager' };
  }

  async function build(db: Queryable, viewer: Viewer, q: ReportQuery): Promise<ReportView> {
    const { exact } = scopeOf(viewer, q.site);
    const figures = await monthlyFigures(db, { ...q, today: londonDate(clock()) });
    const name = q.site === undefined ? 'England (all sites)' : (sites.get(q.site)?.name ?? q.site);
    return presentReport({ site: q.site ?? null, name, from: q.from, to: q.to, exact, figures });
  }

  async function audit(db: Queryable, viewer: Viewer, action: string, q: ReportQuery, format: string) {
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action,
        recordType: 'report',
        recordId: q.site ?? 'national',
        details: { from: q.from, to: q.to, format },
      },
      clock(),
    );
  }

  return {
    /** The sites a viewer may choose, for the report page's links. */
    sitesFor(viewer: Viewer) {
      authorize(viewer, 'readReports');
      return sites
        .all()
        .filter((s) => viewer.role !== 'manager' || viewer.siteCodes.includes(s.code))
        .map((s) => ({ code: s.code, name: s.name }));
    },

    /** The report page's model, audited as viewed. */
    async view(db: Queryable, viewer: Viewer, q: ReportQuery, format: 'page' | 'json' = 'page') {
      const report = await build(db, viewer, q);
      await audit(db, viewer, 'report.viewed', q, format);
      return report;
    },

    /** The same figures as CSV, audited as downloaded. */
    async download(db: Queryable, viewer: Viewer, q: ReportQuery) {
      const report = await build(db, viewer, q);
      await audit(db, viewer, 'report.downloaded', q, 'csv');
      return report;
    },

    /** The default range: the last twelve months to this one. */
    defaultRange(): { from: string; to: string } {
      const today = londonDate(clock());
      const [y, m] = today.split('-').map(Number) as [number, number];
      const start = m === 12 ? `${String(y)}-01` : `${String(y - 1)}-${String(m + 1).padStart(2, '0')}`;
      return { from: start, to: today.slice(0, 7) };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
