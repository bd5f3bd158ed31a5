// Demo data for multi-agency working: seed 002 from the agencies' side. A partner directory for every site;
// the East of England case study (a man over 60 with hearing, sight, literacy and alcohol needs, a registered
// sex offender released from court): a professionals' meeting a few days after the referral with actions at
// probation, housing and the GP ("RECONNECT convened an MDT meeting a few days after receiving their
// referral"), partner notes arriving late ("notes need to be compared between agencies"), and a request to
// share refused for want of consent; and an Enhanced RECONNECT case discussed at a MAPPA level 2 meeting.
//
// Idempotent: it runs in one transaction and does nothing once the directory holds its first entry.
import type { Services } from '../services.ts';
import { buildDomainServices } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { HttpError } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { DEMO_DIRECTORY as DIRECTORY, EAST } from './multiAgencyDirectory.ts';
import { fictionalReferral } from './fictionalReferrals.ts';
import { seedMappaCase } from './multiAgencyMappa.ts';

const MARKER = 'Norwich Probation Delivery Unit';

export interface MultiAgencyDemoUsers {
  /** A manager of every site (keeps the directory, records the meetings). */
  manager: Viewer;
  practitioner: Viewer;
  referrer: Viewer;
}

/** Seeds the demo once; returns whether it did. */
export async function seedMultiAgencyDemo(services: Services, who: MultiAgencyDemoUsers): Promise<boolean> {
  const { db, sites } = services;
  const now = services.clock();
  let at = now;
  // The story is told over a fortnight: services on a clock of the demo's own (as seedDemo.ts does).
  const s = buildDomainServices({ db, sites, clock: () => at });
  const daysAgo = (days: number, hour = 10) => new Date(now.getTime() - days * 86_400_000 + (hour - 10) * 3_600_000);
  const dayOf = (days: number) => londonDate(daysAgo(days));
  const { manager, practitioner, referrer } = who;

  return db.transaction(async (tx) => {
    if ((await s.partners.list(tx, manager, { q: MARKER })).length) return false;
    const ids = new Map<string, string>();
    for (const [site, entries] of Object.entries(DIRECTORY)) {
      for (const [name, kind, area] of entries) {
        const { created } = await s.partners.create(
          tx,
          manager,
          { name, kind, area, email: `${site}.${kind}@example.org` },
          { allowDuplicates: true },
        );
        if (created) ids.set(name, created.id);
      }
    }
    const id = (name: string) => {
      const found = ids.get(name);
      if (!found) throw new Error(`The demo directory has no ${name}`);
      return found;
    };

    // Seed 002: referred 12 days ago, accepted the next day; the episode opens at once (RECONNECT).
    at = daysAgo(12);
    const body = fictionalReferral(EAST, 9002, at, 'eligible');
    body.person = { ...body.person, givenName: 'Derek', familyName: 'Wiśniewski-O’Brien', dateOfBirth: '1962-03-14' };
    body.custody = {
      ...body.custody,
      establishment: 'HMP Norwich',
      expectedReleaseDate: dayOf(-9),
      resettlementArea: 'Norfolk',
    };
    body.healthNeeds =
      'Over 60; hard of hearing and poor eyesight; cannot read letters; alcohol misuse; queried learning disability or dementia. Registered sex offender. Released out of area twice this year.';
    const referral = await s.referrals.submit(tx, referrer, body);
    at = daysAgo(11);
    await s.screening.decide(tx, practitioner, referral.id, { decision: 'accept' }, referral.version);
    const opened = await s.episodes.open(tx, manager, { referralId: referral.id });
    if (opened.declined) throw new Error('The demo episode did not open');
    const episodeId = opened.episode.id;

    at = daysAgo(10);
    await s.network.addMember(tx, practitioner, episodeId, {
      partnerId: id('Norwich Probation Delivery Unit'),
      name: 'Chris Offender-Manager',
      role: 'com',
      email: 'chris.om@example.org',
      from: dayOf(30),
    });
    await s.network.addMember(tx, practitioner, episodeId, {
      partnerId: id('HMP Norwich Healthcare'),
      name: 'Pat Prison',
      role: 'pom',
      from: dayOf(200),
    });
    await s.network.addMember(tx, practitioner, episodeId, {
      partnerId: id('Riverside Medical Centre, Norwich'),
      name: 'Dr Amara Okafor',
      role: 'gp',
      from: dayOf(10),
    });
    await s.network.addMember(tx, practitioner, episodeId, {
      partnerId: id('Norwich City Council Housing Options'),
      name: 'Hana Housing',
      role: 'housing_officer',
      phone: '01632 960123',
      from: dayOf(10),
    });
    for (const partner of [
      'Norwich Probation Delivery Unit',
      'Riverside Medical Centre, Norwich',
      'Norwich City Council Housing Options',
    ])
      await s.sharing.setConsent(tx, practitioner, episodeId, id(partner), {
        given: true,
        recordedOn: dayOf(10),
        scope: 'Health needs, the release plan and who to contact',
      });
    await s.sharing.setConsent(tx, practitioner, episodeId, id('Anchor Lodge Supported Housing'), {
      given: false,
      recordedOn: dayOf(10),
      scope: 'Does not want his offending history shared with the hostel',
    });

    // A professionals' meeting a few days after the referral, with actions at probation, housing and the GP.
    at = daysAgo(9, 15);
    const meeting = await s.meetings.record(tx, manager, episodeId, {
      kind: 'professionals',
      heldOn: dayOf(9),
      attendees: [
        {
          name: 'Chris Offender-Manager',
          organisation: 'Norwich Probation Delivery Unit',
          role: 'COM',
          present: true,
          partnerId: id('Norwich Probation Delivery Unit'),
        },
        {
          name: 'Hana Housing',
          organisation: 'Norwich City Council Housing Options',
          role: 'Housing officer',
          present: true,
          partnerId: id('Norwich City Council Housing Options'),
        },
        {
          name: 'Dr Amara Okafor',
          organisation: 'Riverside Medical Centre, Norwich',
          role: 'GP',
          present: false,
          partnerId: id('Riverside Medical Centre, Norwich'),
        },
        { name: 'Pat Prison', organisation: 'HMP Norwich Healthcare', role: 'POM', present: true },
        { name: manager.name, organisation: 'RECONNECT East of England', role: 'Team manager', present: true },
      ],
      summary:
        'Release may come from court with little warning ("time served"). Last two releases were out of area, to unsuitable housing, where he was exploited. No one had the full picture: agreed to share one chronology and to meet again before release.',
      decisions:
        'Release address in Norwich, near his sister. Housing to assess under the Duty to Refer. A contingency plan for a release from court.',
      teamContribution: {
        attended: true,
        informed: true,
        note: 'Summarised his hearing, sight and literacy needs: letters must be read to him.',
      },
      actions: [
        {
          description: 'Send the licence conditions and tell the Norwich probation team of the release date',
          ownerName: 'Chris Offender-Manager',
          ownerOrganisation: 'Norwich Probation Delivery Unit',
          ownerPartnerId: id('Norwich Probation Delivery Unit'),
          dueOn: dayOf(7),
        },
        {
          description: 'Assess under the Duty to Refer and offer a room near his sister',
          ownerName: 'Hana Housing',
          ownerOrganisation: 'Norwich City Council Housing Options',
          ownerPartnerId: id('Norwich City Council Housing Options'),
          dueOn: dayOf(3),
        },
        {
          description: 'Register him and book a hearing and memory assessment',
          ownerName: 'Dr Amara Okafor',
          ownerOrganisation: 'Riverside Medical Centre, Norwich',
          ownerPartnerId: id('Riverside Medical Centre, Norwich'),
          dueOn: dayOf(-5),
        },
        {
          description: 'Write the contingency plan for a release from court',
          ownerName: practitioner.name,
          ownerOrganisation: 'RECONNECT East of England',
          ownerUserId: practitioner.id,
          dueOn: dayOf(5),
        },
      ],
    });
    const [licence, , , contingency] = meeting.actions;
    at = daysAgo(6);
    if (licence)
      await s.actions.update(
        tx,
        manager,
        licence.id,
        { status: 'done', note: 'Licence conditions received; Norwich probation told of the date.' },
        licence.version,
      );
    at = daysAgo(4);
    if (contingency)
      await s.actions.update(
        tx,
        practitioner,
        contingency.id,
        { status: 'done', note: 'Contingency plan written and shared with the court liaison team.' },
        contingency.version,
      );

    // The hostel asks for his history; he refused consent: sharing on consent is refused, and the decision recorded.
    at = daysAgo(5);
    const ask = {
      direction: 'sent' as const,
      partnerId: id('Anchor Lodge Supported Housing'),
      sharedOn: dayOf(5),
      what: 'His offending history and risk summary',
      lawfulBasis: 'consent' as const,
    };
    try {
      await tx.transaction((inner) => s.sharing.share(inner, practitioner, episodeId, ask));
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode !== 409) throw error;
    }
    await s.sharing.share(tx, practitioner, episodeId, {
      direction: 'declined',
      partnerId: id('Anchor Lodge Supported Housing'),
      sharedOn: dayOf(5),
      what: 'Anchor Lodge asked for his offending history and risk summary',
      justification:
        'He refused consent to share with the hostel, and there is no safeguarding need that overrides it: housing is being arranged through the council.',
    });
    await s.sharing.share(tx, practitioner, episodeId, {
      direction: 'sent',
      partnerId: id('Riverside Medical Centre, Norwich'),
      sharedOn: dayOf(5),
      what: 'Health needs summary, medication on release and his communication needs',
      lawfulBasis: 'consent',
    });

    // Partner notes arriving late: placed where they happened, recorded when the team heard.
    at = daysAgo(1);
    await s.network.addNote(tx, practitioner, episodeId, {
      partnerId: id('Norwich Probation Delivery Unit'),
      occurredAt: daysAgo(8, 11).toISOString(),
      author: 'Chris Offender-Manager',
      text: 'Court hearing brought forward: he may be released as time served straight from court. Told by phone; the email only arrived now.',
    });
    await s.network.addNote(tx, practitioner, episodeId, {
      partnerId: id('Riverside Medical Centre, Norwich'),
      occurredAt: daysAgo(3, 14).toISOString(),
      author: 'Practice receptionist',
      text: 'Registered with the practice; hearing test booked. He will need someone with him to read the letters.',
    });

    await seedMappaCase({
      tx,
      s,
      manager,
      referrer,
      id,
      dayOf,
      daysAgo,
      setClock: (d) => {
        at = d;
      },
    });
    at = now;
    return true;
  });
}
