// Referral pages: the referrer's list, one referral (for referrer and team), the confirmation, and the
// referrer's answer to a question. The screening decision form posts to screening/pages.ts.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { can } from '../access/policy.ts';
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { presentReferralSummary } from './presenter.ts';
import { personNameOfDraft } from './form/fieldCodec.ts';
import { parseTeamListQuery } from './teamListForms.ts';

type IdParams = { Params: { id: string } };
const answerForm = z.object({
  answer: z.string().trim().min(1, 'Enter your answer').max(5000, 'Answer must be 5000 characters or fewer'),
});

/** The referral page, with an error summary when a form on it was refused. Screening's form uses it too. */
export async function renderReferralPage(
  reply: FastifyReply,
  { db, referrals }: Pick<Services, 'db' | 'referrals'>,
  viewer: Viewer,
  id: string,
  extra: { errors?: FieldError[]; posted?: Record<string, unknown>; status?: number } = {},
) {
  const model = await referrals.page(db, viewer, id);
  const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field || 'decision'}` }));
  return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('referrals/views/referral.njk', {
    ...model,
    errors,
    posted: extra.posted ?? {},
    fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [e.field, e.message])),
  });
}

export function registerReferralPages(app: FastifyInstance, services: Services): void {
  const { db, referrals, drafts, teamChoice } = services;

  app.get('/referrals', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const [rows, myDrafts] = await db.transaction(
      async (tx) =>
        [await referrals.list(tx, viewer, { submittedBy: viewer.id }), await drafts.listMine(tx, viewer)] as const,
    );
    return reply.render('referrals/views/my-referrals.njk', {
      pageTitle: 'Your referrals',
      section: 'referrals',
      teamList: can(viewer, 'viewScreeningQueue'),
      items: rows.map((r) => presentReferralSummary(r, viewer)),
      drafts: myDrafts.map((d) => ({ id: d.id, updatedAt: d.updatedAt, name: personNameOfDraft(d.data) })),
    });
  });

  /** Referrals to the viewer's team, not only those they sent (issue 10), filtered as the query string says. */
  app.get('/referrals/team', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const form = parseTeamListQuery(req.query);
    // One team, or all the user's teams, remembered from their last choice (issue 10, "All my teams").
    const model = await db.transaction(async (tx) => {
      const team = can(viewer, 'viewScreeningQueue')
        ? await teamChoice.decide(tx, viewer, 'referrals', form.query.site)
        : undefined;
      const found = await referrals.teamList(tx, viewer, {
        ...form,
        query: { ...form.query, site: team ? team.site : form.query.site },
      });
      await teamChoice.remember(tx, viewer, team);
      return found;
    });
    return reply.status(form.errors.length ? 400 : 200).render('referrals/views/team-referrals.njk', model);
  });

  app.get<IdParams>('/referrals/:id', { preHandler: requireSignIn }, async (req, reply) =>
    renderReferralPage(reply, services, viewerOf(req), req.params.id),
  );

  app.get<IdParams>('/referrals/:id/confirmation', { preHandler: requireSignIn }, async (req, reply) => {
    const view = await referrals.read(db, viewerOf(req), req.params.id);
    return reply.render('referrals/views/confirmation.njk', {
      pageTitle: 'Referral sent',
      section: 'referrals',
      referral: view,
    });
  });

  app.post<IdParams>(
    '/referrals/:id/information',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Record<string, unknown>;
      const parsed = answerForm.safeParse(posted);
      if (!parsed.success)
        return renderReferralPage(reply, services, viewer, req.params.id, {
          errors: fieldErrors(parsed.error),
          posted,
        });
      const version = Number(posted.version);
      await db.transaction((tx) =>
        referrals.answerInformationRequest(
          tx,
          viewer,
          req.params.id,
          parsed.data.answer,
          Number.isInteger(version) && version > 0 ? version : undefined,
        ),
      );
      return reply.redirectSaved('answer', `/referrals/${req.params.id}`);
    },
  );
}
