// The screening queue: every referral waiting for a decision at the viewer's sites, with its eligibility
// outcome, when it arrived, when screening is due and how long is left (PRODUCT.md journey, step 2).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../auth/authentication.ts';
import { can } from '../access/policy.ts';
import { Forbidden } from '../http/errors.ts';
import { presentReferralSummary } from '../referrals/presenter.ts';
import { QUEUE_SORTS } from './screeningService.ts';

const queueQuery = z.object({
  site: z.string().max(100).optional().catch(undefined),
  status: z.enum(['open', 'awaiting_screening', 'information_requested', 'accepted', 'declined']).catch('open'),
  outcome: z.enum(['automatic', 'eligible', 'discretionary', 'ineligible']).optional().catch(undefined),
  sort: z.enum(['due', 'received', 'name', 'outcome']).catch('due'),
});

export function registerScreeningPages(app: FastifyInstance, services: Services): void {
  const { db, referrals, sites, clock } = services;

  app.get('/screening', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    if (!can(viewer, 'viewScreeningQueue')) throw new Forbidden('The screening queue is for practitioners and managers');
    const query = queueQuery.parse(req.query ?? {});
    const site = query.site && viewer.siteCodes.includes(query.site) ? query.site : viewer.siteCodes[0]!;
    const statuses = query.status === 'open' ? ['awaiting_screening', 'information_requested'] : [query.status];
    const rows = await db.transaction(async (tx) => {
      const lists = await Promise.all(statuses.map((status) => referrals.list(tx, viewer, { site, status, outcome: query.outcome }, QUEUE_SORTS[query.sort])));
      return lists.flat();
    });
    const now = clock();
    const items = rows.map((r) => ({ ...presentReferralSummary(r), overdue: !r.screeningPausedAt && r.screeningDueAt < now && (r.status === 'awaiting_screening') }));
    if (statuses.length > 1 && query.sort === 'due') items.sort((a, b) => a.screeningDueAt.localeCompare(b.screeningDueAt));
    return reply.render('screening/views/queue.njk', {
      pageTitle: 'Screening queue', section: 'screening', items, query: { ...query, site },
      overdueCount: items.filter((i) => i.overdue).length,
      siteOptions: viewer.siteCodes.map((code) => ({ value: code, text: sites.get(code)?.name ?? code, selected: code === site })),
    });
  });
}
