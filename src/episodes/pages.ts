// Episode of care pages (PRODUCT.md journey, steps 3-4): one episode with its contact, release, recall,
// expected release date and extension forms, its recent contacts and its one timeline (newest or oldest
// first), and opening an episode from an accepted referral. Closure has its own page (closurePages.ts).
// Thin: the page's reads are one service call, each form is parsed by forms.ts into the JSON API's body
// and saved by the same service call; refusals become the NHS error summary.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import { ReleaseNeedsConfirmation } from './releaseService.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import type { Tx } from '../db/client.ts';
import { registerClosurePages } from './closurePages.ts';
import {
  EPISODE_FORMS,
  inputOf,
  openingBody,
  openingErrors,
  parseEpisodeForm,
  postedVersion,
  STALE,
  type EpisodeAction,
  type EpisodeBodies,
} from './forms.ts';
import { timelineQuerySchema } from './schema.ts';

type IdParams = { Params: { id: string } };
type EpisodePage = Awaited<ReturnType<Services['episodes']['page']>>;

/** Where each change's own page is (its form posts to the action beside it). */
const ACTION_PAGES: Record<EpisodeAction, string> = {
  contact: 'contacts/new',
  release: 'release',
  recall: 'recall',
  releaseDate: 'expected-release-date',
  extension: 'extension',
};

const ACTION_TITLES: Record<EpisodeAction, string> = {
  contact: 'Record a contact',
  release: 'Record a release',
  recall: 'Record a recall to custody',
  releaseDate: 'Change the expected release date',
  extension: 'Extend support',
};

/** Whether a change fits an episode in this status (the same choice as the overview's list of what you can do). */
function offered(action: EpisodeAction, status: string, mayExtend: boolean): boolean {
  if (status === 'closed') return false;
  if (action === 'recall') return status === 'post_release';
  if (action === 'extension') return status === 'post_release' && mayExtend;
  if (action === 'release' || action === 'releaseDate') return status !== 'post_release';
  return true;
}

interface FormState {
  errors?: FieldError[];
  action?: EpisodeAction;
  posted?: Posted;
  status?: number;
  message?: string;
  /** What the release plan still misses, when a release waits for the user's confirmation. */
  releaseMissing?: readonly { label: string; missing: string }[];
}

/** The error summary of a refused form: each error linked to its input, else to the form. */
function errorSummary({ errors = [], action, message }: FormState) {
  const form = action ? EPISODE_FORMS[action] : undefined;
  const fieldId = (field: string) => (form ? inputOf(form, field) : undefined);
  const anchor = form?.anchor ?? 'main-content';
  const summary = errors.map((e) => ({ text: e.message, href: `#${fieldId(e.field) ?? anchor}` }));
  if (message) summary.unshift({ text: message, href: `#${anchor}` });
  return {
    errors: summary,
    fieldErrors: Object.fromEntries(errors.map((e) => [`${String(action)}.${fieldId(e.field) ?? e.field}`, e.message])),
  };
}

