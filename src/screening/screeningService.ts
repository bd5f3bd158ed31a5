// Screening: a practitioner or manager accepts, declines (with reason and signposting), or asks the
// referrer for more information, which pauses the screening clock (PRODUCT.md journey, step 2).
import { randomUUID } from 'node:crypto';
import { asc, desc, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { informationRequests, referrals } from '../db/schema.ts';
import type { CoreServices } from '../services.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, Forbidden, NotFound, StaleVersion } from '../http/errors.ts';
import * as repo from '../referrals/referralRepository.ts';
import type { ScreeningDecision } from './schema.ts';
import { notifyUsers } from '../notifications/notificationService.ts';

const SUMMARY: Record<ScreeningDecision['decision'], string> = {
  accept: 'Referral accepted at screening.',
  decline: 'Referral declined at screening. The referrer can see the reason and signposting.',
  more_information: 'More information requested from the referrer. The screening clock is paused until they answer.',
};

const REFERRER_NOTICE: Record<ScreeningDecision['decision'], (reference: string) => string> = {
  accept: (ref) => `Your referral ${ref} was accepted.`,
  decline: (ref) => `Your referral ${ref} was declined. See the reason and where else the person can get help.`,
  more_information: (ref) =>
    `The team needs more information about your referral ${ref}. Answer their question on the referral page.`,
};

export const QUEUE_SORTS: Record<string, SQL[]> = {
  due: [asc(referrals.screeningDueAt)],
  received: [desc(referrals.receivedAt)],
  name: [asc(referrals.familyName), asc(referrals.givenName)],
  outcome: [asc(referrals.outcome), asc(referrals.screeningDueAt)],
};

export function createScreeningService({ clock }: CoreServices) {
  return {
    async decide(db: Queryable, viewer: Viewer, id: string, input: ScreeningDecision, expectedVersion: number) {
      const row = await repo.findVisibleReferral(db, viewer, id);
      if (!row) throw new NotFound();
      if (row.status === 'accepted' || row.status === 'declined') {
        if (row.version !== expectedVersion)
          throw new StaleVersion('Someone else decided this referral first. Reload it to see their decision.');
        throw new Conflict('This referral has already been decided');
      }
      if (!can(viewer, 'screen', row))
        throw new Forbidden('Only the site’s practitioners and managers can screen this referral');
      if (row.version !== expectedVersion)
        throw new StaleVersion(
          'Someone else changed this referral after you opened it. Reload it to see what changed.',
        );
      const now = clock();
      const changes: Partial<repo.ReferralRow> =
        input.decision === 'more_information'
          ? { status: 'information_requested', screeningPausedAt: now, updatedAt: now }
          : {
              status: input.decision === 'accept' ? 'accepted' : 'declined',
              decision: input.decision,
              decisionReason: input.reason ?? null,
              signposting: input.signposting ?? null,
              decidedBy: viewer.id,
              decidedAt: now,
              screeningPausedAt: null,
              updatedAt: now,
            };
      const updated = await repo.updateReferralIfVersion(db, id, expectedVersion, changes);
      if (!updated)
        throw new StaleVersion('Someone else decided this referral first. Reload it to see their decision.');
      if (input.decision === 'more_information') {
        await db
          .insert(informationRequests)
          .values({ id: randomUUID(), referralId: id, question: input.reason!, askedBy: viewer.id, askedAt: now });
      }
      await repo.addTimelineEvent(db, {
        at: now,
        personId: row.personId,
        referralId: id,
        actorId: viewer.id,
        kind: `screening.${input.decision}`,
        summary: SUMMARY[input.decision],
      });
      // The referrer is told (PRODUCT.md journey, step 2): the decision, or the question waiting for them.
      await notifyUsers(
        db,
        [row.submittedBy],
        now,
        `referral.${input.decision}`,
        REFERRER_NOTICE[input.decision](row.reference),
        `/referrals/${id}`,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: `referral.screening.${input.decision}`,
          recordType: 'referral',
          recordId: id,
          details: {
            before: { status: row.status, version: row.version },
            after: { status: updated.status, version: updated.version },
            reason: input.reason,
            signposting: input.signposting,
          },
        },
        now,
      );
      return updated;
    },
  };
}
