// Builders for the worklist's rule tests: one open episode, in plain data, changed row by row.
import { BUILT_IN_SITES } from '../sites/builtInSites.ts';
import type { EpisodeEvent } from '../episodes/phases.ts';
import type { EpisodeCase, RecordedEpisodeEvent, ScreeningCase, WorklistState } from './types.ts';

export const EAST = 'reconnect-east-of-england';
export const LEAD = '00000000-0000-4000-8000-00000000000a';
export const CO_WORKER = '00000000-0000-4000-8000-00000000000b';

/** An event recorded at noon on its day, unless told otherwise. */
export function ev(
  event: EpisodeEvent & { recordedAt?: Date; destination?: RecordedEpisodeEvent['destination'] },
): RecordedEpisodeEvent {
  return { recordedAt: new Date(`${event.on}T12:00:00Z`), ...event };
}

/** In custody at HMP Norwich, expected out on Monday 7 December 2026, nothing planned yet. */
export function episodeCase(changes: Partial<EpisodeCase> = {}): EpisodeCase {
  return {
    episodeId: '11111111-1111-4111-8111-111111111111',
    referralId: '22222222-2222-4222-8222-222222222222',
    reference: 'REF-1',
    personName: 'Alex Example',
    siteCode: EAST,
    leadWorkerId: LEAD,
    coWorkerIds: [CO_WORKER],
    openedOn: '2026-10-01',
    events: [ev({ kind: 'release_date_set', on: '2026-10-01', expectedReleaseDate: '2026-12-07' })],
    releasePlan: null,
    lastAttendedContactAt: new Date('2026-11-10T10:00:00Z'),
    handovers: [],
    actions: [],
    lastPlanReviewOn: null,
    consent: { given: true, date: '2026-09-20' },
    substanceMisuseNeed: false,
    ...changes,
  };
}

export function screeningCase(changes: Partial<ScreeningCase> = {}): ScreeningCase {
  return {
    referralId: '33333333-3333-4333-8333-333333333333',
    reference: 'REF-2',
    personName: 'Sam Sample',
    siteCode: EAST,
    screeningDueAt: new Date('2026-11-12T09:00:00Z'),
    paused: false,
    ...changes,
  };
}

export function stateOf(parts: Partial<WorklistState>): WorklistState {
  return { sites: BUILT_IN_SITES, screening: [], episodes: [], ...parts };
}
