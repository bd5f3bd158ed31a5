// GET /api/v1/caseload (docs/api/allocation.md): the caseload page's read as JSON, sharing its query string.
// Thin: validate, one service call in one transaction, JSON.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { viewerOf } from '../access/request.ts';
import { Forbidden } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { caseloadQuerySchema, sortText } from './schema.ts';

/** The site asked for, else the caller's first; someone with no site has no caseload (403). */
function siteFor(viewer: Viewer, requested: string | undefined): string {
  if (requested !== undefined && requested !== '') return requested;
  const first = viewer.siteCodes[0];
  if (!first) throw new Forbidden('The caseload is for the site’s practitioners and managers');
  return first;
}

export function registerCaseloadRoutes(app: FastifyInstance, services: Services): void {
  const { db, caseloads } = services;

  app.get('/api/v1/caseload', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(caseloadQuerySchema, req.query);
    const result = await db.transaction((tx) =>
      caseloads.caseload(tx, viewer, {
        site: siteFor(viewer, query.site),
        worker: query.worker,
        sort: query.sort,
        page: query.page,
        includeClosed: query.closed === 'include',
      }),
    );
    return { ...result, sort: sortText(result.sort) };
  });
}
