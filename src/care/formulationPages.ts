// The formulation page: the current 5 Ps formulation, a form to revise it, and earlier revisions.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { FieldError } from '../http/errors.ts';
import type { Posted } from '../web/formFields.ts';
import { formulationFormView, formulationFrom, refusal, versionFrom, type PageMessage } from './forms.ts';

type IdParams = { Params: { id: string } };

export function registerFormulationPages(app: FastifyInstance, { db, formulations }: Services): void {
  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { posted?: Posted; errors?: FieldError[] | undefined; message?: PageMessage | undefined } = {},
  ) {
    const model = await db.transaction((tx) => formulations.page(tx, viewer, id));
    const { status, ...form } = formulationFormView(model.current, extra);
    return reply.status(status).render('care/views/formulation.njk', { ...model, ...form });
  }

  app.get<IdParams>('/episodes/:id/formulation', { preHandler: requireSignIn }, async (req, reply) =>
    render(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/episodes/:id/formulation',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const parsed = formulationFrom(posted);
      if ('errors' in parsed) return render(reply, viewer, req.params.id, { posted, errors: parsed.errors });
      try {
        await db.transaction((tx) =>
          formulations.revise(tx, viewer, req.params.id, parsed.body, versionFrom(posted, 'basedOn')),
        );
      } catch (error) {
        return render(reply, viewer, req.params.id, { posted, ...refusal(error, 'this formulation') });
      }
      return reply.redirectSaved('formulation', `/episodes/${req.params.id}/formulation`);
    },
  );
}
