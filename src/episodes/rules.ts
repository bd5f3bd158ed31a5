// The episode's pure rules beside phases.ts: which policy an episode is judged by, its phase as of a moment,
// and the first events an episode takes from its referral. No clock and no I/O: `now` is passed in.
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SiteDefinition, type SitePolicy } from '../sites/policy.ts';
import { episodePhase, type EpisodeEvent, type EpisodePhase, type EpisodePhaseInput } from './phases.ts';

/** The two numbers of a site's policy that an episode's phase depends on (PRODUCT.md "Sites and their rules"). */
export type WindowPolicy = Pick<SitePolicy, 'preReleaseMonths' | 'postReleaseMonths'>;

/** What an episode's phase is computed from besides its events. */
export interface EpisodeDates {
  openedOn: string;
}

/**
 * The site's policy in force at `now`, else its latest: an episode opened under a policy keeps its
 * windows if the site's next policy has not started yet.
 */
export function windowPolicy(site: SiteDefinition, now: Date): WindowPolicy {
  const policy = policyInForce(site, now) ?? site.policies.at(-1);
  if (!policy) throw new Error(`Site ${site.code} has no policy`);
  return policy;
}

export function phaseInputOf(episode: EpisodeDates, events: EpisodeEvent[], policy: WindowPolicy): EpisodePhaseInput {
  return {
    openedOn: episode.openedOn,
    events,
    preReleaseMonths: policy.preReleaseMonths,
    postReleaseMonths: policy.postReleaseMonths,
  };
}

/** The phase as of `now`, on England's calendar (phases.ts takes the date). */
export function phaseAt(episode: EpisodeDates, events: EpisodeEvent[], policy: WindowPolicy, now: Date): EpisodePhase {
  return episodePhase(phaseInputOf(episode, events, policy), londonDate(now));
}

interface CustodyDetails {
  custody?: { status?: string; expectedReleaseDate?: string | null; releaseDate?: string | null };
}

/**
 * The referral's custody details as the episode's first events: a recent leaver's release (phases.ts:
 * support runs from the day they left custody), else the expected release date when it is still ahead.
 */
export function initialEvents(details: unknown, openedOn: string): EpisodeEvent[] {
  const custody = (details as CustodyDetails | null)?.custody;
  if (!custody) return [];
  if (custody.status === 'in_community' && custody.releaseDate) return [{ kind: 'released', on: custody.releaseDate }];
  if (custody.expectedReleaseDate && custody.expectedReleaseDate >= openedOn) {
    return [{ kind: 'release_date_set', on: openedOn, expectedReleaseDate: custody.expectedReleaseDate }];
  }
  return [];
}

/**
 * Why an accepted referral may still not open an episode (issue 10, "Hard requirements are advisory"):
 * "consent withdrawn stops new episodes" (an ineligible referral is accepted only with a manager's override at
 * screening, screening/rules.ts). Null when it may open.
 */
export function openingRefusal(referral: { details: unknown }): string | null {
  const consent = (referral.details as { consent?: { given?: boolean | null } } | null)?.consent;
  if (consent?.given === false)
    return 'The person has not consented to the referral, or has withdrawn consent: no episode of care can be opened.';
  return null;
}

/**
 * Why a contact's time cannot be recorded, or null (issue 10, "Smaller holes": "a contact can be dated before
 * the referral existed"). The referral's arrival is the earliest a contact of its episode can be.
 */
export function contactTimeRefusal(at: Date, referralReceivedAt: Date, now: Date): string | null {
  if (at.getTime() > now.getTime()) return 'Must be now or in the past';
  // By the day in England: the form takes a time to the half hour, and a referral phoned through first
  // is often sent later the same day.
  if (londonDate(at) < londonDate(referralReceivedAt))
    return `Must be on or after ${formatIsoDateLong(londonDate(referralReceivedAt))}, the day the referral was received`;
  return null;
}
