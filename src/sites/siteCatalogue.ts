// The built-in sites and their versioned policies are loaded into the database idempotently at start
// (a policy version, once stored, never changes: a new rule means a new version with its own date).
// The catalogue is then read from the database, so every process serves the same policies.
import type { Db, Queryable } from '../db/client.ts';
import { holdMigrationLock } from '../db/migrate.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { BUILT_IN_SITES } from './builtInSites.ts';
import type { ServiceModel, SiteDefinition, SitePolicy } from './policy.ts';
import { insertSitePolicy, siteAndPolicyRows, storedPolicyVersions, upsertSite } from './repository.ts';

export async function loadBuiltInSites(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // Two processes starting together on an empty database would both insert the same policies (issue 10):
    // the README promises this runs under the migration lock.
    await holdMigrationLock(tx);
    const known = await storedPolicyVersions(tx);
    let added = 0;
    for (const site of BUILT_IN_SITES) {
      await upsertSite(tx, site);
      for (const policy of site.policies) {
        if (known.has(policy.version)) continue;
        await insertSitePolicy(tx, site.code, policy);
        await recordAudit(
          tx,
          { actor: SYSTEM_ACTOR, action: 'site_policy.loaded', recordType: 'site_policy', recordId: policy.version },
          now,
        );
        added++;
      }
    }
    return added;
  });
}

export interface SiteCatalogue {
  all(): SiteDefinition[];
  get(code: string): SiteDefinition | undefined;
}

export async function readSiteCatalogue(db: Queryable): Promise<SiteCatalogue> {
  const { siteRows, policyRows } = await siteAndPolicyRows(db);
  const definitions: SiteDefinition[] = siteRows.map((s) => ({
    code: s.code,
    name: s.name,
    model: s.model as ServiceModel,
    provider: s.provider,
    policies: policyRows.filter((p) => p.siteCode === s.code).map((p) => p.policy as SitePolicy),
  }));
  const byCode = new Map(definitions.map((d) => [d.code, d]));
  return { all: () => definitions, get: (code) => byCode.get(code) };
}
