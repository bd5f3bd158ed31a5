// Need-to-know through the API and the pages: restriction, grants by name, break-glass, the access log.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { parseOrThrow, fieldErrors } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { HttpError, NotFound, type FieldError } from '../http/errors.ts';
import type { Viewer } from './viewer.ts';
import { isUuid } from '../http/ids.ts';
import { BREAK_GLASS_OUTCOMES } from './rules.ts';
import { breakGlassUseView, presentBreakGlassUse } from './presenter.ts';

const reason = z.string().trim().min(1, 'Enter the reason').max(2000, 'Must be 2000 characters or fewer');
const restrictionBody = z.object({
  restricted: z.boolean({ message: 'Say whether the record is restricted (true or false)' }),
  reason,
});
const grantBody = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter the email address of the person to give access to')
    .max(320, 'Enter an email address of 320 characters or fewer'),
  reason,
  expiresOn: z.string().trim().refine(isRealIsoDate, 'Enter a real date, like 2026-12-31'),
});
const breakGlassBody = z.object({
  reference: z
    .string()
    .trim()
    .min(1, 'Enter the referral reference, like RC-1234')
    .max(40, 'Enter the referral reference, like RC-1234'),
  reason,
});

const reviewBody = z.object({
  outcome: z.enum(BREAK_GLASS_OUTCOMES, { message: 'Say whether the use was appropriate or not appropriate' }),
  note: z
    .string({ message: 'Enter a note about the use' })
    .trim()
    .min(1, 'Enter a note about the use')
    .max(2000, 'Must be 2000 characters or fewer'),
});
const usesQuery = z.object({
  status: z.enum(['unreviewed', 'reviewed', 'all'], { message: 'Must be unreviewed, reviewed or all' }).optional(),
});

type Params = { Params: { id: string } };

/** The two need-to-know forms on the referral page, and the id on the page of each field they post. */
type NeedToKnowForm = 'restriction' | 'grant';
const NEED_TO_KNOW_FIELDS: Record<NeedToKnowForm, Record<string, string>> = {
  restriction: { reason: 'restriction-reason' },
  grant: { email: 'grant-email', reason: 'grant-reason', expiresOn: 'expiresOn-day' },
};
const FIRST_FIELD: Record<NeedToKnowForm, string> = { restriction: 'reason', grant: 'email' };

/** The named text fields of a posted form ('' for any missing or not text). */
function textFields<K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  const raw = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => [n, typeof raw[n] === 'string' ? raw[n] : ''])) as Record<K, string>;
}
type GrantParams = { Params: { id: string; grantId: string } };