export function registerEpisodePages(app: FastifyInstance, services: Services): void {
  const { db, episodes, clock } = services;

  async function renderEpisode(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    state: FormState & { order?: 'oldest' | 'newest'; printable?: boolean } = {},
  ) {
    // No transaction around the page's reads (BEGIN and COMMIT are two more round trips, and hold a pooled
    // connection while the page is drawn): it writes only its audit events, in one insert, and each read sees
    // committed data as it would inside a READ COMMITTED transaction.
    const { personBanner, ...model } = await episodes.page(db, viewer, id, state.order ?? 'newest');
    reply.request.personBanner = personBanner;
    const { errors, fieldErrors } = errorSummary(state);
    return reply.status(state.status ?? (errors.length ? 400 : 200)).render('episodes/views/episode.njk', {
      ...model,
      errors,
      fieldErrors,
      action: state.action,
      posted: state.posted ?? {},
      printable: state.printable ?? false,
      releaseMissing: state.releaseMissing,
    });
  }

  /** Newest first by default on the page (what happened lately matters most); `?order=oldest` reads it as a story. */
  /** The episode's own pages read their person banner with the page (bannerPages.ts bannerFromPage). */
  const ownBanner = { preHandler: requireSignIn, config: { bannerFromPage: true } };

  app.get<IdParams>('/episodes/:id', ownBanner, async (req, reply) => {
    const query = timelineQuerySchema.safeParse(req.query);
    return renderEpisode(reply, viewerOf(req), req.params.id, {
      order: query.success ? (query.data.order ?? 'newest') : 'newest',
    });
  });

  /** The record to print: the overview, every contact and the timeline as a story, without the forms. */
  app.get<IdParams>('/episodes/:id/print', ownBanner, async (req, reply) =>
    renderEpisode(reply, viewerOf(req), req.params.id, { order: 'oldest', printable: true }),
  );

  /** A contact's own page: everything recorded about it, its notes in full. */
  app.get<{ Params: { id: string; contactId: string } }>(
    '/episodes/:id/contacts/:contactId',
    { preHandler: requireSignIn },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const model = await db.transaction((tx) => episodes.contactPage(tx, viewer, req.params.id, req.params.contactId));
      return reply.render('episodes/views/contact.njk', model);
    },
  );

  /**
   * Each change to the episode on a page of its own (issue 10, "The episode overview stacks four forms on one
   * page"): GET shows the form; the overview links to it only when the change fits the episode now.
   */
  async function renderAction(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    action: EpisodeAction,
    state: FormState,
    read?: EpisodePage,
  ) {
    const { personBanner, ...model } = read ?? (await episodes.page(db, viewer, id, 'newest'));
    reply.request.personBanner = personBanner;
    const { errors, fieldErrors } = errorSummary({ ...state, action });
    return reply.status(state.status ?? (errors.length ? 400 : 200)).render('episodes/views/action.njk', {
      ...model,
      pageTitle: `${ACTION_TITLES[action]}: ${model.person.name}`,
      backHref: `/episodes/${id}`,
      errors,
      fieldErrors,
      action,
      posted: state.posted ?? {},
      releaseMissing: state.releaseMissing,
    });
  }

  /** Each form: its own page (GET), then parse (forms.ts), save through the service, or the page again with the refusal. */
  function episodeForm<A extends EpisodeAction>(
    path: string,
    action: A,
    save: (
      tx: Tx,
      viewer: Viewer,
      id: string,
      body: EpisodeBodies[A],
      version: number | undefined,
      posted: Posted,
    ) => Promise<unknown>,
  ) {
    app.get<IdParams>(`/episodes/:id/${ACTION_PAGES[action]}`, ownBanner, async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const model = await episodes.page(db, viewer, id, 'newest');
      if (!model.allowed.workOnEpisode)
        throw new HttpError(403, 'Only the team working with this person can change the episode');
      // A change that does not fit the episode now (a recall before release, anything once closed): the overview says what does.
      if (!offered(action, model.episode.status, model.allowed.extendSupport))
        return reply.redirect(`/episodes/${id}`, 303);
      return renderAction(reply, viewer, id, action, {}, model);
    });
    app.post<IdParams>(
      `/episodes/:id/${path}`,
      { preHandler: requireSignIn, preValidation: app.csrfProtection },
      async (req, reply) => {
        const viewer = viewerOf(req);
        const id = req.params.id;
        const posted = (req.body ?? {}) as Posted;
        const parsed = parseEpisodeForm(EPISODE_FORMS[action], posted, clock());
        if (parsed.errors) return renderAction(reply, viewer, id, action, { posted, errors: parsed.errors });
        try {
          await db.transaction((tx) => save(tx, viewer, id, parsed.body, postedVersion(posted), posted));
        } catch (error) {
          if (error instanceof ReleaseNeedsConfirmation)
            return renderAction(reply, viewer, id, action, {
              posted,
              status: 409,
              message: error.message,
              releaseMissing: error.missing,
            });
          if (!(error instanceof HttpError)) throw error;
          if (error.statusCode === 412) return renderAction(reply, viewer, id, action, { status: 412, message: STALE });
          if (error.statusCode === 409)
            return renderAction(reply, viewer, id, action, { posted, status: 409, message: error.message });
          if (error.statusCode === 400)
            return renderAction(reply, viewer, id, action, { posted, errors: error.errors });
          throw error;
        }
        return reply.redirectSaved(action, `/episodes/${id}#${action === 'contact' ? 'recent-contacts' : 'status'}`);
      },
    );
  }
  episodeForm('contacts', 'contact', (tx, viewer, id, body) => episodes.addContact(tx, viewer, id, body));
  // Issue 10, "Releasing with the plan at 3 of 11": the page shows what is missing and asks first.
  episodeForm('release', 'release', (tx, viewer, id, body, version, posted) =>
    episodes.release(tx, viewer, id, { ...body, confirmIncomplete: posted.confirmIncomplete === 'yes' }, version, {
      askFirst: true,
    }),
  );
  episodeForm('recall', 'recall', episodes.recall);
  episodeForm('extension', 'extension', services.episodeClosures.extend);
  episodeForm('expected-release-date', 'releaseDate', episodes.setExpectedReleaseDate);

  registerClosurePages(app, services);

  // Opening an episode from an accepted referral.

  async function renderNew(
    reply: FastifyReply,
    viewer: Viewer,
    referralId: string,
    state: { errors?: FieldError[]; posted?: Posted; status?: number; message?: string } = {},
  ) {
    const model = await db.transaction((tx) => episodes.newEpisodePage(tx, viewer, referralId));
    if (model.existingEpisodeId && !state.message) return reply.redirect(`/episodes/${model.existingEpisodeId}`, 303);
    const posted = state.posted ?? {};
    const errors = (state.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}` }));
    if (state.message)
      errors.unshift({ text: state.message, href: model.enhanced ? '#consultation-date-day' : '#leadWorkerId' });
    const chosenLead = str(posted, 'leadWorkerId') || viewer.id;
    return reply.status(state.status ?? (errors.length ? 400 : 200)).render('episodes/views/new.njk', {
      ...model,
      errors,
      posted,
      fieldErrors: Object.fromEntries((state.errors ?? []).map((e) => [e.field, e.message])),
      staff: model.staff.map((s) => ({ ...s, checked: s.value === chosenLead })),
    });
  }

  app.get<IdParams>('/referrals/:id/episode/new', { preHandler: requireSignIn }, async (req, reply) =>
    renderNew(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/referrals/:id/episode',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const { referral, enhanced } = await db.transaction((tx) => episodes.newEpisodePage(tx, viewer, req.params.id));
      const opening = openingBody(posted, referral.id, enhanced, viewer.id);
      if (opening.errors) return renderNew(reply, viewer, req.params.id, { posted, errors: opening.errors });
      let opened: Awaited<ReturnType<typeof episodes.open>>;
      try {
        opened = await db.transaction((tx) => episodes.open(tx, viewer, opening.body));
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        if (error.statusCode === 409)
          return renderNew(reply, viewer, req.params.id, { posted, status: 409, message: error.message });
        if (error.statusCode === 400)
          return renderNew(reply, viewer, req.params.id, { posted, errors: openingErrors(error.errors) });
        throw error;
      }
      return opened.declined
        ? reply.redirectSaved('consultationDeclined', `/referrals/${referral.id}`)
        : reply.redirectSaved('episodeOpened', `/episodes/${opened.episode.id}`);
    },
  );
}
