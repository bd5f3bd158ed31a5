// The episode's "Workers" part (lead worker and co-workers) and the team view for managers. Every change
// goes through the allocation service (the same calls as the API); this file turns form fields into its
// arguments and its refusals into NHS error summaries.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import { canWorkAt, referralNames } from '../episodes/episodeDisplay.ts';
import type { AllocationService } from './allocationService.ts';
import { CO_WORKER_ROLE_SUGGESTIONS, coWorkerSchema } from './schema.ts';

type IdParams = { Params: { id: string } };
type Form = 'lead' | 'coWorker' | 'remove';

const FIELD_IDS: Record<string, string> = {
  leadWorkerId: 'leadWorkerId',
  userId: 'coWorker-userId',
  role: 'coWorker-role',
};
const FORM_ANCHOR: Record<Form, string> = { lead: 'lead-worker', coWorker: 'add-co-worker', remove: 'co-workers' };

export function registerAllocationPages(app: FastifyInstance, services: Services, allocation: AllocationService): void {
  const { db, sites } = services;

  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: {
      form?: Form;
      errors?: FieldError[];
      message?: string;
      status?: number;
      posted?: Posted;
      done?: string;
    } = {},
  ) {
    const { page, names } = await db.transaction(async (tx) => {
      const shown = await allocation.allocationOf(tx, viewer, id);
      return { page: shown, names: await referralNames(tx, viewer, [shown.episode.referralId]) };
    });
    const { episode } = page;
    const person = names.get(episode.referralId);
    const lead = page.workers.find((w) => w.id === episode.leadWorkerId);
    const anchor = extra.form ? FORM_ANCHOR[extra.form] : 'main-content';
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${FIELD_IDS[e.field] ?? anchor}` }));
    if (extra.message) errors.unshift({ text: extra.message, href: `#${anchor}` });
    const canWork = canWorkAt(viewer, episode.site);
    const isManager = viewer.role === 'manager' && canWork;
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('allocation/views/allocation.njk', {
      pageTitle: `Workers${person ? `: ${person.name}` : ''}`,
      section: 'caseload',
      backHref: `/episodes/${episode.id}`,
      episode,
      person,
      siteName: sites.get(episode.site)?.name ?? episode.site,
      workers: page.workers.filter((w) => w.active),
      max: page.max,
      lead,
      coWorkers: page.coWorkers.filter((c) => c.active),
      pastCoWorkers: page.coWorkers.filter((c) => !c.active),
      isManager,
      mayTake: canWork && !isManager && episode.leadWorkerId === null,
      mayChangeTeam: isManager || (canWork && episode.leadWorkerId === viewer.id),
      viewerId: viewer.id,
      closed: episode.status === 'closed',
      roleSuggestions: CO_WORKER_ROLE_SUGGESTIONS,
      errors,
      form: extra.form,
      posted: extra.posted ?? {},
      done: extra.done,
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [FIELD_IDS[e.field] ?? e.field, e.message])),
    });
  }

  /** Runs one change; refusals become the page again with the NHS error summary. */
  async function change(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: Form,
    posted: Posted,
    run: () => Promise<unknown>,
    done: string,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 412) {
        return render(reply, viewer, id, {
          form,
          status: 412,
          message:
            'Someone else changed who works on this episode after you opened it, so your change was not saved. Check the page below, then try again.',
        });
      }
      if (error instanceof HttpError && error.statusCode === 409)
        return render(reply, viewer, id, { form, posted, status: 409, message: error.message });
      if (error instanceof HttpError && error.statusCode === 400)
        return render(reply, viewer, id, { form, posted, errors: error.errors });
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
      const chosen = str(posted, 'leadWorkerId');
      if (!chosen)
        return render(reply, viewer, req.params.id, {
          form: 'lead',
          posted,
          errors: [{ field: 'leadWorkerId', message: 'Select the lead worker' }],
        });
      const version = Number(str(posted, 'version'));
      const leadWorkerId = chosen === 'none' ? null : chosen;
      return change(
        reply,
        viewer,
        req.params.id,
        'lead',
        posted,
        () =>
          db.transaction((tx) =>
            allocation.allocate(tx, viewer, req.params.id, leadWorkerId, Number.isInteger(version) ? version : -1),
          ),
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
      const userId = str(posted, 'userId');
      const parsed = coWorkerSchema.safeParse({ userId, role: str(posted, 'role') });
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error).map((e) =>
          e.field === 'userId' ? { ...e, message: 'Select who joins the team' } : e,
        );
        return render(reply, viewer, req.params.id, { form: 'coWorker', posted, errors });
      }
      return change(
        reply,
        viewer,
        req.params.id,
        'coWorker',
        posted,
        () => db.transaction((tx) => allocation.addCoWorker(tx, viewer, req.params.id, parsed.data)),
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
    const viewer = viewerOf(req);
    const requested = (req.query as Record<string, unknown> | undefined)?.site;
    const managed = viewer.role === 'manager' ? viewer.siteCodes : [];
    const site = typeof requested === 'string' && managed.includes(requested) ? requested : (managed[0] ?? '');
    const team = await db.transaction((tx) => allocation.team(tx, viewer, site));
    return reply.render('allocation/views/team.njk', {
      pageTitle: 'Team caseloads',
      section: 'team',
      team,
      site,
      siteName: sites.get(site)?.name ?? site,
      overCount: team.workers.filter((w) => w.over).length,
      siteOptions: managed.map((code) => ({
        value: code,
        text: sites.get(code)?.name ?? code,
        selected: code === site,
      })),
    });
  });
}
