// The verbs of referral intake: evaluate (dry run), submit, answer a request for information; with the reads
// (readService.ts: read, list, count) they are the referral service. Each takes the transaction it runs in; the
// route opens it (one service call inside one transaction).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { Notify } from '../notifications/service.ts';
import type { PeopleService } from '../people/service.ts';
import type { TimelineService } from '../timeline/service.ts';
import type { AccessService } from '../access/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can } from '../access/policy.ts';
import { auditInsert, recordAudit } from '../audit/auditLog.ts';
import { Forbidden, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { evaluateEligibility } from '../eligibility/engine.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import type { EligibilityFacts } from '../eligibility/facts.ts';
import { policyInForce } from '../sites/policy.ts';
import type { ReferralBody } from './schema.ts';
import * as repo from './repository.ts';
import { createReferralReads } from './readService.ts';
import { presentReferral, type ReferralView } from './presenter.ts';
import { restrictionAtIntake, resumedScreeningDueAt, screeningDueAt } from './rules.ts';

/** The reason a site's managers read on a referral restricted because of the person's other records. */
const PERSON_NEED_TO_KNOW = 'The person has need-to-know records elsewhere, so this referral is restricted with them.';

/** A submission as worked out before its transaction (ReferralService prepareSubmission). */
export interface PreparedSubmission {
  body: ReferralBody;
  now: Date;
  site: SiteDefinition | undefined;
  eligibility: EligibilityResult | undefined;
}

export interface ReferralDeps {
  sites: SiteCatalogue;
  clock: Clock;
  people: PeopleService;
  notify: Notify;
  timeline: TimelineService;
  access: Pick<AccessService, 'grantsFor'>;
}

export function createReferralService({ sites, clock, people, notify, timeline, access }: ReferralDeps) {
  const { view, ...reads } = createReferralReads({ sites, clock, people, timeline, access });

  function evaluate(body: EligibilityFacts, now: Date): EligibilityResult {
    const site = body.site ? sites.get(body.site) : undefined;
    if (!site) throw new ValidationFailed([{ field: 'site', message: 'Choose a site from GET /api/v1/sites' }]);
    return evaluateEligibility(body, site, now, sites.all());
  }

  /**
   * What a submission works out before its transaction (it reads nothing): the moment, the site and its
   * policy, and the eligibility, so the transaction is held only for the reads and writes (issue 13).
   */
  function prepareSubmission(body: ReferralBody): PreparedSubmission {
    const now = clock();
    const site = sites.get(body.site);
    return { body, now, site, eligibility: site ? evaluateEligibility(body, site, now, sites.all()) : undefined };
  }

  async function submitPrepared(db: Queryable, viewer: Viewer, prepared: PreparedSubmission): Promise<ReferralView> {
    authorize(viewer, 'refer');
    const { body, now, site, eligibility } = prepared;
    if (!site || !eligibility)
      throw new ValidationFailed([{ field: 'site', message: 'Choose a site from GET /api/v1/sites' }]);
    const policy = policyInForce(site, now);
    if (!policy) throw new ValidationFailed([{ field: 'site', message: 'That site takes no referrals' }]);
    const person = await people.resolveWithDuplicates(db, viewer, body.person, now);
    const restrictionSource = restrictionAtIntake(body.priorityGroup, person.needToKnow);
    const restricted = restrictionSource !== null;
    const id = randomUUID();
    const actor = actorOf(viewer);
    // A new person's record, the timeline entry and the audit events are written by the referral's own insert
    // (one statement).
    const row = await repo.insertReferral(
      db,
      {
        id,
        siteCode: site.code,
        personId: person.personId,
        givenName: body.person.givenName,
        familyName: body.person.familyName,
        dateOfBirth: body.person.dateOfBirth,
        submittedBy: viewer.id,
        status: 'awaiting_screening',
        sourceType: body.source.type,
        receivedAt: now,
        screeningDueAt: screeningDueAt(now, policy.screeningHours),
        details: body,
        eligibility,
        outcome: eligibility.outcome,
        priorityGroup: eligibility.priorityGroup,
        restricted,
        restrictionSource,
        restrictedReason: restrictionSource === 'person' ? PERSON_NEED_TO_KNOW : null,
        version: 1,
        updatedAt: now,
      },
      [
        ...(person.insert ? [person.insert] : []),
        timeline.recordWith({
          at: now,
          personId: person.personId,
          referralId: id,
          actorId: viewer.id,
          kind: 'referral.received',
          summary: `Referral received from ${viewer.name}${viewer.organisation ? ` (${viewer.organisation})` : ''}. Eligibility: ${eligibility.outcome}.`,
        }),
        auditInsert(
          [
            {
              actor,
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
            // Which person record it joined is the system's own business, audited against the person, not
            // shown in the referral's access log (a site's managers may not see the person's other records).
            {
              actor,
              action: person.joined ? 'person.referral_joined' : 'person.created',
              recordType: 'person',
              recordId: person.personId,
              details: { referralId: id, needToKnow: person.needToKnow },
            },
          ],
          now,
        ),
      ],
    );
    if (restrictionSource === 'person') {
      await notify.siteManagers(db, site.code, now, {
        kind: 'referral_restricted',
        message: `Referral ${row.reference} was restricted when it arrived: the person has need-to-know records. Only this site’s managers can see it until you grant access.`,
        link: `/referrals/${row.id}`,
      });
    }
    // A new person has no other referrals or episodes, and its possible duplicates were read with the
    // candidates; a joined one is read as any referral is.
    if (person.duplicatesOfNew) {
      return presentReferral(row, {
        viewer,
        duplicates: person.duplicatesOfNew,
        earlierReferrals: [],
        informationRequests: [],
        episodes: [],
        site,
      });
    }
    return view(db, viewer, row, { newPerson: false });
  }

  return {
    ...reads,
    evaluate,

    /**
     * Submits a referral in the caller's transaction. `prepared`: the body as prepareSubmission worked it
     * out before the transaction began (the API does, so the transaction is not held for that work).
     */
    submit(
      db: Queryable,
      viewer: Viewer,
      body: ReferralBody,
      prepared: PreparedSubmission = prepareSubmission(body),
    ): Promise<ReferralView> {
      return submitPrepared(db, viewer, prepared);
    },

    prepareSubmission,

    async answerInformationRequest(
      db: Queryable,
      viewer: Viewer,
      id: string,
      answer: string,
      expectedVersion?: number,
    ): Promise<ReferralView> {
      const row = await repo.findVisibleReferral(db, viewer, id);
      if (!row) throw new NotFound();
      authorize(viewer, 'answerInformationRequest', row);
      const now = clock();
      const open = await repo.openInformationRequest(db, id);
      if (!open || !can(viewer, 'answerInformationRequest', row))
        throw new Forbidden('There is no question waiting for your answer on this referral');
      const updated = await repo.updateReferralIfVersion(db, id, expectedVersion ?? row.version, {
        status: 'awaiting_screening',
        screeningPausedAt: null,
        screeningDueAt: resumedScreeningDueAt(row.screeningDueAt, row.screeningPausedAt, now),
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await repo.recordAnswer(db, open.id, { answer, answeredBy: viewer.id, answeredAt: now });
      await timeline.record(db, {
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
