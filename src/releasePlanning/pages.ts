// The release plan pages: the plan with its readiness, release details, destination and the checklist as
// an NHS task list, and one page per part (release details, destination, each checklist item). Saving goes
// through the same service call as `PUT /api/v1/episodes/{id}/release-plan`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, NotFound, type FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import { fieldNameFor, type PlanForm } from './forms.ts';
import { formFor } from './planForms.ts';
import { presentFormPage } from './presenter.ts';

type Params = { Params: { id: string } };
type ItemParams = { Params: { id: string; item: string } };

const STALE_MESSAGE =
  'Someone else changed this release plan after you opened it, so your change was not saved. Check it below, then try again.';

function formOrThrow(slug: string): PlanForm {
  const form = formFor(slug);
  if (!form) throw new NotFound();
  return form;
}

/** The version the form was shown with (undefined when absent or not a version). */
function versionFrom(posted: Posted): number | undefined {
  const version = Number(str(posted, 'version'));
  return Number.isInteger(version) && version >= 0 ? version : undefined;
}

export function registerReleasePlanPages(app: FastifyInstance, { db, releasePlans }: Services): void {
  // Its person banner comes with the page's own read (episodes/bannerPages.ts bannerFromPage).
  const ownBanner = { preHandler: requireSignIn, config: { bannerFromPage: true } };

  app.get<Params>('/episodes/:id/release-plan', ownBanner, async (req, reply) => {
    // Without a transaction, as the episode page (episodes/pages.ts renderEpisode): it writes only its audit event.
    const { personBanner, ...model } = await releasePlans.page(db, viewerOf(req), req.params.id);
    req.personBanner = personBanner;
    return reply.render('releasePlanning/views/releasePlan.njk', model);
  });

  async function renderForm(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: PlanForm,
    extra: { posted?: Posted; errors?: FieldError[]; message?: string; status?: number } = {},
  ) {
    const page = await db.transaction((tx) => releasePlans.formPage(tx, viewer, id));
    const model = presentFormPage(page, form, extra);
    return reply
      .status(extra.status ?? (model.errors.length ? 400 : 200))
      .render('releasePlanning/views/item.njk', model);
  }

  app.get<ItemParams>('/episodes/:id/release-plan/:item', { preHandler: requireSignIn }, async (req, reply) =>
    renderForm(reply, viewerOf(req), req.params.id, formOrThrow(req.params.item)),
  );

  app.post<ItemParams>(
    '/episodes/:id/release-plan/:item',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const form = formOrThrow(req.params.item);
      const posted = (req.body ?? {}) as Posted;
      try {
        const { errors } = await db.transaction((tx) =>
          releasePlans.saveForm(
            tx,
            viewer,
            req.params.id,
            (current) => form.body(posted, current.expectedReleaseDate),
            versionFrom(posted),
          ),
        );
        if (errors.length) return await renderForm(reply, viewer, req.params.id, form, { posted, errors });
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        if (error.statusCode === 412 || error.statusCode === 428)
          return renderForm(reply, viewer, req.params.id, form, { status: 412, message: STALE_MESSAGE });
        if (error.statusCode === 409)
          return renderForm(reply, viewer, req.params.id, form, { posted, status: 409, message: error.message });
        if (error.statusCode === 400)
          return renderForm(reply, viewer, req.params.id, form, {
            posted,
            errors: error.errors.map((e) => ({ field: fieldNameFor(form, e.field), message: e.message })),
          });
        throw error;
      }
      return reply.redirectSaved('releasePlan', `/episodes/${req.params.id}/release-plan`);
    },
  );
}
