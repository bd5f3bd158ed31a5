// compatibility for folders being moved; removed at merge
import type { Db, Queryable } from '../db/client.ts';
import { readSiteCatalogue } from '../sites/siteCatalogue.ts';
import { buildDomainServices } from '../services.ts';
import type { ClosingActor } from './closureService.ts';
import type { ClosureReason } from './schema.ts';

export type { ClosingActor } from './closureService.ts';

export async function closeEpisodeForHandover(
  db: Queryable,
  actor: ClosingActor,
  episodeId: string,
  reason: ClosureReason,
  summary: string,
  now: Date,
): Promise<'closed' | 'already_closed'> {
  const core = { db: db as Db, sites: await readSiteCatalogue(db), clock: () => now };
  return buildDomainServices(core).episodeClosures.closeForHandover(db, actor, episodeId, reason, summary, now);
}
