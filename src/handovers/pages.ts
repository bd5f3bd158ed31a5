// Handover pages: the teams' incoming and outgoing requests, and one request (accept or decline it, or
// withdraw it). The episode's "Transfer or handover" part, where the sending team asks, is requestPages.ts.
// Every change goes through the handover service (the same calls as the JSON API); forms.ts turns form
// fields into the API's bodies, and the service's refusals become NHS error summaries.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import type { Posted } from '../web/formFields.ts';
import { str } from '../web/formFields.ts';
import { decisionBody, postedVersion } from './forms.ts';
import { errorSummary, type HandoverView } from './presenter.ts';
import { STATUS_TEXT } from './rules.ts';
import type { Queryable } from '../db/client.ts';
import { presentPersonBanner } from '../people/presenter.ts';

type IdParams = { Params: { id: string } };
/** What a refused form brings back to its page. */
export interface Refusal {
  errors?: FieldError[];
  posted?: Posted;
  status?: number;
  message?: string;
}

const STALE =
  'Someone else changed this request after you opened it, so your change was not saved. Check the request below, then try again.';

/** Runs a change; its refusals come back as the same page with the NHS error summary, anything else is thrown on. */
export async function orRender(
  run: () => Promise<FastifyReply>,
  render: (refusal: Refusal) => Promise<FastifyReply>,
  posted: Posted,
): Promise<FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.statusCode === 412) return render({ status: 412, message: STALE });
    if (error.statusCode === 409) return render({ posted, status: 409, message: error.message });
    if (error.statusCode === 400) return render({ posted, errors: error.errors });
    throw error;
  }
}

export function registerHandoverPages(app: FastifyInstance, services: Services): void {
  const { db, sites, handovers, personBanners } = services;

  app.get('/handovers', { preHandler: requireSignIn }, async (req, reply) => {
    const model = await db.transaction((tx) => handovers.listPage(tx, viewerOf(req)));
    return reply.render('handovers/views/list.njk', model);
  });

  /**
   * The person banner on a handover (issue 10), saying no more than the page may: the sending side (who may
   * see the sending episode) and a receiving team once it has taken the person on get their episode's banner;
   * a receiving team still asked sees only the handover's own fields (issue 4: the name and date of birth).
   */
  async function handoverBanner(tx: Queryable, viewer: Viewer, h: HandoverView) {
    const episodeId = h.viewerIs.sending ? h.episodeId : h.receivingEpisodeId;
    const ofEpisode = episodeId ? await personBanners.ofEpisode(tx, viewer, episodeId) : undefined;
    return (
      ofEpisode ?? {
        ...presentPersonBanner({ ...h.person, nhsNumber: null }, `Handover: ${STATUS_TEXT[h.status]}`),
        nhsNumber: 'Not shared with your team',
      }
    );
  }

  async function renderHandover(reply: FastifyReply, viewer: Viewer, id: string, refusal: Refusal = {}) {
    const model = await db.transaction(async (tx) => {
      const page = await handovers.page(tx, viewer, id, refusal.posted);
      return { ...page, personBanner: await handoverBanner(tx, viewer, page.handover) };
    });
    return reply
      .status(refusal.status ?? (refusal.errors?.length ? 400 : 200))
      .render('handovers/views/handover.njk', { ...model, ...errorSummary(refusal) });
  }

  app.get<IdParams>('/handovers/:id', { preHandler: requireSignIn }, async (req, reply) =>
    renderHandover(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/handovers/:id/decision',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      // Which form was shown: an Enhanced RECONNECT site's has the consultation meeting's fields.
      const h = await db.transaction((tx) => handovers.read(tx, viewer, id));
      const { body, errors } = decisionBody(posted, sites.get(h.toSite)?.model === 'ENHANCED_RECONNECT');
      const render = (refusal: Refusal) => renderHandover(reply, viewer, id, refusal);
      if (errors.length || !body) return render({ posted, errors });
      return orRender(
        async () => {
          const decided = await db.transaction((tx) => handovers.decide(tx, viewer, id, body, postedVersion(posted)));
          return reply.redirectSaved(
            'handoverAnswered',
            decided.receivingEpisodeId ? `/episodes/${decided.receivingEpisodeId}` : `/handovers/${id}`,
          );
        },
        render,
        posted,
      );
    },
  );

  app.post<IdParams>(
    '/handovers/:id/withdraw',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const note = str(posted, 'note');
      return orRender(
        async () => {
          const withdrawn = await db.transaction((tx) =>
            handovers.withdraw(tx, viewer, id, note || undefined, postedVersion(posted) || undefined),
          );
          return reply.redirectSaved(
            'handoverWithdrawn',
            withdrawn.episodeId ? `/episodes/${withdrawn.episodeId}/handover` : '/handovers',
          );
        },
        (refusal) => renderHandover(reply, viewer, id, refusal),
        posted,
      );
    },
  );
}
