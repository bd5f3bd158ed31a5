// The caseload (issue "Allocation and caseload": "My caseload: a practitioner's cases with phase, days to
// release or since release, last contact, next action, sortable"). A page of 50 rows at a time: the rows and
// their order come from caseloadQueries.ts, the phase of each row shown from episodes/phases.ts (never
// stored), and the read is audited.
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce } from '../sites/policy.ts';
import { Forbidden } from '../http/errors.ts';
import { episodePhase } from '../episodes/phases.ts';
import { eventsOf, toEpisodeEvent } from '../episodes/episodeRepository.ts';
import type { EpisodeView } from '../episodes/presenter.ts';
import { STATUS_TEXT, canWorkAt, releaseText } from '../episodes/episodeDisplay.ts';
import type { EpisodeEvent } from '../episodes/phases.ts';
import { contactSummariesFor } from '../episodes/contactQueries.ts';
import { nextActionsFor } from '../care/queries.ts';
import { caseloadPage, type Sort } from './caseloadQueries.ts';

export const PAGE_SIZE = 50;

export interface CaseloadQuery {
  site: string;
  worker: 'me' | 'all' | string;
  sort: Sort;
  page: number;
  includeClosed: boolean;
}

/** Release readiness of each episode, when a module provides it (the caseload leaves a column for it). */
export type ReadinessProvider = (db: Queryable, episodeIds: string[]) => Promise<ReadonlyMap<string, string>>;

export interface CaseloadRow {
  episodeId: string;
  referralId: string;
  reference: string;
  name: string;
  status: EpisodeView['status'];
  statusText: string;
  releaseText: string;
  expectedReleaseDate: string | null;
  releasedOn: string | null;
  daysToRelease: number | null;
  daysSinceRelease: number | null;
  leadWorker: { id: string; name: string } | null;
  coWorkerRole: string | null;
  lastContact: { at: string; outcome: string } | null;
  didNotAttendLast30Days: number;
  nextAction: { description: string; dueOn: string | null } | null;
  readiness?: string | undefined;
}

export interface Caseload {
  site: string;
  worker: string;
  sort: Sort;
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  items: CaseloadRow[];
}

export function createCaseloadService({ sites, clock }: Core, options: { readinessFor?: ReadinessProvider } = {}) {
  return {
    hasReadiness: options.readinessFor !== undefined,

    async caseload(db: Queryable, viewer: Viewer, query: CaseloadQuery): Promise<Caseload> {
      if (!canWorkAt(viewer, query.site))
        throw new Forbidden('The caseload is for the site’s practitioners and managers');
      const now = clock();
      const today = londonDate(now);
      const site = sites.get(query.site);
      const policy = site ? (policyInForce(site, now) ?? site.policies.at(-1)) : undefined;
      if (!policy) throw new Error(`Site ${query.site} has no policy`);
      const worker = query.worker === 'me' ? viewer.id : query.worker;
      const filter = {
        site: query.site,
        worker,
        includeClosed: query.includeClosed,
        sort: query.sort,
        page: query.page,
        pageSize: PAGE_SIZE,
        today,
        preReleaseMonths: policy.preReleaseMonths,
      };
      let page = filter.page;
      let rows = await caseloadPage(db, viewer, filter);
      // Past the last page (the caseload shrank since the link was made): the first page instead.
      if (!rows.length && page > 1) {
        page = 1;
        rows = await caseloadPage(db, viewer, { ...filter, page });
      }
      const ids = rows.map((r) => r.id);
      const [contacts, actions, events, readiness] = [
        await contactSummariesFor(db, ids, now),
        await nextActionsFor(db, ids),
        await eventsOf(db, ids),
        options.readinessFor ? await options.readinessFor(db, ids) : undefined,
      ];
      const byEpisode = new Map<string, EpisodeEvent[]>();
      for (const e of events) byEpisode.set(e.episodeId, [...(byEpisode.get(e.episodeId) ?? []), toEpisodeEvent(e)]);
      const items = rows.map((r): CaseloadRow => {
        const phase = episodePhase(
          {
            openedOn: r.openedOn,
            events: byEpisode.get(r.id) ?? [],
            preReleaseMonths: policy.preReleaseMonths,
            postReleaseMonths: policy.postReleaseMonths,
          },
          today,
        );
        const contact = contacts.get(r.id);
        const view = {
          status: phase.status,
          daysToRelease: phase.daysToRelease,
          daysSinceRelease: phase.daysSinceRelease,
        };
        return {
          episodeId: r.id,
          referralId: r.referralId,
          reference: r.reference,
          name: `${r.givenName} ${r.familyName}`,
          status: phase.status,
          statusText: STATUS_TEXT[phase.status],
          releaseText: releaseText(view as EpisodeView),
          expectedReleaseDate: phase.expectedReleaseDate,
          releasedOn: phase.releasedOn,
          daysToRelease: phase.daysToRelease,
          daysSinceRelease: phase.daysSinceRelease,
          leadWorker: r.leadWorkerId ? { id: r.leadWorkerId, name: r.leadName ?? 'Unknown' } : null,
          coWorkerRole: r.coWorkerRole,
          lastContact:
            contact?.lastContactAt && contact.lastOutcome
              ? { at: contact.lastContactAt.toISOString(), outcome: contact.lastOutcome }
              : null,
          didNotAttendLast30Days: contact?.didNotAttendLast30Days ?? 0,
          nextAction: actions.get(r.id) ?? null,
          ...(readiness ? { readiness: readiness.get(r.id) } : {}),
        };
      });
      const total = rows[0]?.total ?? 0;
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'caseload.viewed',
          details: { site: query.site, worker, sort: query.sort, page, count: items.length },
        },
        now,
      );
      return {
        site: query.site,
        worker,
        sort: query.sort,
        page,
        pageSize: PAGE_SIZE,
        total,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        items,
      };
    },
  };
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;
