// The verbs of allocation (issue "Allocation and caseload"; PRODUCT.md journey step 4: "allocation to a
// lead worker (+ others), caseload limits"): the lead worker, and co-workers joining and leaving. Each takes
// the transaction it runs in; the route opens it. Who may do what is access/policies/allocation.ts; the
// workers' loads, the team view and the Workers page are teamService.ts.
//
// Decisions:
// - The lead worker must be an active practitioner or manager of the episode's site (400 on leadWorkerId).
//   Going over the site's maximum is a warning in the answer (`caseloadWarning`), never a refusal.
// - A new lead who was a co-worker stops being one (one part each); the row is kept as history.
// - Co-workers must be active staff of the site, and able to see the episode: a restricted episode
//   (need-to-know) needs a manager's grant by name first, so the answer is 409 until then.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { isUuid } from '../http/ids.ts';
import type { EpisodeStatus } from '../episodes/phases.ts';
import * as repo from './repository.ts';
import { caseloadLoad, caseloadWarning, maxCaseloadFor } from './caseloadLimits.ts';
import { presentCoWorker, type CoWorkerView } from './presenter.ts';
import type { CoWorkerBody } from './schema.ts';

/** An episode as the episode service shows it (GET /api/v1/episodes/{id}): what allocation reads of it. */
export interface AllocationEpisode {
  id: string;
  site: string;
  referralId: string;
  personId: string;
  leadWorkerId: string | null;
  version: number;
  status: EpisodeStatus;
}

/**
 * What allocation needs of episodes (services.ts wires the episode service in): the episode the viewer may
 * see, as the API shows it, or undefined (404). Not audited: allocation audits its own reads and changes.
 */
export interface AllocationEpisodes {
  find(db: Queryable, viewer: Viewer, id: string): Promise<AllocationEpisode | undefined>;
}

export interface AllocationDeps {
  sites: SiteCatalogue;
  clock: Clock;
  timeline: TimelineWriter;
  episodes: AllocationEpisodes;
  /** Who a user is, as a request of theirs would be (auth's loadViewer): can a co-worker see the episode? */
  viewerOf(db: Queryable, userId: string, asOf: Date): Promise<Viewer | undefined>;
}

