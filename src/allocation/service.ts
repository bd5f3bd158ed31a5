// The verbs of allocation (issue "Allocation and caseload"; PRODUCT.md journey step 4: "allocation to a
// lead worker (+ others), caseload limits"). Each takes the transaction it runs in; the route opens it.
//
// Decisions:
// - Managers of the site allocate. A practitioner may take an unallocated episode for themselves, and
//   nothing else: handing a case to a colleague or taking one from them is a manager's call.
// - The lead worker must be an active practitioner or manager of the episode's site (400 on leadWorkerId).
//   Going over the site's maximum is a warning in the answer (`caseloadWarning`), never a refusal.
// - A new lead who was a co-worker stops being one (one part each); the row is kept as history.
// - Co-workers are added and removed by the site's managers and by the episode's lead worker; a co-worker
//   may also leave. They must be active staff of the site, and able to see the episode: a restricted
//   episode (need-to-know) needs a manager's grant by name first, so the answer is 409 until then.
// - Loads count only episodes the viewer may see (referralScope in the query). Managers see all of their
//   site's episodes, so the team view a manager allocates from is complete; a practitioner's view of a
//   colleague's load leaves out restricted episodes rather than hint that they exist.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, Forbidden, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce } from '../sites/policy.ts';
import { isUuid } from '../http/ids.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { loadViewer } from '../auth/userRepository.ts';
import { episodePhase } from '../episodes/phases.ts';
import * as episodeRepo from '../episodes/episodeRepository.ts';
import { presentEpisode, type EpisodeView } from '../episodes/presenter.ts';
import { canWorkAt, userNames } from '../episodes/episodeDisplay.ts';
import * as repo from './allocationRepository.ts';
import { caseloadLoad, caseloadWarning, maxCaseloadFor, type CaseloadLoad } from './caseloadLimits.ts';
import type { CoWorkerBody } from './schema.ts';

export interface CoWorkerView {
  id: string;
  episodeId: string;
  userId: string;
  name: string;
  role: string;
  active: boolean;
  addedBy: string;
  addedAt: string;
  removedBy: string | null;
  removedAt: string | null;
}

export interface WorkerLoad extends CaseloadLoad {
  id: string;
  name: string;
  role: string | null;
  active: boolean;
  coWorkingCount: number;
}

export interface TeamView {
  site: string;
  maxCaseloadPerWorker: number | null;
  workers: WorkerLoad[];
  unallocatedCount: number;
  unallocated: { episodeId: string; referralId: string; reference: string; name: string; openedOn: string }[];
}

const UNALLOCATED_SHOWN = 100;

function presentCoWorker(row: repo.CoWorkerRow, name: string): CoWorkerView {
  return {
    id: row.id,
    episodeId: row.episodeId,
    userId: row.userId,
    name,
    role: row.role,
    active: row.removedAt === null,
    addedBy: row.addedBy,
    addedAt: row.addedAt.toISOString(),
    removedBy: row.removedBy,
    removedAt: row.removedAt?.toISOString() ?? null,
  };
}

