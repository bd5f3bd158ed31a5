// The composition root: one place builds every repository-backed service from the core (database, sites,
// clock) and hands each its dependencies explicitly (the HMPPS `services/index.ts` pattern); createApp,
// the jobs, the CLI and the demo seeds only ever receive what this builds. Tests build it against a
// fresh database in one line (test/support/testApp.ts).
import type { Config } from './config.ts';
import type { Database, Queryable } from './db/client.ts';
import type { Clock, Core } from './core.ts';
import { migrate } from './db/migrate.ts';
import { loadBuiltInSites, readSiteCatalogue } from './sites/siteCatalogue.ts';
import { createNotificationService } from './notifications/service.ts';
import { createTimelineService } from './timeline/service.ts';
import { createPeopleService } from './people/service.ts';
import { createAccessService } from './access/service.ts';
import { createReferralService } from './referrals/service.ts';
import { createScreeningService } from './screening/service.ts';
import { createDraftService } from './referrals/form/draftService.ts';
import { createRetentionService } from './retention/retentionService.ts';
import { createUserAdminService } from './admin/userAdminService.ts';
import { createEpisodeService } from './episodes/service.ts';
import { createClosureService } from './episodes/closureService.ts';
import { createCaseloadService } from './caseload/service.ts';
import { findVisibleReferral } from './referrals/repository.ts';
import { readinessFor } from './releasePlanning/queries.ts';
import { nextActionsFor } from './care/queries.ts';

/** Every service, built from the core in dependency order. The demo seeds call this with a clock of their own. */
export function buildDomainServices(core: Core) {
  const { sites, clock } = core;
  const notifications = createNotificationService(core);
  const timeline = createTimelineService();
  const people = createPeopleService();
  const access = createAccessService({ clock, notify: notifications });
  const referrals = createReferralService({ sites, clock, people, notify: notifications, timeline, access });
  const screening = createScreeningService({ clock, sites, notify: notifications, timeline, referrals });
  // Release planning sits above episodes and the caseload: they are handed its readiness (no import back).
  const readiness = (db: Queryable, ids: readonly string[], now: Date) => readinessFor(db, ids, sites.all(), now);
  const episodes = createEpisodeService({
    clock,
    sites,
    notify: notifications,
    timeline,
    referrals: { read: referrals.read, findVisible: findVisibleReferral },
    readiness,
  });
  const episodeClosures = createClosureService({ clock, sites, timeline });
  const caseloads = createCaseloadService({ clock, sites, episodes, nextActions: nextActionsFor, readiness });
  return {
    ...core,
    notifications,
    timeline,
    people,
    access,
    referrals,
    screening,
    drafts: createDraftService(core),
    retention: createRetentionService(core),
    userAdmin: createUserAdminService(core),
    episodes,
    episodeClosures,
    caseloads,
  };
}

export type DomainServices = ReturnType<typeof buildDomainServices>;

/** Migrates, loads the built-in sites, and builds everything the app, jobs and CLI run on. */
export async function buildServices(database: Database, config: Config, clock: Clock = () => new Date()) {
  await migrate(database.db);
  await loadBuiltInSites(database.db, clock());
  const sites = await readSiteCatalogue(database.db);
  return { config, database, ...buildDomainServices({ db: database.db, sites, clock }) };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;
