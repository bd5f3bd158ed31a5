// What every service is built from: the database, the sites with their versioned policies, and the clock
// (rules take `now` from it; tests set it). The composition root (services.ts) makes one and hands it on,
// so a service never reaches for a global and no service imports the root that builds it.
import type { Db } from './db/client.ts';
import type { SiteCatalogue } from './sites/siteCatalogue.ts';

export type Clock = () => Date;

export interface Core {
  db: Db;
  sites: SiteCatalogue;
  clock: Clock;
  /** The address links in email point at (`PUBLIC_URL`); a local one when not given. */
  publicUrl?: string;
}
