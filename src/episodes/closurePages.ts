// The closure page of an episode (issue "Episode lifecycle"): close with a coded reason, the end-of-service
// summary and each goal's outcome; once closed, the summary, the letter to the referrer and GP (PDF) and,
// for a manager of the site, reopening with a reason. The page's reads are one service call; the forms
// make the same service calls as the JSON API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import type { Posted } from '../web/formFields.ts';
import { postedVersion, STALE } from './forms.ts';
import { closureBody, closureInputOf as inputFor, reopenBody, type ClosureAction as Action } from './closureForms.ts';
import type { SavedWhat } from '../web/vocabulary.ts';

type IdParams = { Params: { id: string } };

export function registerClosurePages(app: FastifyInstance, services: Services): void {
  const { db, episodeClosures: closures } = services;

  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { action?: Action; errors?: FieldError[]; posted?: Posted; status?: number; message?: string } = {},
  ) {
    const model = await db.transaction((tx) => closures.closurePage(tx, viewer, id));
    const action = extra.action ?? 'close';
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${inputFor(action, e.field)}` }));
    if (extra.message)
      errors.unshift({ text: extra.message, href: `#${action === 'reopen' ? 'reopen-reason' : 'closure-form'}` });
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('episodes/views/closure.njk', {
      ...model,
      errors,
      action,
      posted: extra.posted ?? {},
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [inputFor(action, e.field), e.message])),
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
    saved: SavedWhat,
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
    return reply.redirectSaved(saved, done);
  }

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
      const goals = await db.transaction((tx) => closures.closureGoals(tx, viewer, id));
      const parsed = closureBody(posted, goals);
      if (parsed.errors) return render(reply, viewer, id, { action: 'close', posted, errors: parsed.errors });
      return change(
        reply,
        viewer,
        id,
        'close',
        posted,
        () => db.transaction((tx) => closures.close(tx, viewer, id, parsed.body, postedVersion(posted))),
        `/episodes/${id}/closure#closed`,
        'closure',
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
      const parsed = reopenBody(posted);
      if (parsed.errors) return render(reply, viewer, id, { action: 'reopen', posted, errors: parsed.errors });
      return change(
        reply,
        viewer,
        id,
        'reopen',
        posted,
        () => db.transaction((tx) => closures.reopen(tx, viewer, id, parsed.body, postedVersion(posted))),
        `/episodes/${id}#status`,
        'reopened',
      );
    },
  );

  /** The letter for staff to print or send; 409 (as a page) before closure. */
  app.get<IdParams>('/episodes/:id/closure-letter.pdf', { preHandler: requireSignIn }, async (req, reply) => {
    const pdf = await db.transaction((tx) => closures.closureLetter(tx, viewerOf(req), req.params.id));
    return reply
      .type('application/pdf')
      .header('content-disposition', 'inline; filename="closure-letter.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
