// Readiness of many episodes at once, for the caseload ("7 of 11 done, 12 days to release"; issue
// "Release planning": "Readiness shown on the episode and on the caseload"). One query brings each
// episode with its plan and its events; the checklist is then judged in memory.
// The ids must be of episodes the caller has already found visible (the caseload lists them through
// referralScope); nothing here is scoped again, and nothing of the plan's content is returned.
import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, releasePlans } from '../db/schema.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SiteDefinition } from '../sites/policy.ts';
import { episodePhase, type EpisodeEvent } from '../episodes/phases.ts';
import { checklist, readiness, timingFromPhase, type Readiness } from './checklist.ts';
import type { ReleasePlan } from './types.ts';

export async function readinessFor(
  db: Queryable,
  episodeIds: readonly string[],
  sites: readonly SiteDefinition[],
  now: Date,
): Promise<Map<string, Readiness>> {
  const result = new Map<string, Readiness>();
  const ids = [...new Set(episodeIds)];
  if (!ids.length) return result;
  const rows = await db
    .select({
      id: episodes.id,
      siteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
      plan: releasePlans.plan,
      events: sql<{ kind: string; on: string; data: Record<string, unknown> }[]>`coalesce((
      select json_agg(json_build_object('kind', ev.kind, 'on', ev.on, 'data', ev.data) order by ev.id)
      from episode_events ev where ev.episode_id = ${episodes.id}), '[]'::json)`,
    })
    .from(episodes)
    .leftJoin(releasePlans, sql`${releasePlans.episodeId} = ${episodes.id}`)
    .where(inArray(episodes.id, ids));
  const today = londonDate(now);
  const byCode = new Map(sites.map((s) => [s.code, s]));
  for (const row of rows) {
    const site = byCode.get(row.siteCode);
    const policy = site && (policyInForce(site, now) ?? site.policies[site.policies.length - 1]);
    if (!policy) continue;
    const events = (typeof row.events === 'string' ? (JSON.parse(row.events) as typeof row.events) : row.events).map(
      (e) => ({ ...e.data, kind: e.kind, on: e.on }) as EpisodeEvent,
    );
    const phase = episodePhase(
      {
        openedOn: row.openedOn,
        events,
        preReleaseMonths: policy.preReleaseMonths,
        postReleaseMonths: policy.postReleaseMonths,
      },
      today,
    );
    const timing = timingFromPhase(phase, today);
    result.set(row.id, readiness(checklist((row.plan ?? {}) as ReleasePlan, policy, timing), timing));
  }
  return result;
}
