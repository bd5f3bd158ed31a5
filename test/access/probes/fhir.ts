// The FHIR R4 facade (issue 12): "restricted records never appear in a search, an include, a count or an
// error". Every FHIR route as every kind of user: the restricted person by id and by each identifier, their
// referral by id, reference and patient, their episode by id and patient, and a ServiceRequest naming them
// (by subject, and as a contained duplicate), which must not say they exist.
import { fictionalReferral } from '../../../src/demo/fictionalReferrals.ts';
import { NHS_NUMBER_SYSTEM, type Systems } from '../../../src/fhir/systems.ts';
import { serviceRequestOf } from '../../support/fhir.ts';
import { londonDate } from '../../../src/identifiers/dates.ts';
import type { Probe, ProbeModule } from './probe.ts';

const SECRET_NAME = 'Quarrington-Vesey';
let systems: Systems | undefined;
let now = new Date();
/** A contact on the restricted episode, recorded by its site's manager. */
let restrictedContactId = '';
/** The restricted episode's care record, recorded by its site's manager: a goal and its action, a meeting's action, a measure. */
let goalId = '';
let planActionId = '';
let meetingActionId = '';
let measureId = '';
const GOAL_WORDS = 'Vesey goal: cook for the family';
const PLAN_ACTION_WORDS = 'Vesey action: find a cookery course';
const MEETING_ACTION_WORDS = 'Vesey action: send the licence conditions';
const CLINICAL = () => [GOAL_WORDS, PLAN_ACTION_WORDS, MEETING_ACTION_WORDS];

