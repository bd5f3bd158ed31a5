// The support plan page: goals with their actions, next review due, and the forms to add a goal, add an
// action, change an action's status and record a review.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import { staffOf } from '../episodes/episodeDisplay.ts';
import { DOMAINS } from './domains.ts';
import { ACTION_STATUS_TEXT, OUTCOME_TEXT } from './display.ts';
import type { CareService } from './careService.ts';
import { ACTION_STATUSES, actionChangeSchema, actionSchema, goalSchema, reviewSchema } from './schema.ts';
import { episodeHeader, refusal, versionFrom, type IdParams, type PageMessage } from './pageSupport.ts';

type Form = 'goal' | 'action' | 'status' | 'review';

/** The API's field paths → the ids of the page's inputs, for the error summary's links. */
const FIELD_IDS: Record<Form, Record<string, string>> = {
  goal: { needDomain: 'goal-needDomain', description: 'goal-description' },
  action: {
    goalId: 'action-goal',
    description: 'action-description',
    owner: 'action-owner',
    'owner.kind': 'action-owner',
    'owner.userId': 'action-owner-user',
    'owner.agency': 'action-owner-agency',
    dueOn: 'action-dueOn-day',
  },
  status: { status: 'plan' },
  review: {
    reviewedOn: 'review-reviewedOn-day',
    notes: 'review-notes',
    withPerson: 'review-withPerson',
    nextReviewOn: 'review-nextReviewOn-day',
  },
};
const FORM_ANCHOR: Record<Form, string> = {
  goal: 'add-goal',
  action: 'add-action',
  status: 'plan',
  review: 'record-review',
};
const NEED_LABELS = Object.fromEntries(DOMAINS.map((d) => [d.code, d.label]));

