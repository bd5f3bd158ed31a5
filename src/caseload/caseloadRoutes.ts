// The caseload (issue "Allocation and caseload"): a practitioner's own episodes, or every episode of a site
// for a manager, with phase and days to or since release.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../auth/authentication.ts';
import { can } from '../access/policy.ts';
import { Forbidden } from '../http/errors.ts';
import type { EpisodeView } from '../episodes/presenter.ts';
import { STATUS_TEXT, referralNames, releaseText, userNames } from '../episodes/episodeDisplay.ts';

export function registerCaseloadPages(app: FastifyInstance, services: Services): void {
  const { db, episodes, sites } = services;

  app.get('/caseload', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    if (!can(viewer, 'viewScreeningQueue')) throw new Forbidden('The caseload is for practitioners and managers');
    const query = (req.query ?? {}) as Record<string, unknown>;
    const site = typeof query.site === 'string' && viewer.siteCodes.includes(query.site) ? query.site : viewer.siteCodes[0]!;
    const all = viewer.role === 'manager' || query.show === 'all';
    const { views, names, leads } = await db.transaction(async (tx) => {
      const listed = (await episodes.list(tx, viewer, { site })).filter((v) => all || v.leadWorkerId === viewer.id);
      return {
        views: listed,
        names: await referralNames(tx, viewer, listed.map((v) => v.referralId)),
        leads: await userNames(tx, listed.flatMap((v) => (v.leadWorkerId ? [v.leadWorkerId] : []))),
      };
    });
    const order = (v: EpisodeView) => (v.status === 'closed' ? 1 : 0);
    const items = [...views].sort((a, b) => order(a) - order(b)).map((v) => ({
      id: v.id, status: v.status, statusText: STATUS_TEXT[v.status], releaseText: releaseText(v),
      person: names.get(v.referralId), leadWorker: v.leadWorkerId ? (leads.get(v.leadWorkerId) ?? 'Unknown') : 'Not assigned',
      isMine: v.leadWorkerId === viewer.id,
    }));
    return reply.render('caseload/views/caseload.njk', {
      pageTitle: all ? 'Episodes of care' : 'Your caseload', section: 'caseload', items, all, site,
      siteName: sites.get(site)?.name ?? site, isManager: viewer.role === 'manager',
      siteOptions: viewer.siteCodes.map((code) => ({ value: code, text: sites.get(code)?.name ?? code, selected: code === site })),
    });
  });
}
