// Who may read and change an episode's assessment, formulation and support plan.
//
// - Seeing the episode is decided by its referral (findVisibleEpisode applies access/referralScope.ts):
//   not visible → 404, so that existence does not leak.
// - The clinical content is for the care team: practitioners and managers who can see the episode,
//   including through a manager's named grant or break-glass. Anyone else who can see the episode (its
//   referrer) gets 403: they already know the episode exists, so a refusal hides nothing a 404 would.
// - Changes: the site's own practitioners and managers (canWorkAt), and never on a closed episode (409).
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { STAFF_ROLES, type Viewer } from '../access/viewer.ts';
import { Conflict, Forbidden, NotFound } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SitePolicy } from '../sites/policy.ts';
import { canWorkAt } from '../episodes/episodeDisplay.ts';
import { eventsOf, findVisibleEpisode, toEpisodeEvent, type EpisodeRow } from '../episodes/episodeRepository.ts';
import { episodePhase } from '../episodes/phases.ts';

export const CLOSED_REASON =
  'This episode of care is closed: its assessment, formulation and support plan can no longer change. Reopen the episode first.';

export function createCareGate({ sites, clock }: Pick<Core, 'sites' | 'clock'>) {
  function policyOf(siteCode: string, now: Date): SitePolicy {
    const site = sites.get(siteCode);
    const policy = site && (policyInForce(site, now) ?? site.policies[site.policies.length - 1]);
    if (!policy) throw new Error(`Site ${siteCode} has no policy`);
    return policy;
  }

  async function isClosed(db: Queryable, episode: EpisodeRow, now: Date): Promise<boolean> {
    const policy = policyOf(episode.siteCode, now);
    const events = (await eventsOf(db, [episode.id])).map(toEpisodeEvent);
    const phase = episodePhase(
      {
        openedOn: episode.openedOn,
        events,
        preReleaseMonths: policy.preReleaseMonths,
        postReleaseMonths: policy.postReleaseMonths,
      },
      londonDate(now),
    );
    return phase.status === 'closed';
  }

  async function readable(db: Queryable, viewer: Viewer, episodeId: string): Promise<EpisodeRow> {
    const episode = await findVisibleEpisode(db, viewer, episodeId);
    if (!episode) throw new NotFound();
    if (!STAFF_ROLES.includes(viewer.role))
      throw new Forbidden('Assessments, formulations and support plans are for the care team');
    return episode;
  }

  async function writable(db: Queryable, viewer: Viewer, episodeId: string): Promise<EpisodeRow> {
    const episode = await readable(db, viewer, episodeId);
    if (!canWorkAt(viewer, episode.siteCode))
      throw new Forbidden(
        'Only the site’s practitioners and managers can change an episode’s assessment, formulation and plan',
      );
    if (await isClosed(db, episode, clock())) throw new Conflict(CLOSED_REASON);
    return episode;
  }

  return { policyOf, isClosed, readable, writable };
}

export type CareGate = ReturnType<typeof createCareGate>;
