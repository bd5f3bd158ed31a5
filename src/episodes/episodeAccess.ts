// Who may see and who may change an episode. Seeing is decided by its referral (need-to-know, applied in
// the query); changing needs the site's practitioners or managers; some changes need a manager (issue
// "Episode lifecycle": reopening, and an extension beyond the support window).
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { canWorkAt } from './episodeDisplay.ts';
import { findVisibleEpisode, type EpisodeRow } from './episodeRepository.ts';

/** Not visible → 404, never 403, so that existence does not leak. */
export async function visibleOrThrow(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeRow> {
  const row = await findVisibleEpisode(db, viewer, id);
  if (!row) throw new NotFound();
  return row;
}

export async function workableOrThrow(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeRow> {
  const row = await visibleOrThrow(db, viewer, id);
  if (!canWorkAt(viewer, row.siteCode))
    throw new Forbidden('Only the site’s practitioners and managers can change an episode of care');
  return row;
}

export const isSiteManager = (viewer: Viewer, siteCode: string) =>
  viewer.role === 'manager' && viewer.siteCodes.includes(siteCode);

export async function managedOrThrow(db: Queryable, viewer: Viewer, id: string, what: string): Promise<EpisodeRow> {
  const row = await visibleOrThrow(db, viewer, id);
  if (!isSiteManager(viewer, row.siteCode)) throw new Forbidden(`Only a manager of the site can ${what}`);
  return row;
}
