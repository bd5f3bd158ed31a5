// Demo data for the episode lifecycle: a few quick contacts on open episodes, so the recent contacts,
// did-not-attends on the caseload and the timeline have something to show.
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';

/** Adds a did-not-attend, a cancelled contact (with its reason) and an attended one with others present to each open episode. */
export async function seedEpisodeLifecycleDemo(
  services: Pick<Services, 'db' | 'episodes' | 'clock'>,
  worker: Viewer,
  episodeIds: readonly string[],
): Promise<void> {
  const { db, episodes, clock } = services;
  const hoursAgo = (h: number) => new Date(clock().getTime() - h * 3_600_000).toISOString();
  for (const id of episodeIds) {
    const episode = await db.transaction((tx) => episodes.read(tx, worker, id));
    if (episode.status === 'closed') continue;
    await db.transaction(async (tx) => {
      await episodes.addContact(tx, worker, id, {
        at: hoursAgo(72),
        type: 'video',
        outcome: 'did_not_attend',
        notes: 'Not brought to the video link room.',
      });
      await episodes.addContact(tx, worker, id, {
        at: hoursAgo(48),
        type: 'in_prison',
        outcome: 'cancelled',
        cancelledReason: 'Prison lockdown: no visits that day.',
      });
      await episodes.addContact(tx, worker, id, {
        at: hoursAgo(24),
        type: 'professional',
        outcome: 'attended',
        durationMinutes: 60,
        present: ['Chris Community, community offender manager', 'Pat Prison, prison offender manager'],
        notes: 'Release planning meeting: housing and GP registration.',
      });
    });
  }
}
