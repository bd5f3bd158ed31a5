// The assessment, formulation and support plan endpoints (docs/api/care.md). Thin: validate, one service
// call in one transaction (POSTs through runIdempotent), present. The pages are in pages.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { NotFound } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { domainOf } from './domains.ts';
import {
  actionChangeSchema,
  domainAnswerSchema,
  actionSchema,
  formulationSchema,
  goalChangeSchema,
  goalSchema,
  reviewSchema,
  startAssessmentSchema,
} from './schema.ts';
import { registerCarePages } from './pages.ts';

type Id = { Params: { id: string } };
type Numbered = { Params: { id: string; number: string } };

const optionalIfMatch = (req: FastifyRequest): number | undefined =>
  req.headers['if-match'] ? requiredIfMatch(req) : undefined;

export function registerCareRoutes(app: FastifyInstance, services: Services): void {
  const { db, assessments, formulations, supportPlans } = services;
  const base = '/api/v1/episodes/:id';

  // Assessments.
  app.get<Id>(`${base}/assessments`, async (req) => ({
    items: await db.transaction((tx) => assessments.list(tx, viewerOf(req), req.params.id)),
  }));

  app.post<Id>(`${base}/assessments`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(startAssessmentSchema, req.body ?? {});
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await assessments.start(tx, viewer, req.params.id, body);
      return {
        status: 201,
        body: view,
        headers: { etag: etag(view.version), location: `/api/v1/episodes/${req.params.id}/assessments/${view.number}` },
      };
    });
  });

  app.get<Numbered>(`${base}/assessments/:number`, async (req, reply) => {
    const view = await db.transaction((tx) => assessments.read(tx, viewerOf(req), req.params.id, req.params.number));
    return reply.header('etag', etag(view.version)).send(view);
  });

  app.put<{ Params: { id: string; number: string; domain: string } }>(
    `${base}/assessments/:number/domains/:domain`,
    async (req, reply) => {
      const viewer = viewerOf(req);
      const domain = domainOf(req.params.domain);
      if (!domain) throw new NotFound();
      const body = parseOrThrow(domainAnswerSchema(domain), req.body);
      const version = requiredIfMatch(req);
      const view = await db.transaction((tx) =>
        assessments.saveDomain(tx, viewer, req.params.id, req.params.number, domain.code, body, version),
      );
      return reply.header('etag', etag(view.version)).send(view);
    },
  );

  app.post<Numbered>(`${base}/assessments/:number/complete`, async (req, reply) => {
    const viewer = viewerOf(req);
    const version = optionalIfMatch(req);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await assessments.complete(tx, viewer, req.params.id, req.params.number, version);
      return { status: 200, body: view, headers: { etag: etag(view.version) } };
    });
  });

  // Formulations: every revision, newest first; the ETag is the current revision's number ("0" for none).
  app.get<Id>(`${base}/formulations`, async (req, reply) => {
    const items = await db.transaction((tx) => formulations.list(tx, viewerOf(req), req.params.id));
    return reply.header('etag', etag(items[0]?.number ?? 0)).send({ items });
  });

  app.post<Id>(`${base}/formulations`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(formulationSchema, req.body);
    const basedOn = optionalIfMatch(req);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await formulations.revise(tx, viewer, req.params.id, body, basedOn);
      return { status: 201, body: view, headers: { etag: etag(view.number) } };
    });
  });

  // The support plan.
  app.get<Id>(`${base}/plan`, async (req) =>
    db.transaction((tx) => supportPlans.read(tx, viewerOf(req), req.params.id)),
  );

  app.post<Id>(`${base}/plan/goals`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(goalSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await supportPlans.addGoal(tx, viewer, req.params.id, body);
      return { status: 201, body: view, headers: { etag: etag(view.version) } };
    });
  });

  app.put<{ Params: { id: string; goalId: string } }>(`${base}/plan/goals/:goalId`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(goalChangeSchema, req.body);
    const version = requiredIfMatch(req);
    const view = await db.transaction((tx) =>
      supportPlans.changeGoal(tx, viewer, req.params.id, req.params.goalId, body, version),
    );
    return reply.header('etag', etag(view.version)).send(view);
  });

  app.post<{ Params: { id: string; goalId: string } }>(`${base}/plan/goals/:goalId/actions`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(actionSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await supportPlans.addAction(tx, viewer, req.params.id, req.params.goalId, body);
      return { status: 201, body: view, headers: { etag: etag(view.version) } };
    });
  });

  app.put<{ Params: { id: string; actionId: string } }>(`${base}/plan/actions/:actionId`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(actionChangeSchema, req.body);
    const version = requiredIfMatch(req);
    const view = await db.transaction((tx) =>
      supportPlans.changeAction(tx, viewer, req.params.id, req.params.actionId, body, version),
    );
    return reply.header('etag', etag(view.version)).send(view);
  });

  app.post<Id>(`${base}/plan/reviews`, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(reviewSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 201,
      body: await supportPlans.addReview(tx, viewer, req.params.id, body),
    }));
  });

  registerCarePages(app, services);
}
