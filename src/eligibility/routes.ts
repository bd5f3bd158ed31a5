import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../auth/authentication.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { eligibilityFactsSchema } from '../referrals/schema.ts';

/** API.md `POST /api/v1/eligibility`: evaluates a referral against its site's policy; stores nothing. */
export function registerEligibilityRoutes(app: FastifyInstance, { db, referrals, clock }: Services): void {
  app.post('/api/v1/eligibility', async (req, reply) => {
    const viewer = viewerOf(req);
    const facts = parseOrThrow(eligibilityFactsSchema, req.body);
    // Like every POST of the API it honours Idempotency-Key; only the key and its answer are kept.
    return runIdempotent(db, req, reply, viewer.id, async () => ({
      status: 200,
      body: referrals.evaluate(facts, clock()),
    }));
  });
}
