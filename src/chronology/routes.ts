// API.md `GET /api/v1/people/{personId}/chronology[?from=DATE&to=DATE&partnerId=ID&kind=KIND]` → `{ items }`
// oldest first; `?format=pdf` gives the same as a PDF for a professionals' meeting.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { chronologyQuerySchema, chronologySchemaFilter } from './schema.ts';
import { presentItem, presentRow } from './presenter.ts';
import { chronologyPdf } from './pdf.ts';
import { describeFilter } from './forms.ts';
import { formatDateTime } from '../web/format.ts';

type WithPerson = { Params: { personId: string } };

export function registerChronologyRoutes(app: FastifyInstance, { db, chronology, clock }: Services): void {
  app.get<WithPerson>('/api/v1/people/:personId/chronology', async (req, reply) => {
    const viewer = viewerOf(req);
    const query = parseOrThrow(chronologyQuerySchema, req.query);
    const filter = chronologySchemaFilter(query);
    // A read, and the audit entry of it: no transaction needed (as GET /api/v1/episodes/{id}), which spares the
    // busiest read of a case two round trips.
    const { person, items } = await chronology.read(db, viewer, req.params.personId, filter);
    if (query.format !== 'pdf') return { person: { id: person.id, name: person.name }, items: items.map(presentItem) };
    const pdf = await chronologyPdf({
      person,
      rows: items.map(presentRow),
      view: 'full',
      filterText: describeFilter(filter, undefined),
      printedAt: formatDateTime(clock()),
      printedBy: viewer.name,
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="chronology.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
