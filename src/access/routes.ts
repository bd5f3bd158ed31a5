// Need-to-know through the API and the pages: restriction, grants by name, break-glass, the access log.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { parseOrThrow, fieldErrors } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { HttpError } from '../http/errors.ts';

const reason = z.string().trim().min(1, 'Enter the reason').max(2000, 'Must be 2000 characters or fewer');
const restrictionBody = z.object({
  restricted: z.boolean({ message: 'Say whether the record is restricted (true or false)' }),
  reason,
});
const grantBody = z.object({
  email: z.string().trim().min(1, 'Enter the email address of the person to give access to').max(320),
  reason,
  expiresOn: z.string().trim().refine(isRealIsoDate, 'Enter a real date, like 2026-12-31'),
});
const breakGlassBody = z.object({
  reference: z.string().trim().min(1, 'Enter the referral reference, like RC-1234').max(40),
  reason,
});

type Params = { Params: { id: string } };
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

  // ---- Pages ----
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

  const back = (reply: FastifyReply, id: string) => reply.redirect(`/referrals/${id}#need-to-know`, 303);
  const formError = (error: unknown, fallback: string) => {
    if (error instanceof HttpError && error.statusCode < 500) return error;
    return new HttpError(400, fallback);
  };

  app.post<Params>(
    '/referrals/:id/restriction',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Record<string, string>;
      const parsed = restrictionBody.safeParse({ restricted: posted.restricted === 'yes', reason: posted.reason });
      if (!parsed.success) throw new HttpError(400, fieldErrors(parsed.error)[0]?.message ?? 'Check what you entered');
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
      return back(reply, req.params.id);
    },
  );

  app.post<Params>(
    '/referrals/:id/access-grants',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const p = (req.body ?? {}) as Record<string, string>;
      const expiresOn = [
        p['expiresOn-year'],
        (p['expiresOn-month'] ?? '').padStart(2, '0'),
        (p['expiresOn-day'] ?? '').padStart(2, '0'),
      ].join('-');
      const parsed = grantBody.safeParse({ email: p.email, reason: p.reason, expiresOn });
      if (!parsed.success)
        throw new HttpError(
          400,
          fieldErrors(parsed.error)
            .map((e) => e.message)
            .join('. '),
        );
      try {
        await db.transaction((tx) => access.grant(tx, viewer, req.params.id, parsed.data));
      } catch (error) {
        throw formError(error, 'The access could not be given');
      }
      return back(reply, req.params.id);
    },
  );

  app.post<GrantParams>(
    '/referrals/:id/access-grants/:grantId/revoke',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      await db.transaction((tx) => access.revokeGrant(tx, viewerOf(req), req.params.id, req.params.grantId));
      return back(reply, req.params.id);
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
