// compatibility for folders being moved; removed at merge
export {
  addEpisodeEvent,
  eventsOf,
  findVisibleEpisode,
  isStaffOfSite,
  listVisibleEpisodes,
  toEpisodeEvent,
} from './repository.ts';
export type { EpisodeEventRow, EpisodeRow } from './repository.ts';
