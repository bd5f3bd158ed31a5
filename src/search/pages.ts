// The search page (issue 10): the header's search box on every staff page posts here with GET, so it
// works without JavaScript. Thin: the query as typed, one service call, render.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { pageQuery } from './schema.ts';

export function registerSearchPages(app: FastifyInstance, { db, search }: Services): void {
  app.get('/search', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const model = await search.page(db, viewer, pageQuery(req.query));
    void reply.header('cache-control', 'no-store');
    return reply.status(model.errors.length ? 400 : 200).render('search/views/search.njk', model);
  });
}
