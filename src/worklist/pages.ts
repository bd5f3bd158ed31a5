// The worklist page (issue "The safety-net worklist"): "My items" (episodes the worker leads or co-works,
// actions they own), "Team" (every item of the site) and "By rule" (the manager's view, grouped with
// counts), with an "as of" date to look ahead. Each item links to the page where it is fixed.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { Posted } from '../web/formFields.ts';
import { worklistPageQuery } from './forms.ts';

export function registerWorklistPages(app: FastifyInstance, { db, worklist }: Services): void {
  app.get('/worklist', { preHandler: requireSignIn }, async (req, reply) => {
    const query = worklistPageQuery((req.query ?? {}) as Posted);
    const model = await db.transaction((tx) => worklist.page(tx, viewerOf(req), query));
    return reply.status(model.errors.length ? 400 : 200).render('worklist/views/worklist.njk', model);
  });
}
