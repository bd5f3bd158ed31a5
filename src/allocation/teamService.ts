// Who works on what (issue "Allocation and caseload": "a site sets a maximum caseload per worker and the
// team view shows each worker's load against it, so a manager allocates with their eyes open"): every
// worker's load, the team view for a site's managers, and the episode's "Workers" part, each one call.
//
// Loads count only episodes the viewer may see (referralScope in the query). Managers see all of their
// site's episodes, so the team view a manager allocates from is complete; a practitioner's view of a
// colleague's load leaves out restricted episodes rather than hint that they exist.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
import * as repo from './repository.ts';
import { caseloadLoad, maxCaseloadFor } from './caseloadLimits.ts';
import {
  presentAllocationPage,
  presentCoWorker,
  presentTeam,
  presentTeamPage,
  type AllocationPageState,
  type TeamView,
  type WorkerLoad,
} from './presenter.ts';
import type { AllocationEpisodes } from './service.ts';

/** The unallocated episodes the team view lists, oldest first; the count covers them all. */
const UNALLOCATED_SHOWN = 100;

export interface TeamDeps {
  sites: SiteCatalogue;
  clock: Clock;
  episodes: AllocationEpisodes;
}

export function createTeamService({ sites, clock, episodes }: TeamDeps) {
  /** The lead load of every worker of the site the viewer may see (staff, and anyone still leading open episodes). */
  async function workerLoads(db: Queryable, viewer: Viewer, siteCode: string, now: Date) {
    const max = maxCaseloadFor(sites.get(siteCode), now);
    const staff = await repo.siteStaff(db, siteCode);
    const leads = await repo.leadCounts(db, viewer, siteCode);
    const coWorking = await repo.coWorkingCounts(db, viewer, siteCode);
    const known = new Set(staff.map((s) => s.id));
    const others = [...leads.keys(), ...coWorking.keys()].filter((id): id is string => id !== null && !known.has(id));
    const otherNames = await repo.namesOf(db, others);
    const workers: WorkerLoad[] = [
      ...staff.map((s) => ({ id: s.id, name: s.name, role: s.role, active: true })),
      ...[...new Set(others)].map((id) => ({ id, name: otherNames.get(id) ?? 'Unknown', role: null, active: false })),
    ].map((w) => ({ ...w, ...caseloadLoad(leads.get(w.id) ?? 0, max), coWorkingCount: coWorking.get(w.id) ?? 0 }));
    return { max, workers, unallocatedCount: leads.get(null) ?? 0 };
  }

  async function team(db: Queryable, viewer: Viewer, siteCode: string): Promise<TeamView> {
    authorize(viewer, 'viewTeam', { siteCode });
    const now = clock();
    const { max, workers, unallocatedCount } = await workerLoads(db, viewer, siteCode, now);
    const unallocated =
      unallocatedCount === 0 ? [] : await repo.unallocatedEpisodes(db, viewer, siteCode, UNALLOCATED_SHOWN);
    await recordAudit(
      db,
      { actor: actorOf(viewer), action: 'team.viewed', details: { site: siteCode, unallocatedCount } },
      now,
    );
    return presentTeam({ site: siteCode, max, workers, unallocatedCount, unallocated });
  }

  return {
    /** The team view (GET /api/v1/team): the site asked for, else the viewer's first; its managers only. */
    view: (db: Queryable, viewer: Viewer, siteCode: string | undefined) =>
      team(db, viewer, siteCode ?? viewer.siteCodes[0] ?? ''),

    /** The team page: the site asked for among those the viewer manages, else the first of them. */
    async page(db: Queryable, viewer: Viewer, requested: string | undefined) {
      const managed = viewer.siteCodes.filter((siteCode) => can(viewer, 'viewTeam', { siteCode }));
      const site = requested !== undefined && managed.includes(requested) ? requested : (managed[0] ?? '');
      return presentTeamPage({ team: await team(db, viewer, site), managed, sites });
    },

    /** The episode's "Workers" part: its lead worker and co-workers, every worker's load, what the viewer may change. */
    async workersPage(db: Queryable, viewer: Viewer, id: string, state: AllocationPageState = {}) {
      const episode = await episodes.find(db, viewer, id);
      if (!episode) throw new NotFound();
      const now = clock();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.allocation_viewed', recordType: 'episode', recordId: episode.id },
        now,
      );
      const loads = await workerLoads(db, viewer, episode.site, now);
      const facts = { siteCode: episode.site, leadWorkerId: episode.leadWorkerId };
      const coWorkers = (await repo.coWorkersOf(db, episode.id)).map((r) => presentCoWorker(r.coWorker, r.name));
      return presentAllocationPage({
        episode,
        person: await repo.personOfReferral(db, viewer, episode.referralId),
        ...loads,
        coWorkers: coWorkers.map((c) => ({
          ...c,
          mayRemove: can(viewer, 'removeCoWorker', { ...facts, coWorkerUserId: c.userId }),
        })),
        abilities: {
          // Choosing anyone, or nobody, is a manager's; a practitioner may only take an unallocated episode.
          allocateAnyone: can(viewer, 'allocate', { ...facts, to: null }),
          take: can(viewer, 'allocate', { ...facts, to: viewer.id }),
          changeTeam: can(viewer, 'addCoWorker', facts),
        },
        viewer,
        siteName: sites.get(episode.site)?.name ?? episode.site,
        state,
      });
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
