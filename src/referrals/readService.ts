// The reads of referrals: one referral with its view (the API, the page, FHIR's Patient), the lists and the
// counts, each within the viewer's need-to-know and audited (PRODUCT.md: every access is audited). The intake's
// verbs (service.ts) answer with the same view.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { PeopleService } from '../people/service.ts';
import type { TimelineService } from '../timeline/service.ts';
import type { AccessService } from '../access/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can } from '../access/policy.ts';
import { auditValues, recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
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
import { timelineKindsFor } from './rules.ts';
import { ALL_TEAMS, receivedRange, type TeamListForm } from './teamListForms.ts';
import { presentTeamList, TEAM_LIST_PAGE_SIZE } from './teamListPresenter.ts';

export interface ReferralReadDeps {
  sites: SiteCatalogue;
  clock: Clock;
  people: PeopleService;
  timeline: TimelineService;
  access: Pick<AccessService, 'grantsFor'>;
}

export function createReferralReads({ sites, clock, people, timeline, access }: ReferralReadDeps) {
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

  return {
    view,

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
  };
}

export type ReferralReads = ReturnType<typeof createReferralReads>;
