import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { parseOrThrow } from '../http/validation.ts';
import { eligibilityFactsSchema } from '../referrals/schema.ts';

/** API.md `POST /api/v1/eligibility`: evaluates a referral against its site's policy; stores nothing. */
export function registerEligibilityRoutes(app: FastifyInstance, { referrals, clock }: Services): void {
  app.post('/api/v1/eligibility', async (req) => {
    const facts = parseOrThrow(eligibilityFactsSchema, req.body);
    return referrals.evaluate(facts, clock());
  });
}
