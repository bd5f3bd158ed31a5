// The outcomes page of an episode (issue 15): each wellbeing measure as a chart over time with its
// reliable-change threshold and as a table, the links made after release and engagement; the form to
// record a measure (NHS radios per item, the error summary) and the form to record links after release.
// The forms make the same service calls as the JSON API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import { parseOrThrow } from '../http/validation.ts';
import { CHOICES, isInstrument, measureBodyOf, measureInputOf, outcomesBodyOf, outcomesInputOf } from './forms.ts';
import { measureSchema, outcomesUpdateSchema } from './schema.ts';
import { SPECS, type Instrument } from './scoring.ts';

type IdParams = { Params: { id: string } };
type Extra = { errors?: FieldError[]; posted?: Posted; status?: number; message?: string };

const STALE =
  'Someone else changed these outcomes after you opened them, so your change was not saved. Check them below, then try again.';

export function registerOutcomePages(app: FastifyInstance, services: Services): void {
  const { db, outcomes, sites } = services;
  const siteName = (code: string) => sites.get(code)?.name ?? code;

  async function renderOutcomes(reply: FastifyReply, viewer: Viewer, id: string, extra: Extra = {}) {
    const page = await db.transaction((tx) => outcomes.outcomesPage(tx, viewer, id));
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${outcomesInputOf(e.field)}` }));
    if (extra.message) errors.unshift({ text: extra.message, href: '#outcomes-form' });
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('outcomes/views/outcomes.njk', {
      pageTitle: `Outcomes: ${page.episode.personName}`,
      ...page,
      siteName: siteName(page.episode.siteCode),
      errors,
      posted: extra.posted ?? {},
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [outcomesInputOf(e.field), e.message])),
    });
  }

  async function renderMeasureForm(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    instrument: Instrument,
    extra: Extra = {},
  ) {
    const { episode } = await db.transaction((tx) => outcomes.measureForm(tx, viewer, id));
    const spec = SPECS[instrument];
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${measureInputOf(e.field)}` }));
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('outcomes/views/measureForm.njk', {
      pageTitle: `Record ${spec.name}: ${episode.personName}`,
      episode,
      siteName: siteName(episode.siteCode),
      instrument,
      spec,
      items: Array.from({ length: spec.items }, (_, i) => i + 1),
      choices: CHOICES[instrument],
      errors,
      posted: extra.posted ?? {},
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [measureInputOf(e.field), e.message])),
    });
  }

  app.get<IdParams>('/episodes/:id/outcomes', { preHandler: requireSignIn }, async (req, reply) =>
    renderOutcomes(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/episodes/:id/outcomes',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const posted = (req.body ?? {}) as Posted;
      const parsed = outcomesBodyOf(posted);
      if (!parsed.body) return renderOutcomes(reply, viewer, id, { posted, errors: parsed.errors });
      const version = Number(str(posted, 'version'));
      try {
        const body = parseOrThrow(outcomesUpdateSchema, parsed.body);
        await db.transaction((tx) =>
          outcomes.update(tx, viewer, id, body, Number.isInteger(version) && version >= 0 ? version : undefined),
        );
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 412 || error.statusCode === 428))
          return renderOutcomes(reply, viewer, id, { status: 412, message: STALE });
        if (error instanceof HttpError && error.statusCode === 400)
          return renderOutcomes(reply, viewer, id, { posted, errors: error.errors });
        throw error;
      }
      return reply.redirectSaved('linkage', `/episodes/${id}/outcomes#linkage`);
    },
  );

  app.get<IdParams & { Querystring: { instrument?: string } }>(
    '/episodes/:id/measures/new',
    { preHandler: requireSignIn },
    async (req, reply) => {
      const instrument = isInstrument(req.query.instrument) ? req.query.instrument : 'swemwbs';
      return renderMeasureForm(reply, viewerOf(req), req.params.id, instrument);
    },
  );

  app.post<IdParams>(
    '/episodes/:id/measures/new',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const posted = (req.body ?? {}) as Posted;
      const instrument = isInstrument(posted.instrument) ? posted.instrument : 'swemwbs';
      const parsed = measureBodyOf(instrument, posted);
      if (!parsed.body) return renderMeasureForm(reply, viewer, id, instrument, { posted, errors: parsed.errors });
      try {
        const body = parseOrThrow(measureSchema, parsed.body);
        await db.transaction((tx) => outcomes.recordMeasure(tx, viewer, id, body));
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 400)
          return renderMeasureForm(reply, viewer, id, instrument, { posted, errors: error.errors });
        throw error;
      }
      return reply.redirectSaved('measure', `/episodes/${id}/outcomes#${instrument}`);
    },
  );
}
