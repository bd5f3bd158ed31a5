// The closure page of an episode (issue "Episode lifecycle"): close with a coded reason, the end-of-service
// summary and each goal's outcome; once closed, the summary, the letter to the referrer and GP (PDF) and,
// for a manager of the site, reopening with a reason. The same service calls as the JSON API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import { STATUS_TEXT, canWorkAt, referralNames } from './episodeDisplay.ts';
import { isSiteManager } from './episodeAccess.ts';
import { CLOSURE_REASON_TEXT, GOAL_OUTCOME_TEXT } from './closureRules.ts';
import {
  CLOSURE_REASONS,
  CLOSURES_WITHOUT_GOAL_OUTCOMES,
  GOAL_OUTCOMES,
  closureSchema,
  reopenSchema,
} from './schema.ts';

type IdParams = { Params: { id: string } };
type Action = 'close' | 'reopen';

const STALE =
  'Someone else changed this episode after you opened it, so your change was not saved. Check the episode below, then try again.';

/** API field paths → inputs on the closure page. */
function inputFor(action: Action, field: string): string {
  if (action === 'reopen') return 'reopen-reason';
  if (field === 'reason') return 'reason';
  if (field === 'summary') return 'summary';
  const goal = /^goalOutcomes\.([0-9a-f-]{36})$/.exec(field);
  return goal ? `goal-${goal[1]}` : 'closure-form';
}

export function registerClosurePages(app: FastifyInstance, services: Services): void {
  const { db, episodes } = services;

  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { action?: Action; errors?: FieldError[]; posted?: Posted; status?: number; message?: string } = {},
  ) {
    const { view, goals, names } = await db.transaction(async (tx) => {
      const read = await episodes.read(tx, viewer, id);
      return {
        view: read,
        goals: await episodes.closureGoals(tx, viewer, id),
        names: await referralNames(tx, viewer, [read.referralId]),
      };
    });
    const action = extra.action ?? 'close';
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${inputFor(action, e.field)}` }));
    if (extra.message)
      errors.unshift({ text: extra.message, href: `#${action === 'reopen' ? 'reopen-reason' : 'closure-form'}` });
    const person = names.get(view.referralId);
    const closedReason = (CLOSURE_REASONS as readonly string[]).includes(view.closedReason ?? '')
      ? CLOSURE_REASON_TEXT[view.closedReason as keyof typeof CLOSURE_REASON_TEXT]
      : view.closedReason;
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('episodes/views/closure.njk', {
      pageTitle: `Closure${person ? `: ${person.name}` : ''}`,
      section: 'caseload',
      backHref: `/episodes/${view.id}`,
      episode: view,
      person,
      statusText: STATUS_TEXT[view.status],
      closedReason,
      goals,
      errors,
      action,
      posted: extra.posted ?? {},
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [inputFor(action, e.field), e.message])),
      canWork: canWorkAt(viewer, view.site),
      isManager: isSiteManager(viewer, view.site),
      reasons: CLOSURE_REASONS.map((value) => ({ value, text: CLOSURE_REASON_TEXT[value] })),
      outcomes: GOAL_OUTCOMES.map((value) => ({ value, text: GOAL_OUTCOME_TEXT[value] })),
      outcomeText: GOAL_OUTCOME_TEXT,
      optionalGoalReasons: CLOSURES_WITHOUT_GOAL_OUTCOMES.map((r) => CLOSURE_REASON_TEXT[r].toLowerCase()),
    });
  }

  async function change(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    action: Action,
    posted: Posted,
    run: () => Promise<unknown>,
    done: string,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 412)
        return render(reply, viewer, id, { action, status: 412, message: STALE });
      if (error instanceof HttpError && (error.statusCode === 409 || error.statusCode === 403)) {
        return render(reply, viewer, id, { action, posted, status: error.statusCode, message: error.message });
      }
      if (error instanceof HttpError && error.statusCode === 400)
        return render(reply, viewer, id, { action, posted, errors: error.errors });
      throw error;
    }
    return reply.redirect(done, 303);
  }

  const version = (posted: Posted) => {
    const n = Number(str(posted, 'version'));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };

  app.get<IdParams>('/episodes/:id/closure', { preHandler: requireSignIn }, async (req, reply) =>
    render(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/episodes/:id/closure',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const posted = (req.body ?? {}) as Posted;
      const goals = await db.transaction((tx) => episodes.closureGoals(tx, viewer, id));
      const goalOutcomes = goals.flatMap((g) => {
        const outcome = str(posted, `goal-${g.id}`);
        return outcome ? [{ goalId: g.id, outcome }] : [];
      });
      const parsed = closureSchema.safeParse({
        reason: str(posted, 'reason'),
        summary: str(posted, 'summary'),
        goalOutcomes,
      });
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error).map((e) =>
          e.field === 'reason' ? { ...e, message: 'Select the reason for closing' } : e,
        );
        return render(reply, viewer, id, { action: 'close', posted, errors });
      }
      return change(
        reply,
        viewer,
        id,
        'close',
        posted,
        () => db.transaction((tx) => episodes.close(tx, viewer, id, parsed.data, version(posted))),
        `/episodes/${id}/closure#closed`,
      );
    },
  );

  app.post<IdParams>(
    '/episodes/:id/reopen',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const posted = (req.body ?? {}) as Posted;
      const parsed = reopenSchema.safeParse({ reason: str(posted, 'reason') });
      if (!parsed.success)
        return render(reply, viewer, id, { action: 'reopen', posted, errors: fieldErrors(parsed.error) });
      return change(
        reply,
        viewer,
        id,
        'reopen',
        posted,
        () => db.transaction((tx) => episodes.reopen(tx, viewer, id, parsed.data, version(posted))),
        `/episodes/${id}#status`,
      );
    },
  );

  /** The letter for staff to print or send; 409 (as a page) before closure. */
  app.get<IdParams>('/episodes/:id/closure-letter.pdf', { preHandler: requireSignIn }, async (req, reply) => {
    const pdf = await db.transaction((tx) => episodes.closureLetter(tx, viewerOf(req), req.params.id));
    return reply
      .type('application/pdf')
      .header('content-disposition', 'inline; filename="closure-letter.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
