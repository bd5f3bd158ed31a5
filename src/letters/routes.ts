// The person's letters through the API (issue 15; added in API.md's style):
// `GET /api/v1/episodes/{id}/letters?letter=plan|appointments[&format=...][&language=...]` → application/pdf.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { letterQuerySchema } from './schema.ts';

type WithId = { Params: { id: string } };

export function registerLetterRoutes(app: FastifyInstance, { db, personLetters }: Services): void {
  app.get<WithId>('/api/v1/episodes/:id/letters', async (req, reply) => {
    const query = parseOrThrow(letterQuerySchema, req.query);
    const { pdf, filename } = await db.transaction((tx) =>
      personLetters.letter(tx, viewerOf(req), req.params.id, query),
    );
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
