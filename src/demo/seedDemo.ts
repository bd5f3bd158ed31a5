// `npm start` on an empty database: a demo user for every role and ~40 fictional referrals across the four
// sites in every state, so a newcomer can click through at once. Never runs on a database with users.
import { count } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import { buildDomainServices, type Services } from '../services.ts';
import { SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { createUser } from '../auth/accounts.ts';
import { loadViewer } from '../auth/userRepository.ts';
import type { Role, Viewer } from '../access/viewer.ts';
import { fictionalReferral, type ExampleKind } from './fictionalReferrals.ts';
import { seedEpisodeLifecycleDemo } from './episodes.ts';
import { seedReleasePlanDemo } from './releasePlanning.ts';
import { seedCareDemo } from './care.ts';
import { seedAllocationDemo } from './allocation.ts';
import { seedHandoverDemo } from './handovers.ts';
import { seedOutboxDemo } from './outbox.ts';
import { seedMultiAgencyDemo } from './multiAgency.ts';
import { seedOutcomesDemo } from './outcomes.ts';
import { seedCaseStudyDemo } from './caseStudies.ts';

export const DEMO_PASSWORD = 'reconnect-demo-password';
const ALL_SITES = [
  'er-birmingham-solihull',
  'er-lancashire-cumbria',
  'reconnect-hampshire',
  'reconnect-east-of-england',
];

const DEMO_USERS: { email: string; name: string; role: Role; sites: string[]; organisation?: string }[] = [
  {
    email: 'referrer@example.org',
    name: 'Rachel Referrer',
    role: 'referrer',
    sites: [],
    organisation: 'Probation Service North West',
  },
  {
    email: 'referrer2@example.org',
    name: 'Ravi Referrer',
    role: 'referrer',
    sites: [],
    organisation: 'HMP Winchester healthcare',
  },
  { email: 'practitioner@example.org', name: 'Priya Practitioner', role: 'practitioner', sites: ALL_SITES },
  { email: 'manager@example.org', name: 'Morgan Manager', role: 'manager', sites: ALL_SITES },
  { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', sites: [] },
  { email: 'commissioner@example.org', name: 'Cal Commissioner', role: 'commissioner', sites: [] },
  { email: 'researcher@example.org', name: 'Rosa Researcher', role: 'researcher', sites: [] },
];

type Plan = { kind: ExampleKind; ageHours: number; then?: 'accept' | 'decline' | 'more_information' | 'answered' };

/** Ten referrals a site: waiting (some overdue), asked for more information, answered, accepted, declined. */
const PLANS: Plan[] = [
  { kind: 'eligible', ageHours: 2 },
  { kind: 'automatic', ageHours: 5 },
  { kind: 'discretionary', ageHours: 20 },
  { kind: 'ineligible', ageHours: 30 },
  { kind: 'eligible', ageHours: 80 },
  { kind: 'eligible', ageHours: 26, then: 'more_information' },
  { kind: 'discretionary', ageHours: 50, then: 'answered' },
  { kind: 'eligible', ageHours: 120, then: 'accept' },
  { kind: 'automatic', ageHours: 200, then: 'accept' },
  { kind: 'ineligible', ageHours: 150, then: 'decline' },
];

export async function seedDemo(services: Services): Promise<{ email: string; role: string }[]> {
  const { db, sites } = services;
  const [{ n }] = (await db.select({ n: count() }).from(users)) as [{ n: number }];
  if (n > 0) return [];
  const now = services.clock();
  const viewers = new Map<string, Viewer>();
  for (const u of DEMO_USERS) {
    const { id } = await createUser(
      db,
      sites,
      {
        email: u.email,
        name: u.name,
        role: u.role,
        siteCodes: u.sites,
        organisation: u.organisation,
        password: DEMO_PASSWORD,
      },
      SYSTEM_ACTOR,
      now,
    );
    const viewer = await loadViewer(db, id);
    if (!viewer) throw new Error(`The demo user ${u.email} was not made`);
    viewers.set(u.email, viewer);
  }
  const demoUser = (email: string): Viewer => {
    const viewer = viewers.get(email);
    if (!viewer) throw new Error(`No demo user ${email}`);
    return viewer;
  };
  let at = now;
  const core = { db, sites, clock: () => at };
  const { referrals, screening, episodes } = buildDomainServices(core);
  const practitioner = demoUser('practitioner@example.org');
  const manager = demoUser('manager@example.org');
  let seed = 1;
  const practitionersEpisodes: string[] = [];
  for (const site of ALL_SITES) {
    const referrer = demoUser(site.startsWith('er-') ? 'referrer@example.org' : 'referrer2@example.org');
    for (const plan of PLANS) {
      at = new Date(now.getTime() - plan.ageHours * 3_600_000);
      const body = fictionalReferral(site, seed++, at, plan.kind);
      const created = await db.transaction((tx) => referrals.submit(tx, referrer, body));
      if (!plan.then) continue;
      at = new Date(at.getTime() + 3 * 3_600_000);
      const decider = created.restricted ? manager : practitioner;
      const decision = plan.then === 'answered' ? 'more_information' : plan.then;
      const reason =
        decision === 'decline'
          ? 'The person has not consented to the referral.'
          : decision === 'more_information'
            ? 'Has the person agreed to be referred, and where will they live on release?'
            : 'Meets the criteria; allocate at the next team meeting.';
      const updated = await db.transaction((tx) =>
        screening.decide(
          tx,
          decider,
          created.id,
          {
            decision,
            reason,
            ...(decision === 'decline'
              ? {
                  signposting:
                    'Discuss consent again with the person, then refer again. Community mental health team in the resettlement area.',
                }
              : {}),
          },
          created.version,
        ),
      );
      if (plan.then === 'accept') {
        // Accepted referrals go on to an episode of care; Enhanced RECONNECT after its consultation meeting.
        at = new Date(at.getTime() + 20 * 3_600_000);
        const consultation = site.startsWith('er-')
          ? {
              date: at.toISOString().slice(0, 10),
              decision: 'accept' as const,
              attendees: [
                { role: 'com' as const, name: 'Chris Community', organisation: 'Probation Service' },
                { role: 'pom' as const, name: 'Pat Prison', organisation: 'HMPPS' },
              ],
              rationale: 'Complex unmet health needs linked with offending; agrees to engage before release.',
            }
          : undefined;
        const opened = await db.transaction((tx) =>
          episodes.open(tx, decider, { referralId: created.id, ...(consultation ? { consultation } : {}) }),
        );
        if (!opened.declined && decider === practitioner) practitionersEpisodes.push(opened.episode.id);
        if (!opened.declined) {
          at = new Date(at.getTime() + 26 * 3_600_000);
          await db.transaction((tx) =>
            episodes.addContact(tx, decider, opened.episode.id, {
              at: at.toISOString(),
              type: 'in_prison',
              outcome: 'attended',
              durationMinutes: 45,
              notes: 'First meeting on the wing. Talked about release, housing and his GP.',
            }),
          );
        }
      }
      if (plan.then === 'answered') {
        at = new Date(at.getTime() + 5 * 3_600_000);
        await db.transaction((tx) =>
          referrals.answerInformationRequest(
            tx,
            referrer,
            created.id,
            'Yes, he agreed on the wing on Monday. He will live with his sister in the catchment.',
            updated.version,
          ),
        );
      }
    }
  }
  // A second referral for someone already known: shows matching and the person's earlier referrals.
  at = now;
  const again = fictionalReferral('reconnect-hampshire', 21, now, 'eligible');
  await db.transaction((tx) => referrals.submit(tx, demoUser('referrer2@example.org'), again));
  // The rest of a case's life: contacts of every outcome, release plans part done (one out of area, one with an
  // uncertain date and no contingency plan), assessments, formulations and plans, co-workers and loads, and
  // handovers between teams. The worklist is computed from all of it.
  await seedEpisodeLifecycleDemo(services, practitioner, practitionersEpisodes.slice(0, 4));
  await seedReleasePlanDemo(services, practitioner);
  await seedCareDemo(services, manager);
  await seedAllocationDemo(services);
  await seedHandoverDemo(services, { practitioner, manager });
  // The agencies around two people: a professionals' meeting with actions, partner notes and a MAPPA meeting.
  await seedMultiAgencyDemo(services, { manager, practitioner, referrer: demoUser('referrer@example.org') });
  // Six months of history at every site: measures over time, links after release that hit and miss the 21
  // days, closures, so the outcomes pages and the reports have something to show.
  await seedOutcomesDemo(services, { manager, referrer: demoUser('referrer@example.org') });
  // Case studies for reflective practice (seed 002): one approved, ready to download, and one draft to edit.
  await seedCaseStudyDemo(services, manager);
  // The morning's digest of the safety net, so the email outbox and notifications have something to show.
  await seedOutboxDemo(services);
  return DEMO_USERS.map((u) => ({ email: u.email, role: u.role }));
}
