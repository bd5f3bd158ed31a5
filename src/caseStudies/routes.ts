// API.md "Case studies (managers)": `POST /api/v1/episodes/{id}/case-study` → 201 `{"id","status":"draft","text"}`,
// `POST /api/v1/case-studies/{id}/approve` → 200, `GET /api/v1/case-studies/{id}?format=pdf` (approved only).
// Added: `GET /api/v1/case-studies/{id}` (JSON, with ETag) and `PUT /api/v1/case-studies/{id}` (If-Match).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { caseStudyDraftSchema, caseStudyEditSchema, caseStudyQuerySchema } from './schema.ts';

type WithId = { Params: { id: string } };

export function registerCaseStudyRoutes(app: FastifyInstance, { db, caseStudies }: Services): void {
  app.post<WithId>('/api/v1/episodes/:id/case-study', async (req, reply) => {
    const viewer = viewerOf(req);
    const options = parseOrThrow(caseStudyDraftSchema, req.body ?? {});
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const body = await caseStudies.generate(tx, viewer, req.params.id, options);
      return { status: 201, body, headers: { etag: etag(body.version), location: `/api/v1/case-studies/${body.id}` } };
    });
  });

  app.get<WithId>('/api/v1/case-studies/:id', async (req, reply) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(caseStudyQuerySchema, req.query);
    if (query.format === 'pdf') {
      const pdf = await db.transaction((tx) => caseStudies.pdf(tx, viewer, req.params.id));
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="case-study.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    }
    const body = await db.transaction((tx) => caseStudies.read(tx, viewer, req.params.id));
    return reply.header('etag', etag(body.version)).send(body);
  });

  app.put<WithId>('/api/v1/case-studies/:id', async (req, reply) => {
    const viewer = viewerOf(req);
    const edit = parseOrThrow(caseStudyEditSchema, req.body);
    const version = requiredIfMatch(req);
    const body = await db.transaction((tx) => caseStudies.update(tx, viewer, req.params.id, edit, version));
    return reply.header('etag', etag(body.version)).send(body);
  });

  app.post<WithId>('/api/v1/case-studies/:id/approve', async (req, reply) => {
    const viewer = viewerOf(req);
    const version = req.headers['if-match'] === undefined ? undefined : requiredIfMatch(req);
    const body = await db.transaction((tx) => caseStudies.approve(tx, viewer, req.params.id, version));
    return reply.header('etag', etag(body.version)).send(body);
  });
}
