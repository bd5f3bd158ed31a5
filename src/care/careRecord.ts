// The episode a care record belongs to, as each of the three services (assessment, formulation, support
// plan) finds it before anything else:
// - not visible to the viewer: 404, so that existence does not leak (the scope is in the query);
// - visible but not to the care team: 403, and a change by anyone but the site's own team: 403
//   (access/policies/care.ts);
// - a change to a closed episode's record: 409, whoever asks (rules.ts CLOSED_REASON).
import type { Queryable } from '../db/client.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { policyInForce, type SitePolicy } from '../sites/policy.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import type { TimelineEvent } from '../timeline/service.ts';
import { authorize, can } from '../access/policy.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import * as repo from './repository.ts';
import { CLOSED_REASON, isClosed } from './rules.ts';
import type { CareHeader } from './presenter.ts';

export type { CareEpisode } from './repository.ts';

/** The site's policy in force at `now`, else its latest (a site always has one). */
export function policyAt(sites: SiteCatalogue, siteCode: string, now: Date): SitePolicy {
  const site = sites.get(siteCode);
  const policy = site && (policyInForce(site, now) ?? site.policies[site.policies.length - 1]);
  if (!policy) throw new Error(`Site ${siteCode} has no policy`);
  return policy;
}

/** The episode, if the viewer may see it and is of the care team. */
export async function readableEpisode(db: Queryable, viewer: Viewer, id: string): Promise<repo.CareEpisode> {
  const episode = await repo.findVisibleEpisode(db, viewer, id);
  if (!episode) throw new NotFound();
  authorize(viewer, 'readCareRecord', episode);
  return episode;
}

async function closedAt(db: Queryable, sites: SiteCatalogue, episode: repo.CareEpisode, now: Date) {
  return isClosed(
    episode,
    await repo.eventsOf(db, episode.id),
    policyAt(sites, episode.siteCode, now),
    londonDate(now),
  );
}

/** The episode, if the viewer may change its care record now. */
export async function changeableEpisode(
  db: Queryable,
  sites: SiteCatalogue,
  viewer: Viewer,
  id: string,
  now: Date,
): Promise<repo.CareEpisode> {
  const episode = await readableEpisode(db, viewer, id);
  authorize(viewer, 'changeCareRecord', episode);
  if (await closedAt(db, sites, episode, now)) throw new Conflict(CLOSED_REASON);
  return episode;
}

/** What every care page shows above its part, and whether the viewer may change the record. */
export async function headerOf(
  db: Queryable,
  sites: SiteCatalogue,
  viewer: Viewer,
  episode: repo.CareEpisode,
  now: Date,
): Promise<CareHeader> {
  const closed = await closedAt(db, sites, episode, now);
  return {
    episode: { id: episode.id, referralId: episode.referralId },
    person: { reference: episode.reference, name: episode.personName },
    siteName: sites.get(episode.siteCode)?.name ?? episode.siteCode,
    canChange: can(viewer, 'changeCareRecord', episode) && !closed,
    closed,
  };
}

/** The audit event of a read or change of the record (PRODUCT.md: every access is audited). */
export function auditCareRecord(
  db: Queryable,
  viewer: Viewer,
  episode: repo.CareEpisode,
  action: string,
  at: Date,
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(
    db,
    { actor: actorOf(viewer), action, recordType: 'episode', recordId: episode.id, ...(details ? { details } : {}) },
    at,
  );
}

/** The person's timeline entry of a change to the record. */
export function timelineEntry(
  viewer: Viewer,
  episode: repo.CareEpisode,
  kind: string,
  summary: string,
  at: Date,
): TimelineEvent {
  return { at, personId: episode.personId, referralId: episode.referralId, actorId: viewer.id, kind, summary };
}
