// Screening: a practitioner or manager accepts, declines (with reason and signposting), or asks the
// referrer for more information, which pauses the screening clock (PRODUCT.md journey, step 2); and the
// queue of what is waiting, as one read for its page.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { Notify } from '../notifications/service.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import type { ReferralService } from '../referrals/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, Forbidden, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import * as repo from './repository.ts';
import { presentQueue, type QueueQuery } from './presenter.ts';
import { managesSite } from '../access/roles.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import { acceptanceCheck, statusesOf } from './rules.ts';
import type { ScreeningDecision } from './schema.ts';
import { ALL_TEAMS, hasTeamChoice } from '../teamChoice/rules.ts';

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

/**
 * The email to the referrer (issue 10: "The referrer is told by email … of acceptance, decline … and
 * questions"). Email leaves the service: the reference and a link, never the person's name or the reasons.
 */
const REFERRER_EMAIL: Record<
  ScreeningDecision['decision'],
  (ref: string, team: string, link: (path: string) => string) => { subject: string; paragraphs: string[]; link: string }
> = {
  accept: (ref, team, link) => ({
    subject: `Referral ${ref} accepted`,
    paragraphs: [`${team} accepted your referral ${ref}.`, 'They will contact you to agree the next steps.'],
    link: link(''),
  }),
  decline: (ref, team, link) => ({
    subject: `Referral ${ref} declined`,
    paragraphs: [
      `${team} cannot offer support for your referral ${ref}.`,
      'Their letter says why, and where else the person can get help. Sign in to read it.',
    ],
    link: link('/decline-letter.pdf'),
  }),
  more_information: (ref, team, link) => ({
    subject: `Referral ${ref}: a question for you`,
    paragraphs: [
      `${team} has a question about your referral ${ref}.`,
      'Sign in to answer it on the referral page. The team waits for your answer before deciding.',
    ],
    link: link(''),
  }),
};

/**
 * The referrer's email about this referral. A restricted one (national security) names no reference or id:
 * the email is read outside need-to-know (a shared mailbox, the outbox page), so it points at their list.
 */
function referrerEmail(
  decision: ScreeningDecision['decision'],
  row: { id: string; reference: string; restricted: boolean },
  team: string,
) {
  const email = REFERRER_EMAIL[decision](
    row.restricted ? 'to the team' : row.reference,
    team,
    row.restricted ? () => '/referrals' : (path) => `/referrals/${row.id}${path}`,
  );
  return row.restricted
    ? {
        ...email,
        subject: email.subject.replace('Referral to the team', 'Your referral'),
        paragraphs: email.paragraphs.map((p) => p.replace('your referral to the team', 'a referral you sent')),
      }
    : email;
}

/** A page of the queue: enough to work through, small enough to stay quick with thousands waiting. */
export const QUEUE_PAGE_SIZE = 50;

/** 409: the person has not consented (or withdrew it), which no override reaches. */
export class ConsentNotGiven extends Conflict {}

/** The override an acceptance records, or null when none is needed; refusals are 409, 403 and 400 (rules.ts). */
function acceptanceOverride(viewer: Viewer, row: repo.ReferralRow, reason: string | undefined, now: Date) {
  const eligibility = row.eligibility as EligibilityResult;
  const consentGiven = (row.details as { consent?: { given?: boolean | null } } | null)?.consent?.given;
  const check = acceptanceCheck(
    { outcome: row.outcome, consentGiven },
    { managesSite: managesSite(viewer, row.siteCode) },
    reason,
  );
  if (!check.ok) {
    if (check.refusal === 'no_consent') throw new ConsentNotGiven(check.message);
    if (check.refusal === 'manager_only') throw new Forbidden(check.message);
    throw new ValidationFailed([{ field: 'overrideReason', message: check.message }]);
  }
  if (!check.override) return null;
  return {
    reason: (reason ?? '').trim(),
    by: viewer.id,
    byName: viewer.name,
    at: now.toISOString(),
    rules: eligibility.reasons.filter((r) => r.result === 'fail').map((r) => r.rule),
  };
}

