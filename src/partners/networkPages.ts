// The episode's "Partners" page (the professionals around the person, consent to share with each agency, and
// what partners told the team), and its forms: add a professional, end their period, record a partner note.
// Each form is the same service call as the JSON API; a refusal comes back as the NHS error summary.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import type { Tx } from '../db/client.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { dateFrom, type Posted } from '../web/formFields.ts';
import { NETWORK_FORM, NOTE_FORM, bodyOf, fieldViews, inputIdFor, type Form } from './forms.ts';
import { networkMemberSchema, partnerNoteSchema } from './schema.ts';
import type { SavedWhat } from '../web/vocabulary.ts';

type WithId = { Params: { id: string } };

export interface EpisodeFormSpec<B> {
  /** The page's path under the episode ("network/new"). */
  path: string;
  title: string;
  intro?: string;
  form: Form;
  schema: ZodType<B>;
  /** The form's context: the episode (the viewer may work on it) and the organisations to choose from. */
  context(
    tx: Tx,
    viewer: Viewer,
    episodeId: string,
    query: Posted,
  ): Promise<{
    episode: { id: string; siteCode: string };
    partnerOptions: { value: string; text: string }[];
    [key: string]: unknown;
  }>;
  save(tx: Tx, viewer: Viewer, episodeId: string, body: B): Promise<unknown>;
  /** Where to go once saved, and what the success banner there says (web/saved.ts). */
  next(episodeId: string): string;
  saved: SavedWhat;
  /** What the form starts with (GET). */
  initial?(query: Posted): Posted;
  /** The field a 409 (a refusal by the rules) is shown against. */
  conflictField?: string;
}

/** Registers a GET and a POST for one form under `/episodes/:id/`. */
export function registerEpisodeForm<B>(app: FastifyInstance, services: Services, spec: EpisodeFormSpec<B>): void {
  const { db, sites } = services;
  const url = (id: string) => `/episodes/${id}/${spec.path}`;

  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    values: Posted,
    errors: FieldError[] = [],
    status?: number,
  ) {
    const selected = typeof values.partnerId === 'string' ? values.partnerId : undefined;
    const ctx = await db.transaction((tx) => spec.context(tx, viewer, id, { ...values, partnerId: selected }));
    return reply.status(status ?? (errors.length ? 400 : 200)).render('partners/views/episodeForm.njk', {
      pageTitle: spec.title,
      section: 'caseload',
      backHref: spec.next(id),
      ...ctx,
      siteName: sites.get(ctx.episode.siteCode)?.name ?? ctx.episode.siteCode,
      title: spec.title,
      intro: spec.intro,
      action: url(id),
      cancel: spec.next(id),
      fields: fieldViews(spec.form, values, errors, ctx.partnerOptions),
      errors: errors.map((e) => ({ text: e.message, href: `#${inputIdFor(spec.form, e.field)}` })),
    });
  }

  app.get<WithId>(`/episodes/:id/${spec.path}`, { preHandler: requireSignIn }, async (req, reply) => {
    const query = (req.query ?? {}) as Posted;
    return render(reply, viewerOf(req), req.params.id, spec.initial ? spec.initial(query) : {});
  });

  app.post<WithId>(
    `/episodes/:id/${spec.path}`,
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const { body, errors } = bodyOf(spec.form, posted);
      const parsed = spec.schema.safeParse(body);
      if (!parsed.success || errors.length) {
        const schemaErrors = parsed.success ? [] : fieldErrors(parsed.error);
        const typed = new Set(errors.map((e) => e.field.split('.')[0]));
        return render(reply, viewer, id, posted, [...errors, ...schemaErrors.filter((e) => !typed.has(e.field))]);
      }
      try {
        await db.transaction((tx) => spec.save(tx, viewer, id, parsed.data));
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 400 || error.statusCode === 409)) {
          const shown =
            error.statusCode === 409
              ? [{ field: spec.conflictField ?? spec.form.fields[0]?.path ?? '', message: error.message }]
              : error.errors;
          return render(reply, viewer, id, posted, shown, error.statusCode);
        }
        throw error;
      }
      return reply.redirectSaved(spec.saved, spec.next(id));
    },
  );
}

export function registerNetworkPages(app: FastifyInstance, services: Services): void {
  const { db, network, sites } = services;

  async function renderPartners(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { errors?: FieldError[]; status?: number } = {},
  ) {
    const page = await db.transaction((tx) => network.partnersPage(tx, viewer, id));
    return reply.status(extra.status ?? 200).render('partners/views/episodePartners.njk', {
      pageTitle: `Partners: ${page.episode.personName}`,
      section: 'caseload',
      episodeNavCurrent: 'partners',
      siteName: sites.get(page.episode.siteCode)?.name ?? page.episode.siteCode,
      ...page,
      errors: (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}` })),
    });
  }

  app.get<WithId>('/episodes/:id/partners', { preHandler: requireSignIn }, async (req, reply) =>
    renderPartners(reply, viewerOf(req), req.params.id),
  );

  registerEpisodeForm(app, services, {
    path: 'network/new',
    title: 'Add a professional to the network',
    intro:
      'Someone involved with the person: their community or prison offender manager, GP, care coordinator, housing officer, substance misuse worker or approved premises key worker.',
    form: NETWORK_FORM,
    schema: networkMemberSchema,
    context: (tx, viewer, id, q) => network.formContext(tx, viewer, id, q.partnerId as string | undefined),
    save: (tx, viewer, id, body) => network.addMember(tx, viewer, id, body),
    next: (id) => `/episodes/${id}/partners#network`,
    saved: 'networkMember',
  });

  registerEpisodeForm(app, services, {
    path: 'partner-notes/new',
    title: 'Record what a partner told the team',
    intro:
      'Enter it with its source and when it happened: it is placed in the chronology where it happened, however late it arrives.',
    form: NOTE_FORM,
    schema: partnerNoteSchema,
    context: (tx, viewer, id, q) => network.formContext(tx, viewer, id, q.partnerId as string | undefined),
    save: (tx, viewer, id, body) => network.addNote(tx, viewer, id, body),
    next: (id) => `/episodes/${id}/partners#partner-notes`,
    saved: 'partnerNote',
  });

  app.post<{ Params: { id: string; memberId: string } }>(
    '/episodes/:id/network/:memberId/end',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const { id, memberId } = req.params;
      const field = `end-${memberId}`;
      const to = dateFrom(posted, field, 'the last day they were involved');
      if (!('iso' in to))
        return renderPartners(reply, viewer, id, {
          errors: [{ field: `${field}-day`, message: to.error }],
          status: 400,
        });
      try {
        await db.transaction((tx) => network.endMember(tx, viewer, id, memberId, to.iso, Number(posted.version) || 0));
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 400 || error.statusCode === 412)) {
          const message =
            error.statusCode === 412
              ? 'Someone else changed this professional’s record after you opened the page. Nothing was saved; check it and try again.'
              : error.message === 'There is a problem with what was sent'
                ? (error.errors[0]?.message ?? error.message)
                : error.message;
          return renderPartners(reply, viewer, id, {
            errors: [{ field: `${field}-day`, message }],
            status: error.statusCode,
          });
        }
        throw error;
      }
      return reply.redirectSaved('networkMemberEnded', `/episodes/${id}/partners#network`);
    },
  );
}
