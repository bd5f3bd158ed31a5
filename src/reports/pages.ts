// The report page (issue 15): national or one site's, month by month, each KPI as numerator / denominator,
// SPC charts with a data table beside each, and the CSV download of the same figures.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { reportQuerySchema } from './schema.ts';
import { monthLabel, reportCsvRows } from './presenter.ts';
import { toCsv } from './csv.ts';
import { CLOSURE_REASON_TEXT } from '../episodes/closureRules.ts';
import { SOURCE_TYPE_LABELS } from '../sites/policy.ts';

type Query = { Querystring: Record<string, string | undefined> };

export function registerReportPages(app: FastifyInstance, services: Services): void {
  const { db, reports } = services;

  const queryOf = (raw: Record<string, string | undefined>) => {
    const q = parseOrThrow(reportQuerySchema, { ...reports.defaultRange(), ...raw });
    return { from: q.from ?? '', to: q.to ?? '', ...(q.site ? { site: q.site } : {}) };
  };

  app.get<Query>('/reports', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const sites = reports.sitesFor(viewer);
    let query;
    try {
      query = queryOf(req.query);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 400) {
        return reply.status(400).render('reports/views/report.njk', {
          pageTitle: 'Reports',
          section: 'reports',
          sites,
          errors: error.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
          fieldErrors: Object.fromEntries(error.errors.map((e) => [e.field, e.message])),
          posted: req.query,
          report: null,
        });
      }
      throw error;
    }
    const report = await db.transaction((tx) => reports.view(tx, viewer, query));
    const params = new URLSearchParams({ from: query.from, to: query.to, ...(query.site ? { site: query.site } : {}) });
    return reply.render('reports/views/report.njk', {
      pageTitle: `Report: ${report.name}`,
      section: 'reports',
      sites,
      report,
      monthLabels: Object.fromEntries(report.months.map((m) => [m.month, monthLabel(m.month)])),
      closureText: CLOSURE_REASON_TEXT,
      sourceText: SOURCE_TYPE_LABELS,
      posted: { from: query.from, to: query.to, site: query.site ?? '' },
      downloadHref: `/reports/download?${params.toString()}`,
      fieldErrors: {},
    });
  });

  app.get<Query>('/reports/download', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const query = queryOf(req.query);
    const report = await db.transaction((tx) => reports.download(tx, viewer, query));
    const { header, rows } = reportCsvRows(report);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="reconnect-report-${query.site ?? 'national'}-${query.from}-${query.to}.csv"`,
      )
      .send(toCsv(header, rows));
  });
}
