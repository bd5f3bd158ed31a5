// The sites folder's SQL: the built-in sites and their versioned policies, written at start and read back
// into the catalogue (siteCatalogue.ts).
import { asc } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { sitePolicies, sites } from '../db/schema.ts';
import type { SiteDefinition, SitePolicy } from './policy.ts';

/** The policy versions already stored (a stored version never changes). */
export async function storedPolicyVersions(db: Queryable): Promise<Set<string>> {
  return new Set((await db.select({ version: sitePolicies.version }).from(sitePolicies)).map((r) => r.version));
}

/** Inserts a site, or brings its name, model and provider up to date. */
export async function upsertSite(db: Queryable, site: Pick<SiteDefinition, 'code' | 'name' | 'model' | 'provider'>) {
  await db
    .insert(sites)
    .values({ code: site.code, name: site.name, model: site.model, provider: site.provider })
    .onConflictDoUpdate({
      target: sites.code,
      set: { name: site.name, model: site.model, provider: site.provider },
    });
}

export async function insertSitePolicy(db: Queryable, siteCode: string, policy: SitePolicy): Promise<void> {
  await db
    .insert(sitePolicies)
    .values({ version: policy.version, siteCode, effectiveFrom: policy.effectiveFrom, policy });
}

/** The sites by name, and every policy by the date it takes effect. */
export async function siteAndPolicyRows(db: Queryable) {
  const siteRows = await db.select().from(sites).orderBy(asc(sites.name));
  const policyRows = await db.select().from(sitePolicies).orderBy(asc(sitePolicies.effectiveFrom));
  return { siteRows, policyRows };
}
