// API.md "Evaluation extract (researchers)": the data dictionary (JSON or CSV) and the extract (CSV, streamed).
// Thin: validate, one service call, present.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { toCsv } from '../reports/csv.ts';
import { dictionaryCsvRows } from './dictionary.ts';
import { dictionaryQuerySchema, extractQuerySchema } from './schema.ts';
import { extractFileName, kAnonymityHeaders } from './presenter.ts';

export function registerEvaluationRoutes(app: FastifyInstance, services: Services): void {
  const { db, evaluation } = services;

  app.get('/api/v1/evaluation/dictionary', async (req, reply) => {
    const q = parseOrThrow(dictionaryQuerySchema, req.query);
    const body = evaluation.dictionary(viewerOf(req));
    if (q.format !== 'csv') return body;
    const { header, rows } = dictionaryCsvRows();
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="reconnect-evaluation-dictionary-v${body.version}.csv"`)
      .send(toCsv(header, rows));
  });

  app.get('/api/v1/evaluation/extract', async (req, reply) => {
    const q = parseOrThrow(extractQuerySchema, req.query);
    const check = await evaluation.beginExtract(db, viewerOf(req), q, 'api');
    return reply
      .headers(kAnonymityHeaders(check))
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${extractFileName(q)}"`)
      .send(Readable.from(evaluation.csv(db, q)));
  });
}
