// The decline letter of a declined referral, for whoever may see the referral (its referrer first): the read
// is the referral's own audited read, so need-to-know holds as it does on the referral page.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ReferralService } from '../referrals/service.ts';
import { Conflict } from '../http/errors.ts';
import { declineLetterPdf } from './declineLetterPdf.ts';
import type { DeclineLetterFacts } from './declineLetterContent.ts';

export function createDeclineLetterService({
  clock,
  referrals,
}: {
  clock: Clock;
  referrals: Pick<ReferralService, 'read'>;
}) {
  return {
    async facts(db: Queryable, viewer: Viewer, id: string): Promise<DeclineLetterFacts> {
      const view = await referrals.read(db, viewer, id);
      if (view.status !== 'declined' || !view.decision)
        throw new Conflict('There is a decline letter only once a referral has been declined.');
      const source = (view.referral as { source?: { name?: string | null; organisation?: string | null } }).source;
      return {
        reference: view.reference,
        teamName: view.siteName,
        person: {
          givenName: view.person.givenName,
          familyName: view.person.familyName,
          dateOfBirth: view.person.dateOfBirth,
          nhsNumber: view.person.nhsNumber,
        },
        referrer: { name: source?.name ?? null, organisation: source?.organisation ?? null },
        receivedAt: view.receivedAt,
        decidedAt: view.decision.decidedAt,
        reason: view.decision.reason,
        signposting: view.decision.signposting,
        unmet: view.eligibility.reasons.filter((r) => r.result === 'fail').map((r) => r.message),
        writtenAt: clock(),
      };
    },
    async pdf(db: Queryable, viewer: Viewer, id: string): Promise<Buffer> {
      return declineLetterPdf(await this.facts(db, viewer, id));
    },
  };
}

export type DeclineLetterService = ReturnType<typeof createDeclineLetterService>;
