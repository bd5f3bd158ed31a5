// API.md "Reports": `GET /api/v1/reports/kpis?from=YYYY-MM&to=YYYY-MM[&site=CODE][&format=csv]`. Thin:
// validate, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { reportQuerySchema } from './schema.ts';
import { reportBody, reportCsvRows } from './presenter.ts';
import { toCsv } from './csv.ts';

export function registerReportRoutes(app: FastifyInstance, services: Services): void {
  const { db, reports } = services;

  app.get('/api/v1/reports/kpis', async (req, reply) => {
    const viewer = viewerOf(req);
    const q = parseOrThrow(reportQuerySchema, { ...reports.defaultRange(), ...(req.query as object) });
    const query = { from: q.from ?? '', to: q.to ?? '', ...(q.site ? { site: q.site } : {}) };
    if (q.format === 'csv') {
      const report = await db.transaction((tx) => reports.download(tx, viewer, query));
      const { header, rows } = reportCsvRows(report);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="reconnect-report-${query.site ?? 'national'}-${query.from}-${query.to}.csv"`,
        )
        .send(toCsv(header, rows));
    }
    const report = await db.transaction((tx) => reports.view(tx, viewer, query, 'json'));
    return reportBody(report);
  });
}
