// Demo data, continued (src/demo/multiAgency.ts): an Enhanced RECONNECT case discussed at a MAPPA level 2
// meeting (category 1), convened by probation, with actions at the police, probation and the team, and what
// the team shared with the police on the basis of its public task (MAPPA's duty to co-operate).
import type { Tx } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import type { DomainServices } from '../services.ts';
import { fictionalReferral } from './fictionalReferrals.ts';
import { LANCS } from './multiAgencyDirectory.ts';

export interface MappaStory {
  tx: Tx;
  s: DomainServices;
  manager: Viewer;
  referrer: Viewer;
  /** A directory entry's id by its name. */
  id(name: string): string;
  dayOf(daysAgo: number): string;
  daysAgo(days: number, hour?: number): Date;
  /** Moves the demo's clock (what the services record as now). */
  setClock(at: Date): void;
}

export async function seedMappaCase({
  tx,
  s,
  manager,
  referrer,
  id,
  dayOf,
  daysAgo,
  setClock,
}: MappaStory): Promise<void> {
  setClock(daysAgo(20));
  const erBody = fictionalReferral(LANCS, 9003, daysAgo(20), 'eligible');
  const erReferral = await s.referrals.submit(tx, referrer, erBody);
  setClock(daysAgo(19));
  await s.screening.decide(tx, manager, erReferral.id, { decision: 'accept' }, erReferral.version);
  const erOpened = await s.episodes.open(tx, manager, {
    referralId: erReferral.id,
    consultation: {
      date: dayOf(19),
      decision: 'accept',
      attendees: [
        { role: 'com', name: 'Jo Probation', organisation: 'Blackpool Probation Delivery Unit' },
        { role: 'pom', name: 'Ali Preston', organisation: 'HMP Preston' },
      ],
      rationale: 'High risk of sexual harm; complex mental health needs; agrees to engage before release.',
    },
  });
  if (erOpened.declined) throw new Error('The demo ER episode did not open');
  const erEpisode = erOpened.episode.id;
  await s.network.addMember(tx, manager, erEpisode, {
    partnerId: id('Blackpool Probation Delivery Unit'),
    name: 'Jo Probation',
    role: 'com',
    from: dayOf(60),
  });
  await s.network.addMember(tx, manager, erEpisode, {
    partnerId: id('Lancashire Police Public Protection Unit'),
    name: 'DC Lee Morris',
    role: 'police_offender_manager',
    from: dayOf(60),
  });
  await s.network.addMember(tx, manager, erEpisode, {
    partnerId: id('Preston Approved Premises'),
    name: 'Sam Keyworker',
    role: 'approved_premises_key_worker',
    from: dayOf(-20),
  });
  setClock(daysAgo(2, 16));
  await s.meetings.record(tx, manager, erEpisode, {
    kind: 'mappa',
    heldOn: dayOf(2),
    mappaLevel: 2,
    mappaCategory: 1,
    convenedByPartnerId: id('Blackpool Probation Delivery Unit'),
    attendees: [
      {
        name: 'Jo Probation',
        organisation: 'Blackpool Probation Delivery Unit',
        role: 'Chair',
        present: true,
        partnerId: id('Blackpool Probation Delivery Unit'),
      },
      {
        name: 'DC Lee Morris',
        organisation: 'Lancashire Police Public Protection Unit',
        present: true,
        partnerId: id('Lancashire Police Public Protection Unit'),
      },
      {
        name: 'Sam Keyworker',
        organisation: 'Preston Approved Premises',
        present: false,
        partnerId: id('Preston Approved Premises'),
      },
      {
        name: manager.name,
        organisation: 'Enhanced RECONNECT Lancashire and Cumbria',
        role: 'Psychologist',
        present: true,
      },
    ],
    summary:
      'Risk management plan for release to approved premises in Preston. Enhanced RECONNECT to continue formulation-led work and advise on triggers.',
    decisions: 'Level 2 management continues; exclusion zone around the victim’s area; review in eight weeks.',
    teamContribution: {
      attended: true,
      informed: true,
      note: 'Shared the formulation summary and the triggers for relapse.',
    },
    actions: [
      {
        description: 'Confirm the approved premises bed and the licence conditions',
        ownerName: 'Jo Probation',
        ownerOrganisation: 'Blackpool Probation Delivery Unit',
        ownerPartnerId: id('Blackpool Probation Delivery Unit'),
        dueOn: dayOf(1),
      },
      {
        description: 'Complete the ViSOR record and the home visit plan',
        ownerName: 'DC Lee Morris',
        ownerOrganisation: 'Lancashire Police Public Protection Unit',
        ownerPartnerId: id('Lancashire Police Public Protection Unit'),
        dueOn: dayOf(-7),
      },
      {
        description: 'Send the triggers and early warning signs to the approved premises',
        ownerName: 'The team',
        ownerOrganisation: 'Enhanced RECONNECT Lancashire and Cumbria',
        ownedByTeam: true,
        dueOn: dayOf(-3),
      },
    ],
  });
  await s.sharing.share(tx, manager, erEpisode, {
    direction: 'sent',
    partnerId: id('Lancashire Police Public Protection Unit'),
    sharedOn: dayOf(2),
    what: 'Formulation summary: triggers and early warning signs',
    lawfulBasis: 'public_task',
    justification:
      'MAPPA duty to co-operate (Criminal Justice Act 2003 s.325); only what the risk management plan needs.',
  });
}
