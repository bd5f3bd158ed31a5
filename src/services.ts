// The composition root: one place builds the database, repositories and services (the HMPPS
// `services/index.ts` pattern), and createApp(services) takes them. Tests build it against a fresh database.
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { loadBuiltInSites, readSiteCatalogue, type SiteCatalogue } from './sites/siteCatalogue.ts';
import { createReferralService } from './referrals/referralService.ts';
import { createScreeningService } from './screening/screeningService.ts';
import { createDraftService } from './referrals/form/draftService.ts';
import { createAccessService } from './access/accessService.ts';
import { createRetentionService } from './retention/retentionService.ts';
import { createUserAdminService } from './admin/userAdminService.ts';
import { createEpisodeService } from './episodes/episodeService.ts';

export type Clock = () => Date;

export async function buildServices(database: Database, config: Config, clock: Clock = () => new Date()) {
  await migrate(database.db);
  await loadBuiltInSites(database.db, clock());
  const sites = await readSiteCatalogue(database.db);
  const core: CoreServices = { db: database.db, sites, clock };
  return {
    config,
    database,
    ...core,
    referrals: createReferralService(core),
    screening: createScreeningService(core),
    drafts: createDraftService(core),
    access: createAccessService(core),
    retention: createRetentionService(core),
    userAdmin: createUserAdminService(core),
    episodes: createEpisodeService(core),
  };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;
export interface CoreServices {
  db: Db;
  sites: SiteCatalogue;
  clock: Clock;
}