export interface ScreeningDeps {
  clock: Clock;
  sites: SiteCatalogue;
  notify: Notify;
  timeline: TimelineWriter;
  referrals: Pick<ReferralService, 'list' | 'count'>;
}

export function createScreeningService({ clock, sites, notify, timeline, referrals: referralService }: ScreeningDeps) {
  return {
    async decide(db: Queryable, viewer: Viewer, id: string, input: ScreeningDecision, expectedVersion: number) {
      const row = await repo.findVisibleReferral(db, viewer, id);
      if (!row) throw new NotFound();
      if (row.status === 'accepted' || row.status === 'declined') {
        if (row.version !== expectedVersion)
          throw new StaleVersion('Someone else decided this referral first. Reload it to see their decision.');
        throw new Conflict('This referral has already been decided');
      }
      authorize(viewer, 'screen', row);
      if (row.version !== expectedVersion)
        throw new StaleVersion(
          'Someone else changed this referral after you opened it. Reload it to see what changed.',
        );
      const now = clock();
      const override = input.decision === 'accept' ? acceptanceOverride(viewer, row, input.overrideReason, now) : null;
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
              eligibilityOverride: override,
              updatedAt: now,
            };
      const updated = await repo.recordDecision(db, id, expectedVersion, changes);
      if (!updated)
        throw new StaleVersion('Someone else decided this referral first. Reload it to see their decision.');
      if (input.decision === 'more_information') {
        await repo.askReferrer(db, { referralId: id, question: input.reason ?? '', askedBy: viewer.id, askedAt: now });
      }
      await timeline.record(db, {
        at: now,
        personId: row.personId,
        referralId: id,
        actorId: viewer.id,
        kind: `screening.${input.decision}`,
        summary: override
          ? `Referral accepted at screening with a manager's override of the hard requirements it does not meet. Reason: ${override.reason}`
          : SUMMARY[input.decision],
      });
      // The referrer is told (PRODUCT.md journey, step 2): the decision, or the question waiting for them.
      await notify.users(db, [row.submittedBy], now, {
        kind: `referral.${input.decision}`,
        message: REFERRER_NOTICE[input.decision](row.reference),
        link: `/referrals/${id}`,
      });
      await notify.emailUser?.(
        db,
        row.submittedBy,
        now,
        referrerEmail(input.decision, { ...row, id }, sites.get(row.siteCode)?.name ?? 'The team'),
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
            ...(override ? { eligibilityOverride: override } : {}),
          },
        },
        now,
      );
      return updated;
    },

    /** The queue page: one site's referrals waiting (or decided), a page of them, the counts, the overdue. */
    async queue(db: Queryable, viewer: Viewer, query: QueueQuery) {
      authorize(viewer, 'viewScreeningQueue');
      const site =
        query.site === ALL_TEAMS && hasTeamChoice(viewer.siteCodes)
          ? ALL_TEAMS
          : viewer.siteCodes.includes(query.site ?? '')
            ? (query.site ?? '')
            : (viewer.siteCodes[0] ?? '');
      // All the user's teams: every site of theirs, under the same need-to-know scope as one (never more).
      const where = site === ALL_TEAMS ? { sites: [...viewer.siteCodes] } : { site };
      const filter = { ...where, outcome: query.outcome, ...statusesOf(query.status) };
      const now = clock();
      const rows = await referralService.list(
        db,
        viewer,
        { ...filter, limit: QUEUE_PAGE_SIZE, offset: (query.page - 1) * QUEUE_PAGE_SIZE },
        query.sort,
      );
      const total = await referralService.count(db, viewer, filter);
      const overdueCount = await referralService.count(db, viewer, { ...where, overdueAt: now });
      return presentQueue({
        viewer,
        rows,
        total,
        overdueCount,
        query: { ...query, site },
        now,
        sites,
        pageSize: QUEUE_PAGE_SIZE,
      });
    },
  };
}

export type ScreeningService = ReturnType<typeof createScreeningService>;
