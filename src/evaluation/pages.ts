// The researcher's pages (issue 15): the evaluation home (the dictionary, a range, the k-anonymity check shown
// before the download) and the data dictionary, also offered to commissioners and managers.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { can } from '../access/policy.ts';
import { HttpError } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { toCsv } from '../reports/csv.ts';
import { dictionaryCsvRows } from './dictionary.ts';
import { dictionaryQuerySchema, extractQuerySchema, type ExtractQuery } from './schema.ts';
import { dictionaryView, extractFileName, kAnonymityView, rangeText } from './presenter.ts';

type Query = { Querystring: Record<string, string | undefined> };

export function registerEvaluationPages(app: FastifyInstance, services: Services): void {
  const { db, evaluation } = services;

  app.get<Query>('/evaluation', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    evaluation.assertMayExtract(viewer);
    let q: ExtractQuery;
    try {
      q = parseOrThrow(extractQuerySchema, req.query);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 400) {
        return reply.status(400).render('evaluation/views/evaluation.njk', {
          pageTitle: 'Evaluation extract',
          section: 'evaluation',
          errors: error.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
          fieldErrors: Object.fromEntries(error.errors.map((e) => [e.field, e.message])),
          posted: req.query,
          check: null,
        });
      }
      throw error;
    }
    const check = await evaluation.kAnonymity(db, viewer, q);
    const params = new URLSearchParams({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
    return reply.render('evaluation/views/evaluation.njk', {
      pageTitle: 'Evaluation extract',
      section: 'evaluation',
      posted: { from: q.from ?? '', to: q.to ?? '' },
      fieldErrors: {},
      range: rangeText(q),
      check: kAnonymityView(check, (code) => services.sites.get(code)?.name ?? 'Another site'),
      downloadHref: `/evaluation/extract${params.size ? `?${params.toString()}` : ''}`,
      canReadReports: can(viewer, 'readReports'),
    });
  });

  app.get<Query>('/evaluation/extract', { preHandler: requireSignIn }, async (req, reply) => {
    const q = parseOrThrow(extractQuerySchema, req.query);
    await evaluation.beginExtract(db, viewerOf(req), q, 'page');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${extractFileName(q)}"`)
      .send(Readable.from(evaluation.csv(db, q)));
  });

  app.get<Query>('/evaluation/dictionary', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const q = parseOrThrow(dictionaryQuerySchema, req.query);
    evaluation.dictionary(viewer);
    if (q.format === 'csv') {
      const { header, rows } = dictionaryCsvRows();
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="reconnect-evaluation-dictionary.csv"`)
        .send(toCsv(header, rows));
    }
    return reply.render('evaluation/views/dictionary.njk', {
      pageTitle: 'Data dictionary of the evaluation’s minimum dataset',
      section: 'evaluation',
      dictionary: dictionaryView(),
      backHref: can(viewer, 'extractEvaluation') ? '/evaluation' : '/reports',
    });
  });
}
