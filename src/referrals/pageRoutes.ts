// Referral pages: the referrer's list, one referral (for referrer and team), the decision and answer forms.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../auth/authentication.ts';
import { can } from '../access/policy.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { screeningDecisionSchema } from '../screening/schema.ts';
import { referralTimeline } from './referralRepository.ts';
import { presentReferralSummary, type ReferralView } from './presenter.ts';
import type { Viewer } from '../access/viewer.ts';
import { stepsFor } from './form/steps.ts';
import { displayAnswer, type Data } from './form/fieldCodec.ts';
import { formatDate } from '../web/format.ts';

/** What the referrer said, grouped as the form asked it. */
function detailSections(view: ReferralView, model: string | undefined) {
  const data = view.referral as unknown as Data;
  return stepsFor(model)
    .filter((s) => s.slug !== 'site')
    .map((step) => ({
      title: step.title,
      rows: step.fields.map((f) => ({
        key: { text: f.summaryLabel ?? f.label },
        value: { text: displayAnswer(f, data, formatDate) },
      })),
    }));
}

type IdParams = { Params: { id: string } };
const answerForm = z.object({
  answer: z.string().trim().min(1, 'Enter your answer').max(5000, 'Answer must be 5000 characters or fewer'),
});

export function registerReferralPages(app: FastifyInstance, services: Services): void {
  const { db, referrals, screening, drafts } = services;

  app.get('/referrals', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const [rows, myDrafts] = await db.transaction(
      async (tx) =>
        [await referrals.list(tx, viewer, { submittedBy: viewer.id }), await drafts.listMine(tx, viewer)] as const,
    );
    return reply.render('referrals/views/my-referrals.njk', {
      pageTitle: 'Your referrals',
      section: 'referrals',
      items: rows.map((r) => presentReferralSummary(r, viewer)),
      drafts: myDrafts.map((d) => ({ id: d.id, updatedAt: d.updatedAt, name: personName(d.data) })),
    });
  });

  async function renderReferral(
    reply: FastifyReply,
    viewer: Viewer,
    view: ReferralView,
    extra: { errors?: FieldError[]; posted?: Record<string, unknown>; status?: number } = {},
  ) {
    const timeline = await referralTimeline(db, view.id);
    const managesSite = viewer.role === 'manager' && viewer.siteCodes.includes(view.site);
    const grants = managesSite ? await services.access.grantsFor(db, viewer, view.id) : undefined;
    const facts = {
      siteCode: view.site,
      submittedBy: view.submittedBy,
      restricted: view.restricted,
      status: view.status,
    };
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field || 'decision'}` }));
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('referrals/views/referral.njk', {
      pageTitle: `Referral ${view.reference}`,
      section: can(viewer, 'viewScreeningQueue') ? 'screening' : 'referrals',
      backHref: can(viewer, 'viewScreeningQueue') ? `/screening?site=${view.site}` : '/referrals',
      referral: view,
      timeline,
      errors,
      posted: extra.posted ?? {},
      detailSections: detailSections(view, services.sites.get(view.site)?.model),
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [e.field, e.message])),
      canScreen: can(viewer, 'screen', facts),
      grants: grants ?? [],
      showNeedToKnow: managesSite,
      canOpenEpisode:
        (viewer.role === 'practitioner' || viewer.role === 'manager') && viewer.siteCodes.includes(view.site),
      canAnswer: can(viewer, 'answerInformationRequest', facts),
      openQuestion: view.informationRequests.find((r) => !r.answeredAt),
    });
  }

  app.get<IdParams>('/referrals/:id', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const view = await referrals.read(db, viewer, req.params.id);
    return renderReferral(reply, viewer, view);
  });

  app.get<IdParams>('/referrals/:id/confirmation', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const view = await referrals.read(db, viewer, req.params.id);
    return reply.render('referrals/views/confirmation.njk', {
      pageTitle: 'Referral sent',
      section: 'referrals',
      referral: view,
    });
  });

  app.post<IdParams>(
    '/referrals/:id/screening',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Record<string, unknown>;
      const decision = posted.decision;
      const input = screeningDecisionSchema.safeParse({
        decision,
        reason:
          decision === 'more_information'
            ? posted.question
            : decision === 'decline'
              ? posted.reason
              : posted.acceptNote || undefined,
        signposting: decision === 'decline' ? posted.signposting : undefined,
      });
      if (!input.success) {
        const view = await referrals.read(db, viewer, req.params.id);
        const errors = fieldErrors(input.error).map((e) => ({
          ...e,
          field: e.field === 'reason' && decision === 'more_information' ? 'question' : e.field,
        }));
        return renderReferral(reply, viewer, view, { errors, posted });
      }
      try {
        await db.transaction((tx) => screening.decide(tx, viewer, req.params.id, input.data, Number(posted.version)));
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 412 || error.statusCode === 409)) {
          // "Someone else changed this": show the referral as it is now, with what they decided.
          const view = await referrals.read(db, viewer, req.params.id);
          return renderReferral(reply, viewer, view, {
            status: 412,
            errors: [
              {
                field: 'decision',
                message:
                  'Someone else decided or changed this referral after you opened it. Your decision was not saved. Their decision is shown below.',
              },
            ],
          });
        }
        throw error;
      }
      return reply.redirect(`/referrals/${req.params.id}`, 303);
    },
  );

  app.post<IdParams>(
    '/referrals/:id/information',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Record<string, unknown>;
      const parsed = answerForm.safeParse(posted);
      if (!parsed.success) {
        const view = await referrals.read(db, viewer, req.params.id);
        return renderReferral(reply, viewer, view, { errors: fieldErrors(parsed.error), posted });
      }
      await db.transaction((tx) =>
        referrals.answerInformationRequest(
          tx,
          viewer,
          req.params.id,
          parsed.data.answer,
          Number(posted.version) || undefined,
        ),
      );
      return reply.redirect(`/referrals/${req.params.id}`, 303);
    },
  );
}

function personName(data: unknown): string {
  const person = (data as { person?: { givenName?: string; familyName?: string } }).person;
  const name = [person?.givenName, person?.familyName].filter(Boolean).join(' ');
  return name || 'New referral';
}
