// The verbs of referral intake: evaluate (dry run), submit, read, list, answer a request for information.
// Each takes the transaction it runs in; the route opens it (one service call inside one transaction).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import { referrals, informationRequests } from '../db/schema.ts';
import type { CoreServices } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { actorOf } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Forbidden, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { evaluateEligibility } from '../eligibility/engine.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import type { EligibilityFacts } from '../eligibility/facts.ts';
import type { ReferralBody } from './schema.ts';
import { resolvePerson, possibleDuplicatesFor } from '../people/personMatcher.ts';
import * as repo from './referralRepository.ts';
import { presentReferral, referralPerson, type ReferralView } from './presenter.ts';
import { notifyUsers } from '../notifications/notificationService.ts';
import { siteManagerIds } from '../auth/userRepository.ts';

export const REFERRAL_STATUSES = ['awaiting_screening', 'information_requested', 'accepted', 'declined'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Priority groups 1 and 2 (national security, extremism) are need-to-know from intake (PRODUCT.md "Standards"). */
export function restrictedFromIntake(priorityGroup: number | null | undefined): boolean {
  return priorityGroup === 1 || priorityGroup === 2;
}

/** The reason a site's managers read on a referral restricted because of the person's other records. */
const PERSON_NEED_TO_KNOW = 'The person has need-to-know records elsewhere, so this referral is restricted with them.';

export function createReferralService({ sites, clock }: CoreServices) {
  function evaluate(body: EligibilityFacts, now: Date): EligibilityResult {
    const site = body.site ? sites.get(body.site) : undefined;
    if (!site) throw new ValidationFailed([{ field: 'site', message: 'Choose a site from GET /api/v1/sites' }]);
    return evaluateEligibility(body, site, now, sites.all());
  }

  /** `fresh`: a referral just made, which has no questions yet and, for a new person, no earlier referrals. */
  async function view(
    db: Queryable,
    viewer: Viewer,
    row: repo.ReferralRow,
    fresh?: { newPerson: boolean },
  ): Promise<ReferralView> {
    const duplicates = await possibleDuplicatesFor(db, viewer, row.personId, referralPerson(row));
    const earlier = fresh?.newPerson ? [] : await repo.otherVisibleReferralsOfPerson(db, viewer, row.personId, row.id);
    const requests = fresh ? [] : await repo.informationRequestsFor(db, row.id);
    const personEpisodes = fresh?.newPerson ? [] : await repo.visibleEpisodesOfPerson(db, viewer, row.personId);
    return presentReferral(row, {
      viewer,
      duplicates,
      earlierReferrals: earlier,
      informationRequests: requests,
      episodes: personEpisodes,
      site: sites.get(row.siteCode),
    });
  }

  return {
    evaluate,

    async submit(db: Queryable, viewer: Viewer, body: ReferralBody): Promise<ReferralView> {
      if (!can(viewer, 'refer')) throw new Forbidden('Your role cannot make referrals');
      const now = clock();
      const site = sites.get(body.site)!;
      const eligibility = evaluate(body, now);
      const policy = site.policies.find((p) => p.version === eligibility.policyVersion)!;
      const person = await resolvePerson(db, viewer, body.person, now);
      const { personId, joined } = person;
      const [{ n }] = rowsOf<{ n: string }>(
        await db.execute(sql`select nextval('referral_reference_seq')::text as n`),
      ) as [{ n: string }];
      const id = randomUUID();
      const reference = `RC-${n}`;
      const restrictionSource = restrictedFromIntake(body.priorityGroup)
        ? 'priority_group'
        : person.needToKnow
          ? 'person'
          : null;
      const restricted = restrictionSource !== null;
      const [row] = await db
        .insert(referrals)
        .values({
          id,
          reference,
          siteCode: site.code,
          personId,
          givenName: body.person.givenName,
          familyName: body.person.familyName,
          dateOfBirth: body.person.dateOfBirth,
          submittedBy: viewer.id,
          status: 'awaiting_screening',
          sourceType: body.source.type,
          receivedAt: now,
          screeningDueAt: new Date(now.getTime() + policy.screeningHours * 3_600_000),
          details: body,
          eligibility,
          outcome: eligibility.outcome,
          priorityGroup: eligibility.priorityGroup,
          restricted,
          restrictionSource,
          restrictedReason: restrictionSource === 'person' ? PERSON_NEED_TO_KNOW : null,
          version: 1,
          updatedAt: now,
        })
        .returning();
      await repo.addTimelineEvent(db, {
        at: now,
        personId,
        referralId: id,
        actorId: viewer.id,
        kind: 'referral.received',
        summary: `Referral received from ${viewer.name}${viewer.organisation ? ` (${viewer.organisation})` : ''}. Eligibility: ${eligibility.outcome}.`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.submitted',
          recordType: 'referral',
          recordId: id,
          details: {
            site: site.code,
            outcome: eligibility.outcome,
            policyVersion: eligibility.policyVersion,
            restricted,
            ...(restrictionSource ? { restrictionSource } : {}),
          },
        },
        now,
      );
      // Which person record it joined is the system's own business, audited against the person, not shown
      // in the referral's access log (a site's managers may not see the person's other records).
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: joined ? 'person.referral_joined' : 'person.created',
          recordType: 'person',
          recordId: personId,
          details: { referralId: id, needToKnow: person.needToKnow },
        },
        now,
      );
      if (restrictionSource === 'person') {
        await notifyUsers(
          db,
          await siteManagerIds(db, site.code),
          now,
          'referral_restricted',
          `Referral ${reference} was restricted when it arrived: the person has need-to-know records. Only this site’s managers can see it until you grant access.`,
          `/referrals/${id}`,
        );
      }
      return view(db, viewer, row!, { newPerson: !joined });
    },

    /**
     * Reads one referral the viewer may see, and audits the read (PRODUCT.md: every access is audited).
     * The audit event is committed before anything is shown; outside a transaction it commits on its own.
     */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<ReferralView> {
      const found = await repo.findVisibleReferral(db, viewer, id);
      if (!found) throw new NotFound();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral.viewed', recordType: 'referral', recordId: found.id },
        clock(),
      );
      return view(db, viewer, found);
    },

    async list(
      db: Queryable,
      viewer: Viewer,
      filter: repo.ReferralFilter,
      order?: Parameters<typeof repo.listVisibleReferrals>[3],
    ) {
      const rows = await repo.listVisibleReferrals(db, viewer, filter, order);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral.listed', details: { filter, count: rows.length } },
        clock(),
      );
      return rows;
    },

    async answerInformationRequest(
      db: Queryable,
      viewer: Viewer,
      id: string,
      answer: string,
      expectedVersion?: number,
    ): Promise<ReferralView> {
      const row = await repo.findVisibleReferral(db, viewer, id);
      if (!row) throw new NotFound();
      if (!can(viewer, 'answerInformationRequest', row))
        throw new Forbidden('There is no question waiting for your answer on this referral');
      const now = clock();
      const open = await repo.openInformationRequest(db, id);
      if (!open) throw new Forbidden('There is no question waiting for your answer on this referral');
      // The screening clock was paused while waiting: the time spent waiting is added back to the deadline.
      const pausedFor = row.screeningPausedAt ? now.getTime() - row.screeningPausedAt.getTime() : 0;
      const updated = await repo.updateReferralIfVersion(db, id, expectedVersion ?? row.version, {
        status: 'awaiting_screening',
        screeningPausedAt: null,
        screeningDueAt: new Date(row.screeningDueAt.getTime() + pausedFor),
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await db
        .update(informationRequests)
        .set({ answer, answeredBy: viewer.id, answeredAt: now })
        .where(sql`${informationRequests.id} = ${open.id}`);
      await repo.addTimelineEvent(db, {
        at: now,
        personId: row.personId,
        referralId: id,
        actorId: viewer.id,
        kind: 'referral.information_given',
        summary: 'The referrer answered the request for more information. The screening clock restarted.',
      });
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral.information_given', recordType: 'referral', recordId: id },
        now,
      );
      return view(db, viewer, updated);
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