export function registerAccessRoutes(app: FastifyInstance, services: Services): void {
  const { db, access, referrals } = services;

  // ---- JSON API ----
  app.post<Params>('/api/v1/referrals/:id/restriction', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(restrictionBody, req.body);
    const version = requiredIfMatch(req);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const row = await access.setRestricted(tx, viewer, req.params.id, body.restricted, body.reason, version);
      return {
        status: 200,
        body: { id: row.id, restricted: row.restricted, version: row.version },
        headers: { etag: etag(row.version) },
      };
    });
  });

  app.post<Params>('/api/v1/referrals/:id/access-grants', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(grantBody, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 201,
      body: { id: await access.grant(tx, viewer, req.params.id, body) },
    }));
  });

  app.delete<GrantParams>('/api/v1/referrals/:id/access-grants/:grantId', async (req, reply) => {
    await db.transaction((tx) => access.revokeGrant(tx, viewerOf(req), req.params.id, req.params.grantId));
    return reply.status(204).send();
  });

  app.get<Params>('/api/v1/referrals/:id/access-log', async (req) => {
    const items = await db.transaction((tx) => access.accessLog(tx, viewerOf(req), req.params.id));
    return { items: items.map((e) => ({ ...e, at: e.at.toISOString(), details: JSON.parse(e.details) as unknown })) };
  });

  app.post('/api/v1/break-glass', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(breakGlassBody, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const id = await access.breakGlass(tx, viewer, body.reference, body.reason);
      return { status: 201, body: { referralId: id, expiresInMinutes: 60 } };
    });
  });

  // Break-glass review (issue 14): the site's managers judge each use; unreviewed uses stay on their worklist.
  app.get('/api/v1/break-glass/uses', async (req) => {
    const query = parseOrThrow(usesQuery, req.query);
    const rows = await db.transaction((tx) => access.breakGlassUses(tx, viewerOf(req), query.status));
    return { items: rows.map(presentBreakGlassUse) };
  });

  app.get<Params>('/api/v1/break-glass/uses/:id', async (req) => {
    if (!isUuid(req.params.id)) throw new NotFound();
    return presentBreakGlassUse(await db.transaction((tx) => access.breakGlassUse(tx, viewerOf(req), req.params.id)));
  });

  app.post<Params>('/api/v1/break-glass/uses/:id/review', async (req, reply) => {
    const viewer = viewerOf(req);
    if (!isUuid(req.params.id)) throw new NotFound();
    const body = parseOrThrow(reviewBody, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 200,
      body: presentBreakGlassUse(await access.reviewBreakGlass(tx, viewer, req.params.id, body)),
    }));
  });

  // ---- Pages ----
  app.get('/break-glass/reviews', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const [unreviewed, reviewed] = await db.transaction(
      async (tx) =>
        [
          await access.breakGlassUses(tx, viewer, 'unreviewed'),
          await access.breakGlassUses(tx, viewer, 'reviewed'),
        ] as const,
    );
    return reply.render('access/views/break-glass-reviews.njk', {
      pageTitle: 'Reviews of emergency access',
      section: 'worklist',
      unreviewed: unreviewed.map(breakGlassUseView),
      reviewed: reviewed.slice(0, 50).map(breakGlassUseView),
    });
  });

  const renderReview = (
    reply: FastifyReply,
    use: Parameters<typeof breakGlassUseView>[0],
    posted: Record<string, string>,
    errors: { field: string; message: string }[] = [],
    status = 400,
  ) =>
    reply.status(errors.length ? status : 200).render('access/views/break-glass-review.njk', {
      pageTitle: `Review emergency access to ${use.reference}`,
      backHref: '/break-glass/reviews',
      section: 'worklist',
      use: breakGlassUseView(use),
      posted,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field === 'outcome' ? 'outcome' : e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
    });

  app.get<Params>('/break-glass/reviews/:id', { preHandler: requireSignIn }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw new NotFound();
    const use = await db.transaction((tx) => access.breakGlassUse(tx, viewerOf(req), req.params.id));
    return renderReview(reply, use, {});
  });

  app.post<Params>(
    '/break-glass/reviews/:id',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      if (!isUuid(req.params.id)) throw new NotFound();
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const posted = {
        outcome: typeof raw.outcome === 'string' ? raw.outcome : '',
        note: typeof raw.note === 'string' ? raw.note : '',
      };
      const parsed = reviewBody.safeParse({ outcome: posted.outcome || undefined, note: posted.note });
      if (!parsed.success) {
        const use = await db.transaction((tx) => access.breakGlassUse(tx, viewer, req.params.id));
        return renderReview(reply, use, posted, fieldErrors(parsed.error));
      }
      try {
        await db.transaction((tx) => access.reviewBreakGlass(tx, viewer, req.params.id, parsed.data));
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 409 || error.statusCode === 403)) {
          const use = await db.transaction((tx) => access.breakGlassUse(tx, viewer, req.params.id));
          return renderReview(reply, use, posted, [{ field: 'outcome', message: error.message }], error.statusCode);
        }
        throw error;
      }
      return reply.redirect('/break-glass/reviews', 303);
    },
  );

  app.get<Params>('/referrals/:id/access-log', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const [view, events] = await db.transaction(
      async (tx) =>
        [await referrals.read(tx, viewer, req.params.id), await access.accessLog(tx, viewer, req.params.id)] as const,
    );
    return reply.render('access/views/access-log.njk', {
      pageTitle: `Who has seen referral ${view.reference}`,
      backHref: `/referrals/${view.id}`,
      referral: view,
      events,
    });
  });

  const back = (reply: FastifyReply, id: string, saved: Parameters<FastifyReply['redirectSaved']>[0]) =>
    reply.redirectSaved(saved, `/referrals/${id}#need-to-know`);

  /**
   * A refused restriction or grant comes back on the referral page with what was typed and the error summary
   * (issue 10, "Lose nothing"), never on a page of its own. Only a manager of the record gets it back: anyone
   * else gets the 404 or 403 the form would have given them.
   */
  const refuse = async (
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    form: NeedToKnowForm,
    values: Record<string, string>,
    errors: FieldError[],
    status = 400,
  ) => {
    const model = await db.transaction(async (tx) => {
      await access.grantsFor(tx, viewer, id);
      return referrals.page(tx, viewer, id);
    });
    const shown = errors.map((e) => ({
      ...e,
      field: NEED_TO_KNOW_FIELDS[form][e.field] ? e.field : FIRST_FIELD[form],
    }));
    return reply.status(status).render('referrals/views/referral.njk', {
      ...model,
      posted: {},
      fieldErrors: {},
      errors: shown.map((e) => ({ text: e.message, href: `#${NEED_TO_KNOW_FIELDS[form][e.field] ?? ''}` })),
      ntk: { form, values, errors: Object.fromEntries(shown.map((e) => [e.field, e.message])) },
    });
  };
  /** A refusal the user can act on (bad input, a stale version, a rule) goes back to the form; others stay errors. */
  const refusable = (error: unknown): error is HttpError =>
    error instanceof HttpError && [400, 409, 412].includes(error.statusCode);

  app.post<Params>(
    '/referrals/:id/restriction',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = textFields(req.body, ['restricted', 'reason', 'version']);
      const values = { reason: posted.reason };
      const parsed = restrictionBody.safeParse({ restricted: posted.restricted === 'yes', reason: posted.reason });
      if (!parsed.success)
        return refuse(reply, viewer, req.params.id, 'restriction', values, fieldErrors(parsed.error));
      try {
        await db.transaction((tx) =>
          access.setRestricted(
            tx,
            viewer,
            req.params.id,
            parsed.data.restricted,
            parsed.data.reason,
            Number(posted.version),
          ),
        );
      } catch (error) {
        if (!refusable(error)) throw error;
        return refuse(reply, viewer, req.params.id, 'restriction', values, error.errors, error.statusCode);
      }
      return back(reply, req.params.id, 'restriction');
    },
  );

  app.post<Params>(
    '/referrals/:id/access-grants',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const p = textFields(req.body, ['email', 'reason', 'expiresOn-day', 'expiresOn-month', 'expiresOn-year']);
      const expiresOn = [
        p['expiresOn-year'],
        p['expiresOn-month'].padStart(2, '0'),
        p['expiresOn-day'].padStart(2, '0'),
      ].join('-');
      const parsed = grantBody.safeParse({ email: p.email, reason: p.reason, expiresOn });
      if (!parsed.success) return refuse(reply, viewer, req.params.id, 'grant', p, fieldErrors(parsed.error));
      try {
        await db.transaction((tx) => access.grant(tx, viewer, req.params.id, parsed.data));
      } catch (error) {
        if (refusable(error)) return refuse(reply, viewer, req.params.id, 'grant', p, error.errors, error.statusCode);
        if (error instanceof HttpError) throw error;
        req.log.error({ err: error }, 'access grant failed');
        const failed = [{ field: 'email', message: 'The access could not be given. Try again.' }];
        return refuse(reply, viewer, req.params.id, 'grant', p, failed);
      }
      return back(reply, req.params.id, 'accessGrant');
    },
  );

  app.post<GrantParams>(
    '/referrals/:id/access-grants/:grantId/revoke',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      await db.transaction((tx) => access.revokeGrant(tx, viewerOf(req), req.params.id, req.params.grantId));
      return back(reply, req.params.id, 'accessRevoked');
    },
  );

  app.get('/break-glass', { preHandler: requireSignIn }, async (req, reply) =>
    reply.render('access/views/break-glass.njk', {
      pageTitle: 'Emergency access to a referral',
      values: {},
      viewer: viewerOf(req),
    }),
  );

  app.post('/break-glass', { preHandler: requireSignIn, preValidation: app.csrfProtection }, async (req, reply) => {
    const viewer = viewerOf(req);
    const posted = (req.body ?? {}) as Record<string, string>;
    const parsed = breakGlassBody.safeParse(posted);
    const fail = (errors: { field: string; message: string }[]) =>
      reply.status(400).render('access/views/break-glass.njk', {
        pageTitle: 'Emergency access to a referral',
        values: posted,
        errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      });
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    try {
      const id = await db.transaction((tx) => access.breakGlass(tx, viewer, parsed.data.reference, parsed.data.reason));
      return await reply.redirect(`/referrals/${id}`, 303);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 400) return await fail(error.errors);
      throw error;
    }
  });
}
