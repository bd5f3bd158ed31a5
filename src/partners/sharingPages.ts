// The information-sharing log of an episode (what a subject access request or an information governance
// review reads), and the forms to record consent to share and an entry of the log. Sharing on the basis of
// consent without it is refused with the rule's words beside the lawful basis, and nothing is stored.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { Posted } from '../web/formFields.ts';
import { CONSENT_FORM, SHARING_FORM } from './sharingForms.ts';
import { consentSchema, sharingSchema, uuid } from './schema.ts';
import { registerEpisodeForm } from './networkPages.ts';

const consentFormSchema = consentSchema.extend({ partnerId: uuid });
const chosenPartner = (q: Posted): Posted => (typeof q.partnerId === 'string' ? { partnerId: q.partnerId } : {});

export function registerSharingPages(app: FastifyInstance, services: Services): void {
  const { db, sharing, sites } = services;

  app.get<{ Params: { id: string } }>('/episodes/:id/sharing', { preHandler: requireSignIn }, async (req, reply) => {
    const page = await db.transaction((tx) => sharing.sharingPage(tx, viewerOf(req), req.params.id));
    return reply.render('partners/views/sharing.njk', {
      pageTitle: `Information-sharing log: ${page.episode.personName}`,
      section: 'caseload',
      episodeNavCurrent: 'sharing',
      siteName: sites.get(page.episode.siteCode)?.name ?? page.episode.siteCode,
      ...page,
    });
  });

  registerEpisodeForm(app, services, {
    path: 'consents/new',
    title: 'Record consent to share',
    intro:
      'The person’s decision about sharing information with one agency: given, refused or withdrawn. Earlier decisions are kept.',
    form: CONSENT_FORM,
    schema: consentFormSchema,
    context: (tx, viewer, id, q) => sharing.formContext(tx, viewer, id, q.partnerId as string | undefined),
    save: (tx, viewer, id, { partnerId, ...body }) => sharing.setConsent(tx, viewer, id, partnerId, body),
    next: (id) => `/episodes/${id}/partners#consent`,
    saved: 'consent',
    initial: chosenPartner,
  });

  registerEpisodeForm(app, services, {
    path: 'sharing/new',
    title: 'Record information shared, received or declined',
    intro:
      'Check the person’s consent below first. Sharing on the basis of consent needs their consent to that agency on that date; any other basis needs a justification.',
    form: SHARING_FORM,
    schema: sharingSchema,
    context: (tx, viewer, id, q) => sharing.formContext(tx, viewer, id, q.partnerId as string | undefined),
    save: (tx, viewer, id, body) => sharing.share(tx, viewer, id, body),
    next: (id) => `/episodes/${id}/sharing`,
    saved: 'sharing',
    initial: chosenPartner,
    conflictField: 'lawfulBasis',
  });
}
