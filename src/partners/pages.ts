// The partner directory's pages: search it, add an organisation (a possible duplicate is shown, and added only
// when the user says it is a different one), read and change an entry. The episode's multi-agency pages are
// in networkPages.ts and sharingPages.ts.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import type { Posted } from '../web/formFields.ts';
import { PARTNER_FORM, bodyOf, fieldViews, inputIdFor } from './forms.ts';
import { partnerQuerySchema, partnerSchema } from './schema.ts';
import type { PartnerView } from './presenter.ts';
import { registerNetworkPages } from './networkPages.ts';
import { registerSharingPages } from './sharingPages.ts';

type WithId = { Params: { id: string } };

const valuesOf = (p: PartnerView): Posted => ({
  name: p.name,
  kind: p.kind,
  area: p.area ?? '',
  email: p.email ?? '',
  phone: p.phone ?? '',
  address: p.address ?? '',
});

export function registerPartnerPages(app: FastifyInstance, services: Services): void {
  const { db, partners } = services;

  function renderForm(
    reply: FastifyReply,
    context: {
      title: string;
      action: string;
      values: Posted;
      errors?: FieldError[];
      duplicates?: { id: string; name: string; area: string | null }[];
      version?: number;
      status?: number;
      backHref: string;
    },
  ) {
    const errors = context.errors ?? [];
    return reply.status(context.status ?? (errors.length ? 400 : 200)).render('partners/views/partnerForm.njk', {
      pageTitle: context.title,
      section: 'partners',
      ...context,
      fields: fieldViews(PARTNER_FORM, context.values, errors),
      errors: errors.map((e) => ({ text: e.message, href: `#${inputIdFor(PARTNER_FORM, e.field)}` })),
    });
  }

  /** The posted form as a valid body, or the errors to show. */
  function parse(posted: Posted) {
    const { body, errors } = bodyOf(PARTNER_FORM, posted);
    const parsed = partnerSchema.safeParse(body);
    return parsed.success && !errors.length
      ? { data: parsed.data, errors: [] }
      : { data: undefined, errors: [...errors, ...(parsed.success ? [] : fieldErrors(parsed.error))] };
  }

  app.get('/partners', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const query = partnerQuerySchema.catch({ q: undefined, kind: undefined }).parse(req.query ?? {});
    const page = await db.transaction((tx) => partners.directoryPage(tx, viewer, query));
    return reply.render('partners/views/directory.njk', {
      pageTitle: 'Partner directory',
      section: 'partners',
      ...page,
    });
  });

  app.get('/partners/new', { preHandler: requireSignIn }, async (req, reply) => {
    partners.keeperOnly(viewerOf(req));
    return renderForm(reply, {
      title: 'Add an organisation',
      action: '/partners/new',
      values: {},
      backHref: '/partners',
    });
  });

  app.post('/partners/new', { preHandler: requireSignIn, preValidation: app.csrfProtection }, async (req, reply) => {
    const viewer: Viewer = viewerOf(req);
    const posted = (req.body ?? {}) as Posted;
    const base = { title: 'Add an organisation', action: '/partners/new', values: posted, backHref: '/partners' };
    const { data, errors } = parse(posted);
    if (!data) return renderForm(reply, { ...base, errors });
    const result = await db.transaction((tx) =>
      partners.create(tx, viewer, data, { allowDuplicates: posted.confirmDuplicate === 'yes' }),
    );
    if (!result.created) return renderForm(reply, { ...base, duplicates: result.possibleDuplicates });
    return reply.redirect(`/partners/${result.created.id}`, 303);
  });

  app.get<WithId>('/partners/:id', { preHandler: requireSignIn }, async (req, reply) => {
    const page = await db.transaction((tx) => partners.partnerPage(tx, viewerOf(req), req.params.id));
    return reply.render('partners/views/partner.njk', {
      pageTitle: page.partner.name,
      section: 'partners',
      backHref: '/partners',
      ...page,
    });
  });

  app.get<WithId>('/partners/:id/edit', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const { partner } = await db.transaction((tx) => partners.partnerPage(tx, viewer, req.params.id));
    partners.keeperOnly(viewer);
    return renderForm(reply, {
      title: `Change ${partner.name}`,
      action: `/partners/${partner.id}/edit`,
      values: valuesOf(partner),
      version: partner.version,
      backHref: `/partners/${partner.id}`,
    });
  });

  app.post<WithId>(
    '/partners/:id/edit',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const version = Number(posted.version);
      const base = {
        title: 'Change the organisation',
        action: `/partners/${id}/edit`,
        values: posted,
        version,
        backHref: `/partners/${id}`,
      };
      const { data, errors } = parse(posted);
      if (!data) return renderForm(reply, { ...base, errors });
      try {
        await db.transaction((tx) => partners.update(tx, viewer, id, data, Number.isInteger(version) ? version : 0));
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 412) throw error;
        const current = await db.transaction((tx) => partners.read(tx, viewer, id));
        return renderForm(reply, {
          ...base,
          values: valuesOf(current),
          version: current.version,
          status: 412,
          errors: [
            {
              field: 'name',
              message:
                'Someone else changed this entry after you opened it. Your changes were not saved; its current details are shown.',
            },
          ],
        });
      }
      return reply.redirect(`/partners/${id}`, 303);
    },
  );

  registerNetworkPages(app, services);
  registerSharingPages(app, services);
}
