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
import { linkageFacts, linkageOf } from '../outcomes/rules.ts';
import * as repo from './repository.ts';
import { monthFigures, monthsBetween, type EpisodeFact, type ReferralFact } from './rules.ts';
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

export function createReportService({ clock, sites }: ReportDeps) {
  async function facts(db: Queryable) {
    const today = londonDate(clock());
    const referrals: ReferralFact[] = (await repo.referralFacts(db)).map((r) => ({
      siteCode: r.siteCode,
      restricted: r.restricted,
      sourceType: r.sourceType,
      receivedOn: londonDate(r.receivedAt),
      decision: r.decision,
      decidedOn: r.decidedAt ? londonDate(r.decidedAt) : null,
      decidedOnTime: r.decidedAt ? r.decidedAt.getTime() <= r.screeningDueAt.getTime() : null,
    }));
    const { rows, events, measures } = await repo.episodeFacts(db);
    const eventsBy = new Map<string, { kind: string; on: string; reason?: string }[]>();
    for (const e of events) {
      const list = eventsBy.get(e.episodeId) ?? [];
      const reason = (e.data as { reason?: unknown } | null)?.reason;
      list.push({ kind: e.kind, on: e.on, ...(typeof reason === 'string' ? { reason } : {}) });
      eventsBy.set(e.episodeId, list);
    }
    const wellbeingBy = new Map<string, { on: string; metric: number }[]>();
    for (const m of measures) {
      const metric = (m.score as { metric?: number }).metric;
      if (metric === undefined) continue;
      const list = wellbeingBy.get(m.episodeId) ?? [];
      list.push({ on: m.on, metric });
      wellbeingBy.set(m.episodeId, list);
    }
    const episodes: EpisodeFact[] = rows.map((r) => {
      const evs = eventsBy.get(r.id) ?? [];
      const lf = linkageFacts(
        {
          plan: (r.plan as Record<string, unknown> | null) ?? null,
          events: evs,
          contacts: [],
          details: { criteria: { substanceMisuse: r.substanceMisuseAtReferral } },
        },
        r.outcomeVersion === null
          ? undefined
          : {
              gpRegisteredOn: r.gpRegisteredOn,
              substanceMisuseEngagedOn: r.substanceMisuseEngagedOn,
              mentalHealthHandoverOn: r.mentalHealthHandoverOn,
              accommodationNow: r.accommodationNow,
            },
      );
      return {
        siteCode: r.siteCode,
        restricted: r.restricted,
        openedOn: r.openedOn,
        events: evs,
        releasedOn: lf.releasedOn,
        linkage: linkageOf(lf, today),
        wellbeing: wellbeingBy.get(r.id) ?? [],
      };
    });
    return { referrals, episodes };
  }

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
    const all = await facts(db);
    const months = monthsBetween(q.from, q.to);
    // Restricted records are counted at national level only.
    const mine = <T extends { siteCode: string; restricted: boolean }>(rows: T[]) =>
      q.site === undefined ? rows : rows.filter((r) => r.siteCode === q.site && !r.restricted);
    const referrals = mine(all.referrals);
    const episodes = mine(all.episodes);
    const figures = months.map((m) => monthFigures(referrals, episodes, m));
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
