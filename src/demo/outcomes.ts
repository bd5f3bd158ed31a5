// Demo history for the outcomes and the reports (issue 15): for every site, six months of referrals received,
// screened (most within the target, some late), accepted and opened, released, linked or not (substance
// misuse treatment started within 21 days or later or never, GP by day 7 or later, accommodation settled or
// not), SWEMWBS and CORE-10 at baseline and a month after release, and the oldest closed. Everything goes
// through the services with a clock set to when it happened, so the audit trail and the timeline read true.
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { buildDomainServices } from '../services.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { fictionalReferral } from './fictionalReferrals.ts';

const SITES = ['er-birmingham-solihull', 'er-lancashire-cumbria', 'reconnect-hampshire', 'reconnect-east-of-england'];
const MONTHS_BACK = 6;
const AREAS: Record<string, [string, string]> = {
  'er-birmingham-solihull': ['B1 1AA', 'Birmingham'],
  'er-lancashire-cumbria': ['FY1 1AA', 'Blackpool'],
  'reconnect-hampshire': ['SO14 7AA', 'Southampton'],
  'reconnect-east-of-england': ['NR1 1AA', 'Norfolk'],
};

const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** SWEMWBS answers whose raw score is `raw` (7 to 35). */
const swemwbs = (raw: number) => Array.from({ length: 7 }, (_, i) => 1 + Math.floor((raw - 7 + i) / 7));
/** CORE-10 answers (items 2 and 3 as ticked) for a level of distress 0 to 4. */
const core10 = (level: number) => [
  level,
  4 - level,
  4 - level,
  level,
  level,
  level > 2 ? 1 : 0,
  level,
  level,
  level,
  level,
];

/** Seeds the history; `manager` works at every site, `referrer` refers. Returns how many referrals it made. */
export async function seedOutcomesDemo(
  services: Services,
  who: { manager: Viewer; referrer: Viewer },
): Promise<number> {
  const { manager, referrer } = who;
  const { db, sites } = services;
  const now = services.clock();
  const today = londonDate(now);
  let at = now;
  const s = buildDomainServices({ db, sites, clock: () => at });
  const when = (iso: string) => {
    at = noon(iso) > now ? now : noon(iso);
  };
  let n = 0;
  for (const [siteIndex, site] of SITES.entries()) {
    const [postcode, localAuthority] = AREAS[site] ?? ['SO14 7AA', 'Southampton'];
    for (let back = MONTHS_BACK; back >= 1; back--) {
      // A few more referrals some months than others, so the SPC charts have something to say.
      const perMonth = 2 + ((back + siteIndex) % 3);
      for (let k = 0; k < perMonth; k++) {
        const i = n++;
        const receivedOn = addDaysIso(today, -back * 30 + k * 6 - 10);
        when(receivedOn);
        // One transaction a case: the clock moves on inside it, as the case did.
        await db.transaction(async (tx) => {
          const body = fictionalReferral(site, 9000 + i, at, 'eligible');
          const referral = await s.referrals.submit(tx, referrer, body);
          // One in four screened after the site's target.
          at = new Date(at.getTime() + (i % 4 === 3 ? 200 : 3) * 3_600_000);
          const decided = await s.screening.decide(
            tx,
            manager,
            referral.id,
            { decision: 'accept', reason: 'Meets the criteria.' },
            referral.version,
          );
          at = new Date(at.getTime() + 24 * 3_600_000);
          const consultation = site.startsWith('er-')
            ? {
                date: londonDate(at),
                decision: 'accept' as const,
                attendees: [{ role: 'com' as const, name: 'Chris Community', organisation: 'Probation Service' }],
                rationale: 'Complex unmet health needs; agrees to engage before release.',
              }
            : undefined;
          const opened = await s.episodes.open(tx, manager, {
            referralId: decided.id,
            leadWorkerId: manager.id,
            ...(consultation ? { consultation } : {}),
          });
          if (opened.declined) return;
          const episodeId = opened.episode.id;
          const openedOn = londonDate(at);
          const needsTreatment = i % 4 !== 3;
          const gpBefore = i % 2 === 0;
          {
            const current = await s.releasePlans.read(tx, manager, episodeId);
            await s.releasePlans.update(
              tx,
              manager,
              episodeId,
              {
                releaseType: 'conditional_release',
                destination: { postcode, localAuthority },
                gp: { registered: gpBefore },
                substanceMisuse: { needed: needsTreatment },
                accommodation: { status: i % 3 === 1 ? 'unsettled' : 'settled' },
              },
              current.version,
            );
            await s.outcomes.recordMeasure(tx, manager, episodeId, {
              instrument: 'swemwbs',
              administeredOn: openedOn,
              answers: swemwbs(14 + (i % 5)),
            });
            await s.outcomes.recordMeasure(tx, manager, episodeId, {
              instrument: 'core10',
              administeredOn: openedOn,
              answers: core10(2 + (i % 2)),
            });
          }
          const releasedOn = addDaysIso(openedOn, 12);
          if (releasedOn >= today) return;
          when(releasedOn);
          await s.episodes.release(tx, manager, episodeId, {
            releasedOn,
            releasedFrom: 'prison',
            destination: { postcode, localAuthority },
          });
          await s.episodes.addContact(tx, manager, episodeId, {
            at: at.toISOString(),
            type: 'community',
            outcome: i % 5 === 4 ? 'did_not_attend' : 'attended',
            durationMinutes: 40,
          });
          // Treatment started on day 9 (hit), day 28 (missed) or never (missed); GP on day 4 or day 12.
          const engagedOn = needsTreatment && i % 4 !== 1 ? addDaysIso(releasedOn, i % 4 === 2 ? 28 : 9) : null;
          const gpOn = gpBefore ? null : addDaysIso(releasedOn, i % 3 === 0 ? 12 : 4);
          const followUp = addDaysIso(releasedOn, 30);
          if (followUp > today) return;
          when(followUp);
          {
            await s.outcomes.update(tx, manager, episodeId, {
              ...(engagedOn ? { substanceMisuseEngagedOn: engagedOn } : {}),
              ...(gpOn ? { gpRegisteredOn: gpOn } : {}),
              accommodationNow: 'settled',
            });
            await s.outcomes.recordMeasure(tx, manager, episodeId, {
              instrument: 'swemwbs',
              administeredOn: followUp,
              answers: swemwbs(14 + (i % 5) + (i % 3 === 2 ? 1 : 6)),
            });
            await s.outcomes.recordMeasure(tx, manager, episodeId, {
              instrument: 'core10',
              administeredOn: followUp,
              answers: core10(i % 3 === 2 ? 2 : 1),
            });
          }
          const closeOn = addDaysIso(releasedOn, 100);
          if (closeOn > today) return;
          when(closeOn);
          await s.episodeClosures.close(tx, manager, episodeId, {
            reason: i % 5 === 0 ? 'disengaged' : 'support_completed',
            summary: 'Support after release ended; links with the GP and community services in place.',
          });
        });
      }
    }
  }
  return n;
}
