// The release plan pages: the plan with its readiness, release details, destination and the checklist as
// an NHS task list, and one page per part (release details, destination, each checklist item). Saving goes
// through the same service call as `PUT /api/v1/episodes/{id}/release-plan`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { Forbidden, HttpError, NotFound, type FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import { referralNames } from '../episodes/episodeDisplay.ts';
import { findVisibleEpisode } from '../episodes/episodeRepository.ts';
import {
  ACCOMMODATION_TEXT,
  RELEASE_TYPE_TEXT,
  fieldNameFor,
  fieldViews,
  formFor,
  inputIdOf,
  itemSlug,
  type PlanForm,
} from './forms.ts';
import type { ReleasePlanService, ReleasePlanView } from './releasePlanService.ts';
import { parseReleasePlanBody } from './schema.ts';

type Params = { Params: { id: string } };
type ItemParams = { Params: { id: string; item: string } };

const STALE_MESSAGE =
  'Someone else changed this release plan after you opened it, so your change was not saved. Check it below, then try again.';

export function registerReleasePlanPages(app: FastifyInstance, services: Services, plans: ReleasePlanService): void {
  const { db, sites } = services;

  async function load(
    viewer: Viewer,
    id: string,
  ): Promise<{ view: ReleasePlanView; person: { reference: string; name: string } | undefined; referralId: string }> {
    return db.transaction(async (tx) => {
      const view = await plans.read(tx, viewer, id);
      const episode = await findVisibleEpisode(tx, viewer, id);
      if (!episode) throw new NotFound();
      const names = await referralNames(tx, viewer, [episode.referralId]);
      return { view, person: names.get(episode.referralId), referralId: episode.referralId };
    });
  }

  app.get<Params>('/episodes/:id/release-plan', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const { view, person, referralId } = await load(viewer, req.params.id);
    const canChange = plans.canChange(viewer, view);
    const base = `/episodes/${view.episodeId}/release-plan`;
    const tasks = view.checklist
      .filter((item) => item.required)
      .map((item) => ({
        heading: { text: item.label },
        href: canChange ? `${base}/${itemSlug(item.code)}` : undefined,
        hint: item.missing ?? item.note,
        status:
          item.status === 'not_done'
            ? { tag: { text: 'Incomplete', classes: 'nhsuk-tag--blue' } }
            : { text: item.status === 'done' ? 'Completed' : 'Not needed' },
      }));
    const plan = view.plan;
    return reply.render('releasePlanning/views/releasePlan.njk', {
      pageTitle: `Release plan${person ? `: ${person.name}` : ''}`,
      section: 'caseload',
      backHref: `/episodes/${view.episodeId}`,
      episode: { id: view.episodeId, referralId },
      person,
      view,
      tasks,
      canChange,
      base,
      siteName: sites.get(view.site)?.name ?? view.site,
      releaseTypeText: plan.releaseType ? RELEASE_TYPE_TEXT[plan.releaseType] : 'Not recorded',
      uncertainText:
        plan.releaseUncertain === undefined
          ? 'Not recorded'
          : plan.releaseUncertain
            ? 'Yes: the date may change or release come without warning'
            : 'No',
      accommodationText: plan.accommodation ? ACCOMMODATION_TEXT[plan.accommodation.status] : undefined,
      contingencyMissing: view.missing.some((m) => m.code === 'contingency_plan'),
      history: [...view.releaseDateHistory].reverse(),
    });
  });

  async function renderItem(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: PlanForm,
    extra: { posted?: Posted; errors?: FieldError[]; message?: string; status?: number } = {},
  ) {
    const { view, person } = await load(viewer, id);
    if (!plans.canChange(viewer, view))
      throw new Forbidden(
        'Only the site’s practitioners and managers can change a release plan, and not once the episode is closed',
      );
    const values = extra.posted ?? form.values(view.plan, view.expectedReleaseDate);
    const byName = new Map((extra.errors ?? []).map((e) => [e.field, e.message] as const));
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${inputIdOf(form, e.field)}` }));
    if (extra.message) errors.unshift({ text: extra.message, href: '#main-content' });
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('releasePlanning/views/item.njk', {
      pageTitle: form.title,
      section: 'caseload',
      backHref: `/episodes/${view.episodeId}/release-plan`,
      episode: { id: view.episodeId },
      person,
      form,
      fields: fieldViews(form, values, byName),
      version: view.version,
      errors,
      action: `/episodes/${view.episodeId}/release-plan/${form.slug}`,
    });
  }

  function formOrThrow(slug: string): PlanForm {
    const form = formFor(slug);
    if (!form) throw new NotFound();
    return form;
  }

  app.get<ItemParams>('/episodes/:id/release-plan/:item', { preHandler: requireSignIn }, async (req, reply) =>
    renderItem(reply, viewerOf(req), req.params.id, formOrThrow(req.params.item)),
  );

  app.post<ItemParams>(
    '/episodes/:id/release-plan/:item',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const form = formOrThrow(req.params.item);
      const posted = (req.body ?? {}) as Posted;
      const { view } = await load(viewer, req.params.id);
      const { body, errors } = form.body(posted, view.expectedReleaseDate);
      if (errors.length) return renderItem(reply, viewer, req.params.id, form, { posted, errors });
      const version = Number(str(posted, 'version'));
      try {
        const parsed = parseReleasePlanBody(body);
        await db.transaction((tx) =>
          plans.update(
            tx,
            viewer,
            req.params.id,
            parsed,
            Number.isInteger(version) && version >= 0 ? version : undefined,
          ),
        );
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 412 || error.statusCode === 428)) {
          return renderItem(reply, viewer, req.params.id, form, { status: 412, message: STALE_MESSAGE });
        }
        if (error instanceof HttpError && error.statusCode === 409)
          return renderItem(reply, viewer, req.params.id, form, { posted, status: 409, message: error.message });
        if (error instanceof HttpError && error.statusCode === 400) {
          return renderItem(reply, viewer, req.params.id, form, {
            posted,
            errors: error.errors.map((e) => ({ field: fieldNameFor(form, e.field), message: e.message })),
          });
        }
        throw error;
      }
      return reply.redirect(`/episodes/${req.params.id}/release-plan`, 303);
    },
  );
}
