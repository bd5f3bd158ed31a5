// The chronology pages: the person's chronology with its filters, compact or full; a print view; the PDF;
// and the episode's way in (its part navigation links here).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { isUuid } from '../http/ids.ts';
import { fieldId, parseFilter } from './forms.ts';
import { chronologyPdf } from './pdf.ts';

type WithPerson = { Params: { personId: string }; Querystring: Record<string, unknown> };

export function registerChronologyPages(app: FastifyInstance, services: Services): void {
  const { db, chronology, partners } = services;

  app.get<WithPerson>('/people/:personId/chronology', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const form = parseFilter(req.query);
    const page = await chronology.page(db, viewer, req.params.personId, form);
    const episode = typeof req.query.episode === 'string' && isUuid(req.query.episode) ? req.query.episode : undefined;
    return reply.status(form.errors.length ? 400 : 200).render('chronology/views/chronology.njk', {
      pageTitle: `Chronology: ${page.person.name}`,
      section: 'caseload',
      backHref: episode ? `/episodes/${episode}` : undefined,
      ...page,
      errors: form.errors.map((e) => ({ text: e.message, href: `#${fieldId(e.field)}` })),
      fieldErrors: Object.fromEntries(form.errors.map((e) => [e.field, e.message])),
    });
  });

  app.get<WithPerson>('/people/:personId/chronology/print', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const form = parseFilter(req.query);
    const page = await chronology.page(db, viewer, req.params.personId, form);
    return reply.render('chronology/views/print.njk', { pageTitle: `Chronology: ${page.person.name}`, ...page });
  });

  app.get<WithPerson>('/people/:personId/chronology.pdf', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const form = parseFilter(req.query);
    const page = await chronology.page(db, viewer, req.params.personId, form);
    const pdf = await chronologyPdf({ ...page, person: page.person });
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="chronology.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get<{ Params: { id: string } }>('/episodes/:id/chronology', { preHandler: requireSignIn }, async (req, reply) => {
    const episode = await db.transaction((tx) => partners.readableEpisode(tx, viewerOf(req), req.params.id));
    return reply.redirect(`/people/${episode.personId}/chronology?episode=${episode.id}`, 303);
  });
}