const systemsNow = (): Systems => {
  if (!systems) throw new Error('prepare runs first');
  return systems;
};

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    systems = t.services.fhir.systems;
    now = t.clock.now;
    const contact = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${ids.restrictedEpisodeId}/contacts`,
      payload: { at: '2026-11-09T10:00:00Z', type: 'phone', outcome: 'attended' },
    });
    restrictedContactId = contact.json<{ id: string }>().id;
    const post = async (url: string, payload: object) => {
      const res = await t.api(manager.token, { method: 'POST', url, payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.body}`);
      return res.json<{ id: string; actions?: { id: string }[] }>();
    };
    const today = londonDate(now);
    const plan = `/api/v1/episodes/${ids.restrictedEpisodeId}/plan`;
    goalId = (await post(`${plan}/goals`, { needDomain: 'strengths', description: GOAL_WORDS })).id;
    planActionId = (
      await post(`${plan}/goals/${goalId}/actions`, {
        description: PLAN_ACTION_WORDS,
        owner: { kind: 'person' },
        dueOn: today,
      })
    ).id;
    const meeting = await post(`/api/v1/episodes/${ids.restrictedEpisodeId}/meetings`, {
      kind: 'professionals',
      heldOn: today,
      attendees: [{ name: 'Sam Current', organisation: 'Probation', present: true }],
      summary: 'Release soon.',
      decisions: 'Licence conditions to be shared.',
      actions: [
        { description: MEETING_ACTION_WORDS, ownerName: 'Sam Current', ownerOrganisation: 'Probation', dueOn: today },
      ],
    });
    meetingActionId = meeting.actions?.[0]?.id ?? '';
    measureId = (
      await post(`/api/v1/episodes/${ids.restrictedEpisodeId}/measures`, {
        instrument: 'swemwbs',
        administeredOn: today,
        answers: [3, 3, 3, 3, 3, 3, 3],
      })
    ).id;
  },
  probes: (ids) => {
    /**
     * `echo`: what the search named, which its `self` link repeats back; a hit would still be caught by the
     * other secrets it carries (the name, the reference, the person's and the referral's ids).
     */
    const get = (route: string, url: () => string, echo?: () => string): Probe => ({
      route: `GET /fhir/R4${route}`,
      method: 'GET',
      url,
      ...(echo ? { echoes: () => [echo()] } : {}),
    });
    const person = () => ids().restrictedPerson;
    /** A probe of the team's care record, which a referrer must never read, even of their own referral. */
    const care = (probe: Probe): Probe[] => [{ ...probe, teamOnly: CLINICAL }];
    const q = encodeURIComponent;
    /** Each probe's own referral stays restricted (priority group 1), so it shows up for no user walked after it. */
    const restrictedRequest = () => {
      const body = fictionalReferral(ids().site, 4343, now, 'automatic');
      return serviceRequestOf({ ...body, priorityGroup: 1 }, systemsNow());
    };
    return [
      get('/metadata', () => '/fhir/R4/metadata'),
      get('/.well-known/smart-configuration', () => '/fhir/R4/.well-known/smart-configuration'),
      get('/Patient/:id', () => `/fhir/R4/Patient/${ids().restrictedPersonId}`),
      get(
        '/Patient',
        () => `/fhir/R4/Patient?_id=${ids().restrictedPersonId}`,
        () => ids().restrictedPersonId,
      ),
      get(
        '/Patient',
        () => `/fhir/R4/Patient?identifier=${q(`${NHS_NUMBER_SYSTEM}|${person().nhsNumber}`)}`,
        () => person().nhsNumber,
      ),
      get(
        '/Patient',
        () => `/fhir/R4/Patient?identifier=${q(person().nhsNumber)}`,
        () => person().nhsNumber,
      ),
      get(
        '/Patient',
        () => `/fhir/R4/Patient?identifier=${q(`${systemsNow().prisonNumber}|${person().prisonNumber}`)}`,
        () => person().prisonNumber,
      ),
      get(
        '/Patient',
        () => `/fhir/R4/Patient?identifier=${q(`${systemsNow().crn}|${person().crn}`)}`,
        () => person().crn,
      ),
      get('/Patient/:id/$everything', () => `/fhir/R4/Patient/${ids().restrictedPersonId}/$everything`),
      get('/ServiceRequest/:id', () => `/fhir/R4/ServiceRequest/${ids().restrictedReferralId}`),
      get('/ServiceRequest', () => '/fhir/R4/ServiceRequest'),
      get(
        '/ServiceRequest',
        () => `/fhir/R4/ServiceRequest?_id=${ids().restrictedReferralId}`,
        () => ids().restrictedReferralId,
      ),
      get(
        '/ServiceRequest',
        () => `/fhir/R4/ServiceRequest?patient=Patient/${ids().restrictedPersonId}`,
        () => ids().restrictedPersonId,
      ),
      get(
        '/ServiceRequest',
        () => `/fhir/R4/ServiceRequest?identifier=${q(ids().restrictedReference)}&_count=100`,
        () => ids().restrictedReference,
      ),
      get('/ServiceRequest', () => '/fhir/R4/ServiceRequest?status=completed'),
      get('/EpisodeOfCare/:id', () => `/fhir/R4/EpisodeOfCare/${ids().restrictedEpisodeId}`),
      get('/EpisodeOfCare', () => '/fhir/R4/EpisodeOfCare'),
      get(
        '/EpisodeOfCare',
        () => `/fhir/R4/EpisodeOfCare?_id=${ids().restrictedEpisodeId}`,
        () => ids().restrictedEpisodeId,
      ),
      get(
        '/EpisodeOfCare',
        () => `/fhir/R4/EpisodeOfCare?patient=${ids().restrictedPersonId}`,
        () => ids().restrictedPersonId,
      ),
      get('/EpisodeOfCare', () => `/fhir/R4/EpisodeOfCare?organization=Organization/${ids().site}`),
      get('/Encounter/:id', () => `/fhir/R4/Encounter/${restrictedContactId}`),
      get(
        '/Encounter',
        () => `/fhir/R4/Encounter?episode-of-care=EpisodeOfCare/${ids().restrictedEpisodeId}`,
        () => ids().restrictedEpisodeId,
      ),
      // _include never brings in what the caller may not read.
      get('/EpisodeOfCare', () => '/fhir/R4/EpisodeOfCare?_include=EpisodeOfCare:patient&_count=100'),
      // Each caller's own referrals include the Patients they sent themselves in other probes: the look-alike of
      // the restricted person (SECRET_NAME) and referrals naming one of their identifiers (probes/matching.ts).
      // Those are echoes; the restricted Patient itself would still be caught by its id (in fullUrl and id).
      {
        ...get('/ServiceRequest', () => '/fhir/R4/ServiceRequest?_include=ServiceRequest:subject&_count=100'),
        echoes: () => [SECRET_NAME, person().nhsNumber, person().prisonNumber, person().crn],
      },
      get(
        '/Encounter',
        () =>
          `/fhir/R4/Encounter?episode-of-care=EpisodeOfCare/${ids().restrictedEpisodeId}&_include=Encounter:patient`,
        () => ids().restrictedEpisodeId,
      ),
      get('/ServiceRequest', () => '/fhir/R4/ServiceRequest?_lastUpdated=ge2000-01-01&_count=100'),
      // The care record: the support plan, goals, plan and meeting actions, wellbeing measures.
      ...care(get('/CarePlan/:id', () => `/fhir/R4/CarePlan/${ids().restrictedEpisodeId}`)),
      ...care(
        get(
          '/CarePlan',
          () => `/fhir/R4/CarePlan?patient=${ids().restrictedPersonId}&_include=CarePlan:goal`,
          () => ids().restrictedPersonId,
        ),
      ),
      ...care(
        get(
          '/CarePlan',
          () => `/fhir/R4/CarePlan?_id=${ids().restrictedEpisodeId}`,
          () => ids().restrictedEpisodeId,
        ),
      ),
      ...care(get('/Goal/:id', () => `/fhir/R4/Goal/${goalId}`)),
      ...care(
        get(
          '/Goal',
          () => `/fhir/R4/Goal?patient=Patient/${ids().restrictedPersonId}&_include=Goal:patient`,
          () => ids().restrictedPersonId,
        ),
      ),
      ...care(get('/Task/:id', () => `/fhir/R4/Task/${planActionId}`)),
      ...care(get('/Task/:id', () => `/fhir/R4/Task/${meetingActionId}`)),
      ...care(
        get(
          '/Task',
          () => `/fhir/R4/Task?patient=${ids().restrictedPersonId}&_include=Task:focus&_include=Task:patient`,
          () => ids().restrictedPersonId,
        ),
      ),
      ...care(get('/Task', () => `/fhir/R4/Task?_id=${meetingActionId}`)),
      ...care(get('/Observation/:id', () => `/fhir/R4/Observation/${measureId}`)),
      ...care(
        get(
          '/Observation',
          () => `/fhir/R4/Observation?patient=${ids().restrictedPersonId}&_include=Observation:derived-from`,
          () => ids().restrictedPersonId,
        ),
      ),
      ...care(get('/QuestionnaireResponse/:id', () => `/fhir/R4/QuestionnaireResponse/${measureId}`)),
      ...care(
        get(
          '/QuestionnaireResponse',
          () => `/fhir/R4/QuestionnaireResponse?patient=${ids().restrictedPersonId}`,
          () => ids().restrictedPersonId,
        ),
      ),
      ...[() => planActionId, () => meetingActionId].map((id): Probe => ({
        route: 'PUT /fhir/R4/Task/:id',
        method: 'PUT',
        url: () => `/fhir/R4/Task/${id()}`,
        payload: () => ({
          resourceType: 'Task',
          id: id(),
          status: 'cancelled',
          intent: 'plan',
          note: [{ text: 'probe' }],
        }),
        teamOnly: CLINICAL,
      })),
      get('/Organization', () => '/fhir/R4/Organization'),
      get('/Organization/:slug', () => `/fhir/R4/Organization/${ids().site}`),
      {
        route: 'POST /fhir/R4/ServiceRequest',
        method: 'POST',
        url: () => '/fhir/R4/ServiceRequest',
        payload: () => ({
          ...restrictedRequest(),
          contained: undefined,
          subject: { reference: `Patient/${ids().restrictedPersonId}` },
        }),
        echoes: () => [ids().restrictedPersonId],
      },
      {
        route: 'POST /fhir/R4/ServiceRequest',
        method: 'POST',
        url: () => '/fhir/R4/ServiceRequest',
        payload: () => {
          const request = restrictedRequest();
          const [patient] = request.contained;
          return {
            ...request,
            contained: [
              {
                ...patient,
                identifier: [{ system: systemsNow().crn, value: 'Q987655' }],
                name: [{ family: SECRET_NAME, given: ['Probe'] }],
                birthDate: person().dateOfBirth,
              },
            ],
          };
        },
        echoes: [SECRET_NAME],
      },
    ];
  },
  /** A member of staff as a Practitioner: a name and an id, no one's record. */
  notRecordRoutes: ['GET /fhir/R4/Practitioner/:id'],
};
