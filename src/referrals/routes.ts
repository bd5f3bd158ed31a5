// The referral endpoints of API.md. Thin: validate, authorise, one service call in one transaction, present.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { eligibilityFactsSchema, makeReferralBodySchema } from './schema.ts';
import { presentReferralSummary } from './presenter.ts';
import { REFERRAL_STATUSES } from './rules.ts';
import { unlessAllTeams } from '../teamChoice/rules.ts';

const listQuery = z.object({
  site: z.string().max(100).optional().transform(unlessAllTeams),
  status: z.enum(REFERRAL_STATUSES, { message: `Must be one of ${REFERRAL_STATUSES.join(', ')}` }).optional(),
});
const answerBody = z.object({
  answer: z.string().trim().min(1, 'Enter your answer').max(5000, 'Must be 5000 characters or fewer'),
});
type IdParams = { Params: { id: string } };

export function registerReferralRoutes(app: FastifyInstance, services: Services): void {
  const { db, referrals, clock } = services;

  /** API.md `POST /api/v1/eligibility`: evaluates a referral against its site's policy; stores nothing. */
  app.post('/api/v1/eligibility', async (req, reply) => {
    const viewer = viewerOf(req);
    const facts = parseOrThrow(eligibilityFactsSchema, req.body);
    // Like every POST of the API it honours Idempotency-Key; only the key and its answer are kept.
    return runIdempotent(db, req, reply, viewer.id, () =>
      Promise.resolve({ status: 200, body: referrals.evaluate(facts, clock()) }),
    );
  });

  app.post('/api/v1/referrals', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(makeReferralBodySchema(clock()), req.body);
    const prepared = referrals.prepareSubmission(body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await referrals.submit(tx, viewer, body, prepared);
      return {
        status: 201,
        body: view,
        headers: { etag: etag(view.version), location: `/api/v1/referrals/${view.id}` },
      };
    });
  });

  app.get('/api/v1/referrals', async (req) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(listQuery, req.query);
    const rows = await db.transaction((tx) => referrals.list(tx, viewer, query));
    return { items: rows.map((r) => presentReferralSummary(r, viewer)) };
  });

  app.get<IdParams>('/api/v1/referrals/:id', async (req, reply) => {
    const view = await referrals.read(db, viewerOf(req), req.params.id);
    return reply.header('etag', etag(view.version)).send(view);
  });

  /** The referrer's answer to a request for more information; restarts the screening clock. */
  app.post<IdParams>('/api/v1/referrals/:id/information', async (req, reply) => {
    const viewer = viewerOf(req);
    const { answer } = parseOrThrow(answerBody, req.body);
    const version = req.headers['if-match'] ? requiredIfMatch(req) : undefined;
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const view = await referrals.answerInformationRequest(tx, viewer, req.params.id, answer, version);
      return { status: 200, body: view, headers: { etag: etag(view.version) } };
    });
  });
}
