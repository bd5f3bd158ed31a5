// The screening queue: every referral waiting for a decision at the viewer's sites, with its eligibility
// outcome, when it arrived, when screening is due and how long is left (PRODUCT.md journey, step 2).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../auth/authentication.ts';
import { can } from '../access/policy.ts';
import { Forbidden } from '../http/errors.ts';
import { presentReferralSummary } from '../referrals/presenter.ts';
import { countVisibleReferrals, type ReferralFilter } from '../referrals/referralRepository.ts';
import { QUEUE_SORTS } from './screeningService.ts';

/** A page of the queue: enough to work through, small enough to stay quick with thousands waiting. */
export const QUEUE_PAGE_SIZE = 50;

const queueQuery = z.object({
  site: z.string().max(100).optional().catch(undefined),
  status: z.enum(['open', 'awaiting_screening', 'information_requested', 'accepted', 'declined']).catch('open'),
  outcome: z.enum(['automatic', 'eligible', 'discretionary', 'ineligible']).optional().catch(undefined),
  sort: z.enum(['due', 'received', 'name', 'outcome']).catch('due'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function registerScreeningPages(app: FastifyInstance, services: Services): void {
  const { db, referrals, sites, clock } = services;

  app.get('/screening', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    if (!can(viewer, 'viewScreeningQueue'))
      throw new Forbidden('The screening queue is for practitioners and managers');
    const query = queueQuery.parse(req.query ?? {});
    const site = query.site && viewer.siteCodes.includes(query.site) ? query.site : viewer.siteCodes[0]!;
    const filter: ReferralFilter = {
      site,
      outcome: query.outcome,
      ...(query.status === 'open'
        ? { statuses: ['awaiting_screening', 'information_requested'] }
        : { status: query.status }),
    };
    const now = clock();
    const [rows, total, overdueCount] = await db.transaction(
      async (tx) =>
        [
          await referrals.list(
            tx,
            viewer,
            { ...filter, limit: QUEUE_PAGE_SIZE, offset: (query.page - 1) * QUEUE_PAGE_SIZE },
            QUEUE_SORTS[query.sort],
          ),
          await countVisibleReferrals(tx, viewer, filter),
          await countVisibleReferrals(tx, viewer, { site, overdueAt: now }),
        ] as const,
    );
    const items = rows.map((r) => ({
      ...presentReferralSummary(r, viewer),
      overdue: r.status === 'awaiting_screening' && !r.screeningPausedAt && r.screeningDueAt < now,
    }));
    const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
    const link = (page: number) =>
      `/screening?site=${site}&status=${query.status}&outcome=${query.outcome ?? ''}&sort=${query.sort}&page=${page}`;
    return reply.render('screening/views/queue.njk', {
      pageTitle: 'Screening queue',
      section: 'screening',
      items,
      total,
      query: { ...query, site },
      overdueCount,
      previous:
        query.page > 1
          ? { href: link(query.page - 1), text: 'Previous', labelText: `Page ${query.page - 1} of ${pages}` }
          : undefined,
      next:
        query.page < pages
          ? { href: link(query.page + 1), text: 'Next', labelText: `Page ${query.page + 1} of ${pages}` }
          : undefined,
      siteOptions: viewer.siteCodes.map((code) => ({
        value: code,
        text: sites.get(code)?.name ?? code,
        selected: code === site,
      })),
    });
  });
}
