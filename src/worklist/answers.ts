// The rules' answer for each open episode (every item of it, due or not yet), kept by the version of the
// episode's state and England's date (rules.ts episodeItemsOf): while neither changes, neither do the items,
// and only the moment is compared with when each falls due. The database gives an episode a new version in the
// same transaction as any change to what the rules read of it (migration 0028), so a kept answer never
// outlives the state it came from, whichever process made the change. Only the answers are kept: which
// episodes a viewer may see is worked out afresh for every request, so nothing kept can show a restricted
// record or hide one.
import { londonDate } from '../identifiers/dates.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import { episodeItemsOf } from './rules.ts';
import type { EpisodeCase, WorklistItem } from './types.ts';

interface Answer {
  version: string;
  today: string;
  sites: readonly SiteDefinition[];
  items: readonly WorklistItem[];
}

/** An open episode as the worklist finds it: its id and the version of its state. */
export interface EpisodeVersion {
  episodeId: string;
  version: string;
}

/** How many episodes' answers are kept (a few items each); past that, all are forgotten at once. */
const KEPT_EPISODES = 200_000;

export function createEpisodeAnswers(sites: () => readonly SiteDefinition[]) {
  const kept = new Map<string, Answer>();

  return {
    /**
     * The items of these episodes as of `asOf` (due or not yet), the rules run only for those with no answer
     * kept for their version on `asOf`'s day; `read` loads the state of those, each with the version read.
     * An answer for another day than today (a look-ahead) is worked out but not kept.
     */
    async itemsOf(
      found: readonly EpisodeVersion[],
      asOf: Date,
      now: Date,
      read: (ids: string[]) => Promise<{ version: string; episode: EpisodeCase }[]>,
    ): Promise<WorklistItem[]> {
      const all = sites();
      const today = londonDate(asOf);
      const keep = today === londonDate(now);
      const items: WorklistItem[] = [];
      const unknown: string[] = [];
      for (const { episodeId, version } of found) {
        const known = keep ? kept.get(episodeId) : undefined;
        if (known && known.version === version && known.today === today && known.sites === all)
          items.push(...known.items);
        else unknown.push(episodeId);
      }
      if (!unknown.length) return items;
      const state = await read(unknown);
      const answers = episodeItemsOf({ sites: all, screening: [], episodes: state.map((s) => s.episode) }, asOf);
      if (keep && kept.size + state.length > KEPT_EPISODES) kept.clear();
      for (const { version, episode } of state) {
        const answer = answers.get(episode.episodeId) ?? [];
        if (keep) kept.set(episode.episodeId, { version, today, sites: all, items: answer });
        items.push(...answer);
      }
      return items;
    },
  };
}

export type EpisodeAnswers = ReturnType<typeof createEpisodeAnswers>;
