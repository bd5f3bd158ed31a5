// The screening queue page, and the screening decision form on a referral's page (PRODUCT.md journey,
// step 2). The decision goes through the same service call as the JSON API.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { can } from '../access/policy.ts';
import { HttpError, ValidationFailed } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { renderReferralPage } from '../referrals/pages.ts';
import { QUEUE_STATUSES } from './rules.ts';
import { screeningDecisionSchema } from './schema.ts';

import { ConsentNotGiven } from './service.ts';

export { QUEUE_PAGE_SIZE } from './service.ts';

const queueQuery = z.object({
  site: z.string().max(100).optional().catch(undefined),
  status: z.enum(QUEUE_STATUSES).catch('open'),
  outcome: z.enum(['automatic', 'eligible', 'discretionary', 'ineligible']).optional().catch(undefined),
  sort: z.enum(['due', 'received', 'name', 'outcome']).catch('due'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const STALE =
  'Someone else decided or changed this referral after you opened it. Your decision was not saved. Their decision is shown below.';

export function registerScreeningPages(app: FastifyInstance, services: Services): void {
  const { db, screening, teamChoice } = services;

  app.get('/screening', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const query = queueQuery.parse(req.query ?? {});
    // One team, or all the user's teams (issue 10), remembered from their last choice.
    const model = await db.transaction(async (tx) => {
      const team = can(viewer, 'viewScreeningQueue')
        ? await teamChoice.decide(tx, viewer, 'screening', query.site)
        : undefined;
      const found = await screening.queue(tx, viewer, { ...query, site: team ? team.site : query.site });
      await teamChoice.remember(tx, viewer, team);
      return found;
    });
    return reply.render('screening/views/queue.njk', { pageTitle: 'Screening queue', section: 'screening', ...model });
  });

  app.post<{ Params: { id: string } }>(
    '/referrals/:id/screening',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Record<string, unknown>;
      const decision = posted.decision;
      const input = screeningDecisionSchema.safeParse({
        decision,
        reason:
          decision === 'more_information'
            ? posted.question
            : decision === 'decline'
              ? posted.reason
              : posted.acceptNote || undefined,
        signposting: decision === 'decline' ? posted.signposting : undefined,
        overrideReason: decision === 'accept' ? posted.overrideReason || undefined : undefined,
      });
      if (!input.success) {
        const errors = fieldErrors(input.error).map((e) => ({
          ...e,
          field: e.field === 'reason' && decision === 'more_information' ? 'question' : e.field,
        }));
        return renderReferralPage(reply, services, viewer, req.params.id, { errors, posted });
      }
      try {
        await db.transaction((tx) => screening.decide(tx, viewer, req.params.id, input.data, Number(posted.version)));
      } catch (error) {
        if (error instanceof ConsentNotGiven) {
          return renderReferralPage(reply, services, viewer, req.params.id, {
            status: 409,
            errors: [{ field: 'decision', message: error.message }],
            posted,
          });
        }
        if (error instanceof HttpError && (error.statusCode === 412 || error.statusCode === 409)) {
          // "Someone else changed this": show the referral as it is now, with what they decided.
          return renderReferralPage(reply, services, viewer, req.params.id, {
            status: 412,
            errors: [{ field: 'decision', message: STALE }],
          });
        }
        if (error instanceof HttpError && error.statusCode === 403 && decision === 'accept') {
          return renderReferralPage(reply, services, viewer, req.params.id, {
            status: 403,
            errors: [{ field: 'decision', message: error.message }],
            posted,
          });
        }
        if (error instanceof ValidationFailed) {
          return renderReferralPage(reply, services, viewer, req.params.id, { errors: error.errors, posted });
        }
        throw error;
      }
      return reply.redirectSaved('screening', `/referrals/${req.params.id}`);
    },
  );
}
