// Demo release plans for the open episodes a practitioner can see: some half done, one released out of area
// (seed 002: "released to the same out of area location"), one from court with an uncertain date and no
// contingency plan (seed 002: "No emergency or contingency planning had taken place in case of his release").
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import type { ReleasePlanBody } from '../releasePlanning/schema.ts';

/** A local authority outside each site's area, and the one inside it, for the demo destinations. */
const AREAS: Record<string, { home: [string, string]; away: [string, string] }> = {
  'reconnect-hampshire': { home: ['SO14 7AA', 'Southampton'], away: ['NR1 1AA', 'Norfolk'] },
  'reconnect-east-of-england': { home: ['NR1 1AA', 'Norfolk'], away: ['M1 1AA', 'Manchester'] },
  'er-lancashire-cumbria': { home: ['FY1 1AA', 'Blackpool'], away: ['B1 1AA', 'Birmingham'] },
  'er-birmingham-solihull': { home: ['B1 1AA', 'Birmingham'], away: ['PR1 1AA', 'Lancashire'] },
};

/** A site the demo does not know of gets Hampshire's areas. */
const ELSEWHERE: { home: [string, string]; away: [string, string] } = {
  home: ['SO14 7AA', 'Southampton'],
  away: ['NR1 1AA', 'Norfolk'],
};

function planFor(kind: number, site: string, today: string): ReleasePlanBody {
  const { home, away } = AREAS[site] ?? ELSEWHERE;
  switch (kind % 4) {
    case 0: // Half done: the health side in hand, housing not settled yet.
      return {
        releaseType: 'conditional_release',
        releaseUncertain: false,
        destination: { postcode: home[0], localAuthority: home[1] },
        gp: { registered: true, practice: 'Jubilee Surgery' },
        medicationOnRelease: true,
        substanceMisuse: { needed: true },
        accommodation: { status: 'unsettled', dutyToReferDate: addDaysIso(today, -2) },
        localProbationInformed: true,
      };
    case 1: // Out of area: released away from home and support networks.
      return {
        releaseType: 'end_of_sentence',
        releaseUncertain: false,
        destination: { address: '12 Station Road', postcode: away[0], localAuthority: away[1] },
        approvedPremises: `${away[1]} Approved Premises`,
        gp: { registered: false },
        accommodation: { status: 'none' },
      };
    case 2: // From court, date uncertain, no contingency plan.
      return {
        releaseType: 'release_from_court',
        releaseUncertain: true,
        destination: { postcode: home[0], localAuthority: home[1] },
        medicationOnRelease: true,
        mentalHealthHandover: { needed: true, done: false, service: 'Community mental health team' },
      };
    default: // Nearly ready.
      return {
        releaseType: 'parole',
        releaseUncertain: false,
        destination: { postcode: home[0], localAuthority: home[1] },
        gp: { registered: true, practice: 'Riverside Medical Centre' },
        medicationOnRelease: true,
        substanceMisuse: { needed: true, appointmentDate: addDaysIso(today, 40) },
        mentalHealthHandover: { needed: false },
        accommodation: { status: 'settled' },
        idAndMoney: true,
        localProbationInformed: true,
        communityServicesInformed: true,
        meetAtTheGate: { planned: true, by: 'Peer support worker' },
      };
  }
}

/** Fills a release plan for each open, not-yet-released episode `practitioner` can see; returns how many. */
export async function seedReleasePlanDemo(services: Services, practitioner: Viewer): Promise<number> {
  const { db, releasePlans: plans } = services;
  const today = londonDate(services.clock());
  const episodes = await db.transaction((tx) => services.episodes.list(tx, practitioner, {}));
  let made = 0;
  for (const episode of episodes) {
    if (episode.status !== 'pre_release' && episode.status !== 'awaiting_window') continue;
    if (!can(practitioner, 'changeReleasePlan', { siteCode: episode.site, closed: false })) continue;
    const body = planFor(made, episode.site, today);
    await db.transaction(async (tx) => {
      const current = await plans.read(tx, practitioner, episode.id);
      await plans.update(tx, practitioner, episode.id, body, current.version);
    });
    made++;
  }
  return made;
}
