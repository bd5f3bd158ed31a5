// The sending episode as the handover needs it: its phase (is it still open?) and the release dates the
// receiving episode carries over (issue 4). Closing it is episodes/closure.ts's closeEpisodeForHandover.
import type { Queryable } from '../db/client.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { policyInForce } from '../sites/policy.ts';
import { londonDate } from '../identifiers/dates.ts';
import { episodePhase, type EpisodeEvent, type EpisodePhase, type EpisodePhaseInput } from '../episodes/phases.ts';
import * as episodeRepo from '../episodes/episodeRepository.ts';

export function phaseInputOf(
  sites: SiteCatalogue,
  row: episodeRepo.EpisodeRow,
  events: EpisodeEvent[],
  now: Date,
): EpisodePhaseInput {
  const site = sites.get(row.siteCode);
  if (!site) throw new Error(`Unknown site ${row.siteCode}`);
  const policy = policyInForce(site, now) ?? site.policies.at(-1);
  if (!policy) throw new Error(`Site ${row.siteCode} has no policy`);
  return {
    openedOn: row.openedOn,
    events,
    preReleaseMonths: policy.preReleaseMonths,
    postReleaseMonths: policy.postReleaseMonths,
  };
}

export async function eventsOf(db: Queryable, episodeId: string): Promise<EpisodeEvent[]> {
  return (await episodeRepo.eventsOf(db, [episodeId])).map(episodeRepo.toEpisodeEvent);
}

export async function phaseOf(
  db: Queryable,
  sites: SiteCatalogue,
  row: episodeRepo.EpisodeRow,
  now: Date,
): Promise<EpisodePhase> {
  return episodePhase(phaseInputOf(sites, row, await eventsOf(db, row.id), now), londonDate(now));
}

/**
 * The custody facts the receiving episode starts from (issue 4: "carry over the expected release date or
 * release date"), in the referral body's shape so the receiving episode seeds its events as any other.
 * Back in custody after a recall: the expected date is not known until the team sets it again.
 */
export function custodyFrom(phase: EpisodePhase): {
  status: 'in_custody' | 'in_community';
  expectedReleaseDate: string | null;
  releaseDate: string | null;
} {
  if (phase.status === 'post_release' && phase.lastReleasedOn)
    return { status: 'in_community', expectedReleaseDate: null, releaseDate: phase.lastReleasedOn };
  if (phase.status === 'paused') return { status: 'in_custody', expectedReleaseDate: null, releaseDate: null };
  return { status: 'in_custody', expectedReleaseDate: phase.expectedReleaseDate, releaseDate: null };
}
