// The person banner on every page of a person's record (issue 10): for a page under /episodes/:id,
// /referrals/:id or /people/:personId, the banner is read before the page's handler, as the viewer and through the same scopes
// (bannerService.ts), and the layout draws it (web/views/_personBanner.njk) only when the page itself let
// the viewer in: a 401, 403 or 404 shows none, so a refused page says nothing of whom it was about.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import type { PersonBanner } from '../people/presenter.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the record page is about, when the viewer may see it (bannerPages.ts). */
    personBanner: PersonBanner | undefined;
  }
  interface FastifyContextConfig {
    /**
     * The page's own read gives its banner, through the same scope (the episode page: episodes/service.ts
     * page), so it is not read twice; the handler sets `personBanner` before it renders.
     */
    bannerFromPage?: boolean;
  }
}

/** The pages of one record: a referral's and an episode's, and every part of them. */
const RECORD_PAGE = /^\/(episodes|referrals|people)\/:(?:id|personId)(?:\/|$)/;

/** Whether a page answered with this status shows its person's banner: not one that refused the viewer. */
export const showsPersonBanner = (status: number): boolean =>
  status < 400 || status === 400 || status === 409 || status === 412;

export function registerPersonBanner(app: FastifyInstance, { db, personBanners }: Services): void {
  app.decorateRequest('personBanner', undefined);
  app.addHook('preHandler', async (req) => {
    const viewer = req.viewer;
    const route = req.routeOptions.url ?? '';
    if (!viewer || route.endsWith('.pdf') || req.routeOptions.config.bannerFromPage) return;
    const kind = RECORD_PAGE.exec(route)?.[1];
    const params = req.params as { id?: unknown; personId?: unknown } | undefined;
    const id = params?.id ?? params?.personId;
    if (!kind || typeof id !== 'string') return;
    const read = {
      episodes: personBanners.ofEpisode,
      referrals: personBanners.ofReferral,
      people: personBanners.ofPerson,
    };
    req.personBanner = await read[kind as keyof typeof read](db, viewer, id);
  });
}
