// The sending side's page: the episode's "Transfer or handover" part, its requests to other teams, and the
// form that asks one to take the person on (the same service call as POST /api/v1/episodes/{id}/handovers).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { Posted } from '../web/formFields.ts';
import { requestBody } from './forms.ts';
import { errorSummary } from './presenter.ts';
import { orRender, type Refusal } from './pages.ts';

type IdParams = { Params: { id: string } };

export function registerHandoverRequestPages(app: FastifyInstance, services: Services): void {
  const { db, handovers } = services;

  async function render(reply: FastifyReply, viewer: Viewer, id: string, refusal: Refusal = {}) {
    const model = await db.transaction((tx) => handovers.episodePage(tx, viewer, id, refusal.posted));
    return reply
      .status(refusal.status ?? (refusal.errors?.length ? 400 : 200))
      .render('handovers/views/episodeHandover.njk', { ...model, ...errorSummary(refusal) });
  }

  app.get<IdParams>('/episodes/:id/handover', { preHandler: requireSignIn }, async (req, reply) =>
    render(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/episodes/:id/handover',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const parsed = requestBody(posted);
      if (parsed.errors) return render(reply, viewer, id, { posted, errors: parsed.errors });
      const { body } = parsed;
      return orRender(
        async () => {
          const made = await db.transaction((tx) => handovers.request(tx, viewer, id, body));
          return reply.redirectSaved('handoverRequested', `/episodes/${id}/handover#request-${made.id}`);
        },
        (refusal) => render(reply, viewer, id, refusal),
        posted,
      );
    },
  );
}
