// The worklist page (issue "The safety-net worklist"): "My items" (episodes the worker leads or co-works,
// actions they own), "Team" (every item of the site) and "By rule" (the manager's view, grouped with
// counts), with an "as of" date to look ahead. Each item links to the page where it is fixed.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { Posted } from '../web/formFields.ts';
import { worklistPageQuery } from './forms.ts';
import { can } from '../access/policy.ts';
import { ALL_TEAMS } from '../teamChoice/rules.ts';

export function registerWorklistPages(app: FastifyInstance, { db, worklist, teamChoice }: Services): void {
  app.get('/worklist', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const typed = worklistPageQuery((req.query ?? {}) as Posted);
    const model = await db.transaction(async (tx) => {
      // One team, or all the user's teams (issue 10; the worklist's default), remembered from the last choice.
      const team = can(viewer, 'viewWorklist')
        ? await teamChoice.decide(tx, viewer, 'worklist', typed.site, 'all')
        : undefined;
      const chosen = team ? team.site : typed.site;
      const site = chosen === ALL_TEAMS || chosen === '' ? undefined : chosen;
      const query = { ...typed, site, typed: { ...typed.typed, site: chosen ?? '' } };
      const found = await worklist.page(tx, viewer, query);
      await teamChoice.remember(tx, viewer, team);
      return found;
    });
    return reply.status(model.errors.length ? 400 : 200).render('worklist/views/worklist.njk', model);
  });
}
