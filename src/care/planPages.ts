// The support plan page: goals with their actions, next review due, and the forms to add a goal, add an
// action, change an action's status and record a review.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import {
  actionForm,
  goalForm,
  parsePlanForm,
  planFormView,
  refusal,
  reviewForm,
  statusForm,
  versionFrom,
  type PageMessage,
  type PlanForm,
  type PlanFormName,
} from './forms.ts';
import type { SavedWhat } from '../web/vocabulary.ts';

type IdParams = { Params: { id: string } };

/** What the success banner says after each support plan form (web/saved.ts). */
const PLAN_SAVED: Record<PlanFormName, SavedWhat> = {
  goal: 'goal',
  action: 'planAction',
  status: 'planActionUpdated',
  review: 'planReview',
};

export function registerPlanPages(app: FastifyInstance, { db, supportPlans }: Services): void {
  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { form?: PlanFormName; posted?: Posted; errors?: FieldError[] | undefined; message?: PageMessage } = {},
  ) {
    const model = await db.transaction((tx) => supportPlans.page(tx, viewer, id));
    const { status, ...forms } = planFormView(extra);
    return reply.status(status).render('care/views/plan.njk', { ...model, ...forms });
  }

  app.get<IdParams>('/episodes/:id/plan', { preHandler: requireSignIn }, async (req, reply) =>
    render(reply, viewerOf(req), req.params.id),
  );

  /** Parses the posted form, runs the change, and answers with the page again when refused. */
  async function change<T>(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: PlanForm<T>,
    posted: Posted,
    run: (body: T) => Promise<unknown>,
  ) {
    const parsed = parsePlanForm(form, posted);
    if ('errors' in parsed) return render(reply, viewer, id, { form: form.name, posted, errors: parsed.errors });
    try {
      await run(parsed.body);
    } catch (error) {
      return render(reply, viewer, id, { form: form.name, posted, ...refusal(error, 'the support plan') });
    }
    return reply.redirectSaved(PLAN_SAVED[form.name], `/episodes/${id}/plan#${form.anchor}`);
  }

  const route = { preHandler: requireSignIn, preValidation: app.csrfProtection };
  const postedOf = (body: unknown) => (body ?? {}) as Posted;

  app.post<IdParams>('/episodes/:id/plan/goals', route, async (req, reply) => {
    const viewer = viewerOf(req);
    return change(reply, viewer, req.params.id, goalForm, postedOf(req.body), (body) =>
      db.transaction((tx) => supportPlans.addGoal(tx, viewer, req.params.id, body)),
    );
  });

  app.post<IdParams>('/episodes/:id/plan/actions', route, async (req, reply) => {
    const viewer = viewerOf(req);
    const posted = postedOf(req.body);
    return change(reply, viewer, req.params.id, actionForm, posted, (body) =>
      db.transaction((tx) => supportPlans.addAction(tx, viewer, req.params.id, str(posted, 'goalId'), body)),
    );
  });

  app.post<{ Params: { id: string; actionId: string } }>(
    '/episodes/:id/plan/actions/:actionId',
    route,
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = postedOf(req.body);
      return change(reply, viewer, req.params.id, statusForm, posted, (body) =>
        db.transaction((tx) =>
          supportPlans.changeAction(tx, viewer, req.params.id, req.params.actionId, body, versionFrom(posted)),
        ),
      );
    },
  );

  app.post<IdParams>('/episodes/:id/plan/reviews', route, async (req, reply) => {
    const viewer = viewerOf(req);
    return change(reply, viewer, req.params.id, reviewForm, postedOf(req.body), (body) =>
      db.transaction((tx) => supportPlans.addReview(tx, viewer, req.params.id, body)),
    );
  });
}