export function registerPlanPages(app: FastifyInstance, services: Services, care: CareService): void {
  const { db } = services;

  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { form?: Form; posted?: Posted; errors?: FieldError[]; message?: PageMessage } = {},
  ) {
    const ctx = await db.transaction(async (tx) => {
      const plan = await care.plan.read(tx, viewer, id);
      const header = await episodeHeader(services, tx, viewer, id);
      return { ...header, plan, staff: header.canChange ? await staffOf(tx, header.episode.site) : [] };
    });
    const form = extra.form;
    const ids = form ? FIELD_IDS[form] : {};
    const anchor = form ? FORM_ANCHOR[form] : 'plan';
    const errors = [
      ...(extra.message ? [{ text: extra.message.text, href: `#${anchor}` }] : []),
      ...(extra.errors ?? []).map((e) => ({ text: e.message, href: `#${ids[e.field] ?? anchor}` })),
    ];
    return reply.status(extra.message?.status ?? (errors.length ? 400 : 200)).render('care/views/plan.njk', {
      pageTitle: `Support plan${ctx.person ? `: ${ctx.person.name}` : ''}`,
      section: 'caseload',
      backHref: `/episodes/${id}`,
      errors,
      form,
      ...ctx,
      posted: extra.posted ?? {},
      needLabels: NEED_LABELS,
      statusText: ACTION_STATUS_TEXT,
      outcomeText: OUTCOME_TEXT,
      statuses: ACTION_STATUSES,
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [ids[e.field] ?? e.field, e.message])),
    });
  }

  app.get<IdParams>('/episodes/:id/plan', { preHandler: requireSignIn }, async (req, reply) =>
    render(reply, viewerOf(req), req.params.id),
  );

  /** Checks the form's body against the API's schema, runs the change, and answers with the page again when refused. */
  async function change<T>(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: Form,
    posted: Posted,
    schema: ZodType<T>,
    input: unknown,
    preErrors: FieldError[],
    run: (body: T) => Promise<unknown>,
  ) {
    const parsed = schema.safeParse(input);
    const errors = [
      ...preErrors,
      ...(parsed.success ? [] : fieldErrors(parsed.error).filter((e) => !preErrors.some((p) => p.field === e.field))),
    ];
    if (errors.length || !parsed.success) return render(reply, viewer, id, { form, posted, errors });
    try {
      await run(parsed.data);
    } catch (error) {
      return render(reply, viewer, id, { form, posted, ...refusal(error, 'the support plan') });
    }
    return reply.redirect(`/episodes/${id}/plan#${FORM_ANCHOR[form]}`, 303);
  }

  const route = { preHandler: requireSignIn, preValidation: app.csrfProtection };

  app.post<IdParams>('/episodes/:id/plan/goals', route, async (req, reply) => {
    const viewer = viewerOf(req);
    const posted = (req.body ?? {}) as Posted;
    const input = { needDomain: str(posted, 'needDomain'), description: str(posted, 'description') };
    const pre = input.needDomain ? [] : [{ field: 'needDomain', message: 'Select the assessed need the goal is for' }];
    return change(reply, viewer, req.params.id, 'goal', posted, goalSchema, input, pre, (body) =>
      db.transaction((tx) => care.plan.addGoal(tx, viewer, req.params.id, body)),
    );
  });

  app.post<IdParams>('/episodes/:id/plan/actions', route, async (req, reply) => {
    const viewer = viewerOf(req);
    const posted = (req.body ?? {}) as Posted;
    const pre: FieldError[] = [];
    const goalId = str(posted, 'goalId');
    if (!goalId) pre.push({ field: 'goalId', message: 'Select the goal the action is for' });
    const kind = str(posted, 'ownerKind');
    if (!kind) pre.push({ field: 'owner', message: 'Select who will do it' });
    if (kind === 'team_member' && !str(posted, 'ownerUserId'))
      pre.push({ field: 'owner.userId', message: 'Select the team member' });
    if (kind === 'agency' && !str(posted, 'ownerAgency'))
      pre.push({ field: 'owner.agency', message: 'Name the agency' });
    const due = dateFrom(posted, 'dueOn', 'the date it is due');
    if ('error' in due) pre.push({ field: 'dueOn', message: due.error });
    const owner =
      kind === 'team_member'
        ? { kind, userId: str(posted, 'ownerUserId') }
        : kind === 'agency'
          ? { kind, agency: str(posted, 'ownerAgency') }
          : { kind };
    const input = { description: str(posted, 'description'), owner, dueOn: 'iso' in due ? due.iso : '' };
    return change(reply, viewer, req.params.id, 'action', posted, actionSchema, input, pre, (body) =>
      db.transaction((tx) => care.plan.addAction(tx, viewer, req.params.id, goalId, body)),
    );
  });

  app.post<{ Params: { id: string; actionId: string } }>(
    '/episodes/:id/plan/actions/:actionId',
    route,
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      return change(
        reply,
        viewer,
        req.params.id,
        'status',
        posted,
        actionChangeSchema,
        { status: str(posted, 'status') },
        [],
        (body) =>
          db.transaction((tx) =>
            care.plan.changeAction(tx, viewer, req.params.id, req.params.actionId, body, versionFrom(posted)),
          ),
      );
    },
  );

  app.post<IdParams>('/episodes/:id/plan/reviews', route, async (req, reply) => {
    const viewer = viewerOf(req);
    const posted = (req.body ?? {}) as Posted;
    const pre: FieldError[] = [];
    const reviewed = dateFrom(posted, 'reviewedOn', 'the date of the review');
    if ('error' in reviewed) pre.push({ field: 'reviewedOn', message: reviewed.error });
    const hasNext = ['day', 'month', 'year'].some((p) => str(posted, `nextReviewOn-${p}`));
    const next = hasNext ? dateFrom(posted, 'nextReviewOn', 'the date of the next review') : undefined;
    if (next && 'error' in next) pre.push({ field: 'nextReviewOn', message: next.error });
    const withPerson = str(posted, 'withPerson');
    if (!withPerson) pre.push({ field: 'withPerson', message: 'Select whether the person took part' });
    const input = {
      reviewedOn: 'iso' in reviewed ? reviewed.iso : '',
      notes: str(posted, 'notes'),
      withPerson: withPerson === 'yes',
      ...(next && 'iso' in next ? { nextReviewOn: next.iso } : {}),
    };
    return change(reply, viewer, req.params.id, 'review', posted, reviewSchema, input, pre, (body) =>
      db.transaction((tx) => care.plan.addReview(tx, viewer, req.params.id, body)),
    );
  });
}
