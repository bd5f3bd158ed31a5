// Turns an episode row and its computed phase into the API.md shape (plus a few helpful extras).
import type { EpisodePhase } from './phases.ts';
import type { EpisodeRow } from './episodeRepository.ts';

export interface EpisodeView {
  id: string;
  referralId: string;
  personId: string;
  site: string;
  status: EpisodePhase['status'];
  leadWorkerId: string | null;
  expectedReleaseDate: string | null;
  releasedOn: string | null;
  preReleaseWindowOpensOn: string | null;
  supportEndsOn: string | null;
  version: number;
  openedOn: string;
  lastReleasedOn: string | null;
  daysToRelease: number | null;
  daysSinceRelease: number | null;
  closedReason: string | null;
  closureSummary: string | null;
  consultation: unknown;
  warnings: string[];
}

export function presentEpisode(row: EpisodeRow, phase: EpisodePhase): EpisodeView {
  return {
    id: row.id,
    referralId: row.referralId,
    personId: row.personId,
    site: row.siteCode,
    status: phase.status,
    leadWorkerId: row.leadWorkerId,
    expectedReleaseDate: phase.expectedReleaseDate,
    releasedOn: phase.releasedOn,
    preReleaseWindowOpensOn: phase.preReleaseWindowOpensOn,
    supportEndsOn: phase.supportEndsOn,
    version: row.version,
    openedOn: row.openedOn,
    lastReleasedOn: phase.lastReleasedOn,
    daysToRelease: phase.daysToRelease,
    daysSinceRelease: phase.daysSinceRelease,
    closedReason: row.closedReason,
    closureSummary: row.closureSummary,
    consultation: row.consultation ?? null,
    warnings: phase.warnings,
  };
}
