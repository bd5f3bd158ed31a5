// The episode's "Workers" part (lead worker and co-workers) and the team view for managers. Every change
// goes through the allocation service (the same calls as the API); forms.ts turns form fields into its
// arguments, and its refusals become NHS error summaries.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError } from '../http/errors.ts';
import type { Posted } from '../web/formFields.ts';
import { coWorkerForm, FORM_ANCHOR, leadWorkerForm, type AllocationForm } from './forms.ts';
import type { AllocationPageState } from './presenter.ts';

type IdParams = { Params: { id: string } };

const STALE =
  'Someone else changed who works on this episode after you opened it, so your change was not saved. Check the page below, then try again.';

export function registerAllocationPages(app: FastifyInstance, services: Services): void {
  const { db, allocation, team } = services;

  async function render(reply: FastifyReply, viewer: Viewer, id: string, state: AllocationPageState = {}) {
    const model = await db.transaction((tx) => team.workersPage(tx, viewer, id, state));
    return reply
      .status(state.status ?? (model.errors.length ? 400 : 200))
      .render('allocation/views/allocation.njk', model);
  }

  /** Runs one change; refusals become the page again with the NHS error summary. */
  async function change(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: AllocationForm,
    posted: Posted,
    run: () => Promise<unknown>,
    done: string,
  ) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.statusCode === 412) return render(reply, viewer, id, { form, status: 412, message: STALE });
      if (error.statusCode === 409)
        return render(reply, viewer, id, { form, posted, status: 409, message: error.message });
      if (error.statusCode === 400) return render(reply, viewer, id, { form, posted, errors: error.errors });
      throw error;
    }
    return reply.redirect(`/episodes/${id}/allocation?done=${done}#${FORM_ANCHOR[form]}`, 303);
  }

  app.get<IdParams>('/episodes/:id/allocation', { preHandler: requireSignIn }, async (req, reply) => {
    const done = (req.query as Record<string, unknown> | undefined)?.done;
    return render(reply, viewerOf(req), req.params.id, typeof done === 'string' ? { done } : {});
  });

  app.post<IdParams>(
    '/episodes/:id/allocation',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const parsed = leadWorkerForm(posted);
      if (parsed.errors) return render(reply, viewer, req.params.id, { form: 'lead', posted, errors: parsed.errors });
      const { leadWorkerId, version } = parsed;
      return change(
        reply,
        viewer,
        req.params.id,
        'lead',
        posted,
        () => db.transaction((tx) => allocation.allocate(tx, viewer, req.params.id, leadWorkerId, version)),
        'lead',
      );
    },
  );

  app.post<IdParams>(
    '/episodes/:id/co-workers',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const parsed = coWorkerForm(posted);
      if (parsed.errors)
        return render(reply, viewer, req.params.id, { form: 'coWorker', posted, errors: parsed.errors });
      const { body } = parsed;
      return change(
        reply,
        viewer,
        req.params.id,
        'coWorker',
        posted,
        () => db.transaction((tx) => allocation.addCoWorker(tx, viewer, req.params.id, body)),
        'added',
      );
    },
  );

  app.post<{ Params: { id: string; coWorkerId: string } }>(
    '/episodes/:id/co-workers/:coWorkerId/remove',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      return change(
        reply,
        viewer,
        req.params.id,
        'remove',
        {},
        () => db.transaction((tx) => allocation.removeCoWorker(tx, viewer, req.params.id, req.params.coWorkerId)),
        'removed',
      );
    },
  );

  app.get('/team', { preHandler: requireSignIn }, async (req, reply) => {
    const requested = (req.query as Record<string, unknown> | undefined)?.site;
    const model = await db.transaction((tx) =>
      team.page(tx, viewerOf(req), typeof requested === 'string' ? requested : undefined),
    );
    return reply.render('allocation/views/team.njk', model);
  });
}
