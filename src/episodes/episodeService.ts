// compatibility for folders being moved; removed at merge
import type { Core } from '../core.ts';
import { buildDomainServices } from '../services.ts';

export type { EpisodeService, OpenResult } from './service.ts';

export function createEpisodeService(core: Core) {
  return buildDomainServices(core).episodes;
}