export function createAllocationService({ sites, clock, timeline, episodes, viewerOf }: AllocationDeps) {
  async function visibleOrThrow(db: Queryable, viewer: Viewer, id: string): Promise<AllocationEpisode> {
    const episode = await episodes.find(db, viewer, id);
    if (!episode) throw new NotFound();
    return episode;
  }

  const teamFacts = (e: AllocationEpisode) => ({ siteCode: e.site, leadWorkerId: e.leadWorkerId });

  async function coWorkersOf(db: Queryable, episodeId: string): Promise<CoWorkerView[]> {
    return (await repo.coWorkersOf(db, episodeId)).map((r) => presentCoWorker(r.coWorker, r.name));
  }

  return {
    /** PUT allocation: the new lead (or null), with a warning when it takes them over the site's maximum. */
    async allocate(db: Queryable, viewer: Viewer, id: string, leadWorkerId: string | null, expectedVersion: number) {
      const episode = await visibleOrThrow(db, viewer, id);
      authorize(viewer, 'allocate', { ...teamFacts(episode), to: leadWorkerId });
      if (expectedVersion !== episode.version) throw new StaleVersion();
      const now = clock();
      if (leadWorkerId !== null && !(await repo.isStaffOfSite(db, leadWorkerId, episode.site))) {
        throw new ValidationFailed([
          { field: 'leadWorkerId', message: 'Must be an active practitioner or manager of the episode’s site' },
        ]);
      }
      if (leadWorkerId === episode.leadWorkerId) return { episode, caseloadWarning: null };
      const updated = await repo.setLeadWorker(db, episode.id, expectedVersion, leadWorkerId, now);
      if (!updated) throw new StaleVersion();
      const names = await repo.namesOf(
        db,
        [leadWorkerId, episode.leadWorkerId].filter((v): v is string => v !== null),
      );
      let summary =
        leadWorkerId === null
          ? `${names.get(episode.leadWorkerId ?? '') ?? 'The lead worker'} is no longer the lead worker: the episode is unallocated.`
          : `Allocated to ${names.get(leadWorkerId) ?? 'a worker'} as lead worker.`;
      if (leadWorkerId !== null) {
        const asCoWorker = await repo.activeCoWorkerRow(db, episode.id, leadWorkerId);
        if (asCoWorker) {
          await repo.endCoWorker(db, asCoWorker.id, viewer.id, now);
          summary += ` They were a co-worker (${asCoWorker.role}) until now.`;
        }
      }
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'episode.allocated',
        summary,
      });
      let warning: string | null = null;
      if (leadWorkerId !== null) {
        const load = caseloadLoad(
          (await repo.leadCounts(db, viewer, episode.site)).get(leadWorkerId) ?? 0,
          maxCaseloadFor(sites.get(episode.site), now),
        );
        warning = caseloadWarning(names.get(leadWorkerId) ?? 'The lead worker', load);
      }
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.allocated',
          recordType: 'episode',
          recordId: episode.id,
          details: {
            before: { leadWorkerId: episode.leadWorkerId, version: episode.version },
            after: { leadWorkerId, version: updated.version },
            caseloadWarning: warning,
          },
        },
        now,
      );
      // As the viewer sees it now: they still may (a manager of the site, or its new lead).
      return { episode: await visibleOrThrow(db, viewer, id), caseloadWarning: warning };
    },

    async coWorkers(db: Queryable, viewer: Viewer, id: string): Promise<CoWorkerView[]> {
      const episode = await visibleOrThrow(db, viewer, id);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.co_workers_viewed', recordType: 'episode', recordId: episode.id },
        clock(),
      );
      return coWorkersOf(db, episode.id);
    },

    async addCoWorker(db: Queryable, viewer: Viewer, id: string, body: CoWorkerBody): Promise<CoWorkerView> {
      const episode = await visibleOrThrow(db, viewer, id);
      authorize(viewer, 'addCoWorker', teamFacts(episode));
      const now = clock();
      if (!(await repo.isStaffOfSite(db, body.userId, episode.site))) {
        throw new ValidationFailed([
          { field: 'userId', message: 'Must be an active practitioner or manager of the episode’s site' },
        ]);
      }
      const name = (await repo.namesOf(db, [body.userId])).get(body.userId) ?? 'This worker';
      if (body.userId === episode.leadWorkerId) throw new Conflict(`${name} is the episode’s lead worker.`);
      if (await repo.activeCoWorkerRow(db, episode.id, body.userId))
        throw new Conflict(`${name} is already a co-worker on this episode.`);
      if (episode.status === 'closed')
        throw new Conflict('This episode of care is closed: reopen it before adding a co-worker.');
      const worker = await viewerOf(db, body.userId, now);
      if (!worker || !(await episodes.find(db, worker, episode.id))) {
        throw new Conflict(
          `This episode is restricted (need to know): a manager must grant ${name} access to the referral by name before they join.`,
        );
      }
      const added = await repo.insertCoWorker(db, {
        id: randomUUID(),
        episodeId: episode.id,
        userId: body.userId,
        role: body.role,
        addedBy: viewer.id,
        addedAt: now,
      });
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'episode.co_worker_added',
        summary: `${name} joined as ${body.role}.`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.co_worker_added',
          recordType: 'episode',
          recordId: episode.id,
          details: { coWorkerId: added.id, userId: body.userId, role: body.role },
        },
        now,
      );
      return presentCoWorker(added, name);
    },

    async removeCoWorker(db: Queryable, viewer: Viewer, id: string, coWorkerId: string): Promise<CoWorkerView> {
      const episode = await visibleOrThrow(db, viewer, id);
      const existing = isUuid(coWorkerId) ? await repo.coWorkerRow(db, episode.id, coWorkerId) : undefined;
      if (!existing) throw new NotFound();
      authorize(viewer, 'removeCoWorker', { ...teamFacts(episode), coWorkerUserId: existing.userId });
      const now = clock();
      const ended = await repo.endCoWorker(db, existing.id, viewer.id, now);
      const name = (await repo.namesOf(db, [existing.userId])).get(existing.userId) ?? 'A co-worker';
      if (!ended) throw new Conflict(`${name} had already left this episode’s team.`);
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'episode.co_worker_removed',
        summary: `${name} is no longer a co-worker (${existing.role}).`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.co_worker_removed',
          recordType: 'episode',
          recordId: episode.id,
          details: { coWorkerId: existing.id, userId: existing.userId, role: existing.role },
        },
        now,
      );
      return presentCoWorker(ended, name);
    },
  };
}

export type AllocationService = ReturnType<typeof createAllocationService>;
