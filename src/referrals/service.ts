// The verbs of referral intake: evaluate (dry run), submit, read, list, answer a request for information.
// Each takes the transaction it runs in; the route opens it (one service call inside one transaction).
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
import { auditInsert, auditValues, recordAudit } from '../audit/auditLog.ts';
import { Forbidden, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { evaluateEligibility } from '../eligibility/engine.ts';
import type { EligibilityResult } from '../eligibility/types.ts';
import type { EligibilityFacts } from '../eligibility/facts.ts';
import { policyInForce } from '../sites/policy.ts';
import type { ReferralBody } from './schema.ts';
import * as repo from './repository.ts';
import { readVisibleReferralWithView } from './viewRepository.ts';
import {
  presentNamedPerson,
  presentReferral,
  presentReferralPage,
  referralPerson,
  type NamedPersonView,
  type ReferralView,
} from './presenter.ts';
import { restrictionAtIntake, resumedScreeningDueAt, screeningDueAt, timelineKindsFor } from './rules.ts';
import { ALL_TEAMS, receivedRange, type TeamListForm } from './teamListForms.ts';
import { presentTeamList, TEAM_LIST_PAGE_SIZE } from './teamListPresenter.ts';

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
    const duplicates = await people.possibleDuplicates(db, viewer, row.personId, referralPerson(row));
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

  /**
   * A referral the viewer may see with its view, and the audit of the read, in one statement
   * (viewRepository.ts readVisibleReferralWithView): one write, so it needs no transaction around it, and the
   * event is committed before anything is shown.
   */
  async function readWithView(db: Queryable, viewer: Viewer, id: string) {
    const found = await readVisibleReferralWithView(
      db,
      viewer,
      id,
      // The id as the database spells it (lower case), as every other event records a referral.
      auditValues(
        { actor: actorOf(viewer), action: 'referral.viewed', recordType: 'referral', recordId: id.toLowerCase() },
        clock(),
      ),
    );
    if (!found) throw new NotFound();
    const { row } = found;
    const view = presentReferral(row, {
      viewer,
      duplicates: people.duplicatesAmong(referralPerson(row), found.candidates),
      earlierReferrals: found.earlierReferrals,
      informationRequests: found.informationRequests,
      episodes: found.episodes,
      site: sites.get(row.siteCode),
    });
    return { row, view };
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

    /**
     * Reads one referral the viewer may see, and audits the read (PRODUCT.md: every access is audited).
     * The audit event is committed before anything is shown; outside a transaction it commits on its own.
     */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<ReferralView> {
      return (await readWithView(db, viewer, id)).view;
    },

    /**
     * The person as each of these referrals names them, for those the viewer may see, in the order asked:
     * each audited as `read` audits its referral, without the rest of the referral's view (FHIR's Patient).
     */
    async namedPeople(db: Queryable, viewer: Viewer, ids: readonly string[]): Promise<NamedPersonView[]> {
      const rows = await repo.findVisibleNamedPeople(db, viewer, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const found = [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
      for (const row of found)
        await recordAudit(
          db,
          { actor: actorOf(viewer), action: 'referral.viewed', recordType: 'referral', recordId: row.id },
          clock(),
        );
      return found.map(presentNamedPerson);
    },

    /** The referral page, read once: the referral, its timeline, and (for its managers) who has access. */
    async page(db: Queryable, viewer: Viewer, id: string) {
      const { row, view } = await readWithView(db, viewer, id);
      const facts = {
        siteCode: row.siteCode,
        submittedBy: row.submittedBy,
        restricted: row.restricted,
        status: row.status,
      };
      return presentReferralPage({
        view,
        facts,
        viewer,
        timeline: await timeline.ofReferral(db, id, timelineKindsFor(can(viewer, 'viewScreeningQueue'))),
        grants: can(viewer, 'manageNeedToKnow', facts) ? await access.grantsFor(db, viewer, id) : [],
        model: sites.get(row.siteCode)?.model,
      });
    },

    async list(db: Queryable, viewer: Viewer, filter: repo.ReferralFilter, order?: repo.ReferralOrder) {
      const rows = await repo.listVisibleReferrals(db, viewer, filter, order);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral.listed', details: { filter, count: rows.length } },
        clock(),
      );
      return rows;
    },

    /**
     * The team's referral list (issue 10, "Referrals for staff"): every referral of the viewer's sites they
     * may see (the same scope as every list), not only those they sent, filtered by status, eligibility and
     * when it was received, newest first, a page at a time; audited as a list.
     */
    async teamList(db: Queryable, viewer: Viewer, form: TeamListForm) {
      authorize(viewer, 'viewScreeningQueue');
      const asked = form.query.site;
      const site =
        asked === ALL_TEAMS && viewer.siteCodes.length > 1
          ? ALL_TEAMS
          : viewer.siteCodes.includes(asked)
            ? asked
            : (viewer.siteCodes[0] ?? '');
      const filter: repo.ReferralFilter = {
        ...(site === ALL_TEAMS ? { sites: [...viewer.siteCodes] } : { site }),
        status: form.query.status,
        outcome: form.query.outcome,
        ...receivedRange(form.query),
      };
      const total = await repo.countVisibleReferrals(db, viewer, filter);
      const pages = Math.max(1, Math.ceil(total / TEAM_LIST_PAGE_SIZE));
      const query = { ...form.query, site, page: Math.min(form.query.page, pages) };
      const rows = await repo.listVisibleReferrals(db, viewer, {
        ...filter,
        limit: TEAM_LIST_PAGE_SIZE,
        offset: (query.page - 1) * TEAM_LIST_PAGE_SIZE,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral.listed',
          details: {
            filter: { site, status: query.status, outcome: query.outcome, from: query.from, to: query.to },
            page: query.page,
            count: rows.length,
          },
        },
        clock(),
      );
      const teamName = (code: string) => sites.get(code)?.name ?? 'Another team';
      return presentTeamList({ form, query, rows, total, viewer, teamName });
    },

    /** How many the viewer may see, for a page's counts (the same scope as the list, so never a hidden one). */
    count: (db: Queryable, viewer: Viewer, filter: repo.ReferralFilter) =>
      repo.countVisibleReferrals(db, viewer, filter),

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
