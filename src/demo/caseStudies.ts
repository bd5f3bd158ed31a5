// Demo case studies (issue 15; seed 002's "Case study developed post-event to share learning wider"): two
// released East of England episodes drafted by the manager; the first has its lessons written (seed 002's) and
// is approved, ready to download; the second is left a draft to edit. Drafted through the service, so they are
// anonymised exactly as a manager's would be.
import { and, asc, eq } from 'drizzle-orm';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { episodeEvents, episodes } from '../db/schema.ts';

const SITE = 'reconnect-east-of-england';

/** Seed 002, "Lessons learnt", in its own three headings. */
const LESSONS = [
  'Early recognition and referral: consider executive capacity; complete referrals and assessments early; recognise the housing needs of possible time-served prisoners early.',
  'Pre-release planning: involve RECONNECT and other community services before release; complete the duty to refer for anyone at risk of homelessness; plan for an emergency release; flag needs and vulnerabilities to courts.',
  'Intra-agency and multi-agency collaboration: hold professionals’ meetings early, particularly for time-served prisoners and those with complex needs; keep clear records; compare notes between agencies; advocate for the prison leaver.',
].join('\n\n');

/** Returns the ids of the approved and the draft case study (none when the site has no released episode). */
export async function seedCaseStudyDemo(services: Services, manager: Viewer): Promise<string[]> {
  const { db, caseStudies } = services;
  const released = await db
    .selectDistinct({ id: episodes.id, openedOn: episodes.openedOn })
    .from(episodes)
    .innerJoin(episodeEvents, and(eq(episodeEvents.episodeId, episodes.id), eq(episodeEvents.kind, 'released')))
    .where(eq(episodes.siteCode, SITE))
    .orderBy(asc(episodes.openedOn), asc(episodes.id))
    .limit(2);
  const made: string[] = [];
  for (const [i, e] of released.entries()) {
    const draft = await db.transaction((tx) => caseStudies.generate(tx, manager, e.id));
    made.push(draft.id);
    if (i > 0) continue;
    const edited = await db.transaction((tx) =>
      caseStudies.update(tx, manager, draft.id, { lessons: LESSONS }, draft.version),
    );
    await db.transaction((tx) => caseStudies.approve(tx, manager, draft.id, edited.version));
  }
  return made;
}
