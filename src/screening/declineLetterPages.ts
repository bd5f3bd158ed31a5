// GET /referrals/:id/decline-letter.pdf: the decline letter, for the referrer's list and the referral page;
// 409 (as a page) before the referral is declined, 404 for anyone who may not see the referral.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';

export function registerDeclineLetterPages(app: FastifyInstance, { db, declineLetters }: Services): void {
  app.get<{ Params: { id: string } }>(
    '/referrals/:id/decline-letter.pdf',
    { preHandler: requireSignIn },
    async (req, reply) => {
      const pdf = await db.transaction((tx) => declineLetters.pdf(tx, viewerOf(req), req.params.id));
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="decline-letter.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
