import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { policyInForce, sourcesInForce } from './policy.ts';

/** API.md `GET /api/v1/sites`: each site with its policy in force today. */
export function registerSiteRoutes(app: FastifyInstance, { sites, clock }: Services): void {
  app.get('/api/v1/sites', () => {
    const now = clock();
    return {
      items: sites.all().flatMap((site) => {
        const policy = policyInForce(site, now);
        if (!policy) return [];
        return [
          {
            code: site.code,
            name: site.name,
            model: site.model,
            provider: site.provider,
            preReleaseMonths: policy.preReleaseMonths,
            postReleaseMonths: policy.postReleaseMonths,
            screeningHours: policy.screeningHours,
            referralSources: sourcesInForce(policy, now),
            catchment: policy.catchment,
            policyVersion: policy.version,
          },
        ];
      }),
    };
  });
}
