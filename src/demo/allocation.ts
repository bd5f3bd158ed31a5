// Demo data for allocation (issue "Allocation and caseload"), run after the demo's episodes exist: co-workers
// from the multidisciplinary team of seed 000 on the Enhanced RECONNECT episodes, one unallocated episode at
// each RECONNECT site for the team view's list, and a practitioner over Birmingham and Solihull's maximum
// (10) so the warning shows. Does nothing once any co-worker exists.
import { and, count, eq } from 'drizzle-orm';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { episodeCoWorkers, episodes } from '../db/schema.ts';
import { findUserByEmail, loadViewer } from '../auth/userRepository.ts';
import { londonDate } from '../identifiers/dates.ts';
import { fictionalReferral } from './fictionalReferrals.ts';

const OVERLOADED_SITE = 'er-birmingham-solihull';

async function viewerByEmail(services: Services, email: string): Promise<Viewer | undefined> {
  const user = await findUserByEmail(services.db, email);
  return user ? loadViewer(services.db, user.id, services.clock()) : undefined;
}

export async function seedAllocationDemo(
  services: Services,
  emails = {
    practitioner: 'practitioner@example.org',
    manager: 'manager@example.org',
    referrer: 'referrer@example.org',
  },
): Promise<void> {
  const { db } = services;
  const [{ n }] = (await db.select({ n: count() }).from(episodeCoWorkers)) as [{ n: number }];
  if (n > 0) return;
  const [practitioner, manager, referrer] = [
    await viewerByEmail(services, emails.practitioner),
    await viewerByEmail(services, emails.manager),
    await viewerByEmail(services, emails.referrer),
  ];
  if (!practitioner || !manager || !referrer) return;
  const { referrals, screening, allocation, episodes: episodeService } = services;

  // Co-workers: whoever does not lead joins as psychologist (Birmingham) or peer support worker (Lancashire).
  // A restricted episode refuses a practitioner without a grant (need-to-know): that one is skipped.
  const existing = await db.select().from(episodes);
  for (const episode of existing.filter((e) => e.siteCode.startsWith('er-'))) {
    const joining = episode.leadWorkerId === practitioner.id ? manager : practitioner;
    const role = episode.siteCode === OVERLOADED_SITE ? 'psychologist' : 'peer support worker';
    await db
      .transaction((tx) => allocation.addCoWorker(tx, manager, episode.id, { userId: joining.id, role }))
      .catch(() => undefined);
  }

  // One unallocated episode at each RECONNECT site, for the team view's list.
  for (const site of ['reconnect-hampshire', 'reconnect-east-of-england']) {
    const episode = existing.find((e) => e.siteCode === site && e.leadWorkerId !== null);
    if (!episode) continue;
    await db
      .transaction((tx) => allocation.allocate(tx, manager, episode.id, null, episode.version))
      .catch(() => undefined);
  }

  // A practitioner over the maximum: enough accepted Enhanced RECONNECT referrals for 11 open episodes.
  const [{ led }] = (await db
    .select({ led: count() })
    .from(episodes)
    .where(and(eq(episodes.leadWorkerId, practitioner.id), eq(episodes.siteCode, OVERLOADED_SITE)))) as [
    { led: number },
  ];
  const now = services.clock();
  for (let i = led; i < 11; i++) {
    const created = await db.transaction((tx) =>
      referrals.submit(tx, referrer, fictionalReferral(OVERLOADED_SITE, 300 + i, now, 'eligible')),
    );
    await db.transaction((tx) =>
      screening.decide(tx, manager, created.id, { decision: 'accept', reason: 'Meets the criteria.' }, created.version),
    );
    await db.transaction((tx) =>
      episodeService.open(tx, manager, {
        referralId: created.id,
        leadWorkerId: practitioner.id,
        consultation: {
          date: londonDate(now),
          decision: 'accept',
          rationale: 'Complex unmet health needs linked with offending.',
          attendees: [{ role: 'com', name: 'Chris Community', organisation: 'Probation Service' }],
        },
      }),
    );
  }
}