export function createAllocationService({ sites, clock }: Core) {
  async function visibleOrThrow(db: Queryable, viewer: Viewer, id: string) {
    const row = await episodeRepo.findVisibleEpisode(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  async function presented(db: Queryable, row: episodeRepo.EpisodeRow, now: Date): Promise<EpisodeView> {
    const site = sites.get(row.siteCode);
    const policy = site ? (policyInForce(site, now) ?? site.policies.at(-1)) : undefined;
    if (!policy) throw new Error(`Site ${row.siteCode} has no policy`);
    const events = (await episodeRepo.eventsOf(db, [row.id])).map(episodeRepo.toEpisodeEvent);
    const phase = episodePhase(
      {
        openedOn: row.openedOn,
        events,
        preReleaseMonths: policy.preReleaseMonths,
        postReleaseMonths: policy.postReleaseMonths,
      },
      londonDate(now),
    );
    return presentEpisode(row, phase);
  }

  /** The lead load of every worker of the site the viewer may see (staff, and anyone still leading open episodes). */
  async function workerLoads(db: Queryable, viewer: Viewer, siteCode: string, now: Date) {
    const today = londonDate(now);
    const max = maxCaseloadFor(sites.get(siteCode), now);
    const [staff, leads, coWorking] = [
      await repo.siteStaff(db, siteCode),
      await repo.leadCounts(db, viewer, siteCode, today),
      await repo.coWorkingCounts(db, viewer, siteCode, today),
    ];
    const known = new Set(staff.map((s) => s.id));
    const others = [...leads.keys(), ...coWorking.keys()].filter((id): id is string => id !== null && !known.has(id));
    const otherNames = await userNames(db, others);
    const workers: WorkerLoad[] = [
      ...staff.map((s) => ({ id: s.id, name: s.name, role: s.role, active: true })),
      ...[...new Set(others)].map((id) => ({ id, name: otherNames.get(id) ?? 'Unknown', role: null, active: false })),
    ].map((w) => ({ ...w, ...caseloadLoad(leads.get(w.id) ?? 0, max), coWorkingCount: coWorking.get(w.id) ?? 0 }));
    return { max, workers, unallocatedCount: leads.get(null) ?? 0 };
  }

  return {
    workerLoads,

    /** PUT allocation: the new lead (or null), with a warning when it takes them over the site's maximum. */
    async allocate(db: Queryable, viewer: Viewer, id: string, leadWorkerId: string | null, expectedVersion: number) {
      const row = await visibleOrThrow(db, viewer, id);
      if (!canWorkAt(viewer, row.siteCode)) throw new Forbidden('Only the site’s managers allocate episodes of care');
      const takingUnallocated = row.leadWorkerId === null && leadWorkerId === viewer.id;
      if (viewer.role !== 'manager' && !takingUnallocated) {
        throw new Forbidden(
          'Only the site’s managers allocate episodes of care; a practitioner may take an unallocated episode for themselves',
        );
      }
      if (expectedVersion !== row.version) throw new StaleVersion();
      const now = clock();
      if (leadWorkerId !== null && !(await episodeRepo.isStaffOfSite(db, leadWorkerId, row.siteCode))) {
        throw new ValidationFailed([
          { field: 'leadWorkerId', message: 'Must be an active practitioner or manager of the episode’s site' },
        ]);
      }
      if (leadWorkerId === row.leadWorkerId) return { episode: await presented(db, row, now), caseloadWarning: null };
      const updated = await repo.setLeadWorker(db, row.id, expectedVersion, leadWorkerId, now);
      if (!updated) throw new StaleVersion();
      const names = await userNames(
        db,
        [leadWorkerId, row.leadWorkerId].filter((v): v is string => v !== null),
      );
      let summary =
        leadWorkerId === null
          ? `${names.get(row.leadWorkerId ?? '') ?? 'The lead worker'} is no longer the lead worker: the episode is unallocated.`
          : `Allocated to ${names.get(leadWorkerId) ?? 'a worker'} as lead worker.`;
      if (leadWorkerId !== null) {
        const asCoWorker = await repo.activeCoWorkerRow(db, row.id, leadWorkerId);
        if (asCoWorker) {
          await repo.endCoWorker(db, asCoWorker.id, viewer.id, now);
          summary += ` They were a co-worker (${asCoWorker.role}) until now.`;
        }
      }
      await addTimelineEvent(db, {
        at: now,
        personId: row.personId,
        referralId: row.referralId,
        actorId: viewer.id,
        kind: 'episode.allocated',
        summary,
      });
      let warning: string | null = null;
      if (leadWorkerId !== null) {
        const today = londonDate(now);
        const load = caseloadLoad(
          (await repo.leadCounts(db, viewer, row.siteCode, today)).get(leadWorkerId) ?? 0,
          maxCaseloadFor(sites.get(row.siteCode), now),
        );
        warning = caseloadWarning(names.get(leadWorkerId) ?? 'The lead worker', load);
      }
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.allocated',
          recordType: 'episode',
          recordId: row.id,
          details: {
            before: { leadWorkerId: row.leadWorkerId, version: row.version },
            after: { leadWorkerId, version: updated.version },
            caseloadWarning: warning,
          },
        },
        now,
      );
      return { episode: await presented(db, updated, now), caseloadWarning: warning };
    },

    async coWorkers(db: Queryable, viewer: Viewer, id: string): Promise<CoWorkerView[]> {
      const row = await visibleOrThrow(db, viewer, id);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.co_workers_viewed', recordType: 'episode', recordId: row.id },
        clock(),
      );
      return (await repo.coWorkersOf(db, row.id)).map((r) => presentCoWorker(r.coWorker, r.name));
    },

    async addCoWorker(db: Queryable, viewer: Viewer, id: string, body: CoWorkerBody): Promise<CoWorkerView> {
      const row = await visibleOrThrow(db, viewer, id);
      if (!canWorkAt(viewer, row.siteCode) || (viewer.role !== 'manager' && row.leadWorkerId !== viewer.id)) {
        throw new Forbidden('Only the site’s managers and the episode’s lead worker add co-workers');
      }
      const now = clock();
      if (!(await episodeRepo.isStaffOfSite(db, body.userId, row.siteCode))) {
        throw new ValidationFailed([
          { field: 'userId', message: 'Must be an active practitioner or manager of the episode’s site' },
        ]);
      }
      const names = await userNames(db, [body.userId]);
      const name = names.get(body.userId) ?? 'This worker';
      if (body.userId === row.leadWorkerId) throw new Conflict(`${name} is the episode’s lead worker.`);
      if (await repo.activeCoWorkerRow(db, row.id, body.userId))
        throw new Conflict(`${name} is already a co-worker on this episode.`);
      if ((await presented(db, row, now)).status === 'closed')
        throw new Conflict('This episode of care is closed: reopen it before adding a co-worker.');
      const worker = await loadViewer(db, body.userId, now);
      if (!worker || !(await episodeRepo.findVisibleEpisode(db, worker, row.id))) {
        throw new Conflict(
          `This episode is restricted (need to know): a manager must grant ${name} access to the referral by name before they join.`,
        );
      }
      const added = await repo.insertCoWorker(db, {
        id: randomUUID(),
        episodeId: row.id,
        userId: body.userId,
        role: body.role,
        addedBy: viewer.id,
        addedAt: now,
      });
      await addTimelineEvent(db, {
        at: now,
        personId: row.personId,
        referralId: row.referralId,
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
          recordId: row.id,
          details: { coWorkerId: added.id, userId: body.userId, role: body.role },
        },
        now,
      );
      return presentCoWorker(added, name);
    },

    async removeCoWorker(db: Queryable, viewer: Viewer, id: string, coWorkerId: string): Promise<CoWorkerView> {
      const row = await visibleOrThrow(db, viewer, id);
      const existing = isUuid(coWorkerId) ? await repo.coWorkerRow(db, row.id, coWorkerId) : undefined;
      if (!existing) throw new NotFound();
      const leaving = existing.userId === viewer.id;
      if (
        !canWorkAt(viewer, row.siteCode) ||
        (viewer.role !== 'manager' && row.leadWorkerId !== viewer.id && !leaving)
      ) {
        throw new Forbidden('Only the site’s managers and the episode’s lead worker remove co-workers');
      }
      const now = clock();
      const ended = await repo.endCoWorker(db, existing.id, viewer.id, now);
      const name = (await userNames(db, [existing.userId])).get(existing.userId) ?? 'A co-worker';
      if (!ended) throw new Conflict(`${name} had already left this episode’s team.`);
      await addTimelineEvent(db, {
        at: now,
        personId: row.personId,
        referralId: row.referralId,
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
          recordId: row.id,
          details: { coWorkerId: existing.id, userId: existing.userId, role: existing.role },
        },
        now,
      );
      return presentCoWorker(ended, name);
    },

    /** The team view: managers of the site only. */
    async team(db: Queryable, viewer: Viewer, siteCode: string): Promise<TeamView> {
      if (viewer.role !== 'manager' || !viewer.siteCodes.includes(siteCode))
        throw new Forbidden('The team view is for the site’s managers');
      const now = clock();
      const { max, workers, unallocatedCount } = await workerLoads(db, viewer, siteCode, now);
      const unallocated =
        unallocatedCount === 0
          ? []
          : await repo.unallocatedEpisodes(db, viewer, siteCode, londonDate(now), UNALLOCATED_SHOWN);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'team.viewed', details: { site: siteCode, unallocatedCount } },
        now,
      );
      return {
        site: siteCode,
        maxCaseloadPerWorker: max,
        workers,
        unallocatedCount,
        unallocated: unallocated.map((u) => ({
          episodeId: u.episodeId,
          referralId: u.referralId,
          reference: u.reference,
          name: `${u.givenName} ${u.familyName}`,
          openedOn: u.openedOn,
        })),
      };
    },

    /** Everything the allocation page shows for one episode the viewer may see. */
    async allocationOf(db: Queryable, viewer: Viewer, id: string) {
      const row = await visibleOrThrow(db, viewer, id);
      const now = clock();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.allocation_viewed', recordType: 'episode', recordId: row.id },
        now,
      );
      const loads = await workerLoads(db, viewer, row.siteCode, now);
      const coWorkers = (await repo.coWorkersOf(db, row.id)).map((r) => presentCoWorker(r.coWorker, r.name));
      return { episode: await presented(db, row, now), ...loads, coWorkers };
    },
  };
}

export type AllocationService = ReturnType<typeof createAllocationService>;
