// GET /api/v1/search?q=TEXT (API.md, docs/api/search.md): people by name, NHS number, prison number or CRN,
// only what the caller may see. Thin: validate, one service call, JSON.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { searchQuerySchema } from './schema.ts';

export function registerSearchRoutes(app: FastifyInstance, { db, search }: Services): void {
  app.get('/api/v1/search', async (req, reply) => {
    const viewer = viewerOf(req);
    const { q } = parseOrThrow(searchQuerySchema, req.query);
    // A read and the audit entry of it: no transaction needed (as the chronology), which spares two round trips.
    const result = await search.search(db, viewer, q);
    void reply.header('cache-control', 'no-store');
    return { items: result.items, more: result.more };
  });
}
