// The facade's Patient (issue 12): a person as their newest referral the viewer may see names them (as
// search does: search/presenter.ts), read by id, found by identifier through the team's search (issue 10),
// and `$everything` about them. Every read is the JSON API's own service call, with its scope and its audit.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ReferralService } from '../referrals/service.ts';
import type { NamedPersonView } from '../referrals/presenter.ts';
import type { EpisodeService } from '../episodes/service.ts';
import type { SearchService } from '../search/service.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { NotFound } from '../http/errors.ts';
import { isUuid } from '../http/ids.ts';
import { parseQuery } from '../search/rules.ts';
import { NHS_NUMBER_SYSTEM, type Systems } from './systems.ts';
import type { Bundle, Identifier, Resource } from './resources.ts';
import { invalid, unlessHidden } from './outcome.ts';
import { token, type SearchRequest } from './rules.ts';
import type { FhirCareService } from './careService.ts';
import {
  presentEpisodeOfCare,
  presentPatient,
  presentSearchset,
  presentServiceRequest,
  presentSiteOrganization,
} from './presenter.ts';

export interface FhirPatientDeps {
  systems: Systems;
  sites: Pick<SiteCatalogue, 'get'>;
  referrals: Pick<ReferralService, 'read' | 'list' | 'namedPeople'>;
  episodes: Pick<EpisodeService, 'read' | 'list'>;
  search: Pick<SearchService, 'people'>;
  care: Pick<FhirCareService, 'search'>;
}

export function createFhirPatientService({ systems, sites, referrals, episodes, search, care }: FhirPatientDeps) {
  /** The person as their newest referral the viewer may see names them, read (and audited) as the JSON API reads it. */
  async function newestNamed(db: Queryable, viewer: Viewer, personId: string): Promise<NamedPersonView> {
    if (!isUuid(personId)) throw new NotFound();
    const [newest] = await referrals.list(db, viewer, { personId, limit: 1 });
    const [named] = newest ? await referrals.namedPeople(db, viewer, [newest.id]) : [];
    if (!named) throw new NotFound();
    return named;
  }

  async function read(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    return presentPatient(await newestNamed(db, viewer, id), systems);
  }

  /** The person kinds search knows (search/rules.ts), by the identifier system that names them. */
  const kindOfSystem = new Map<string, string>([
    [NHS_NUMBER_SYSTEM, 'nhsNumber'],
    [systems.prisonNumber, 'prisonNumber'],
    [systems.crn, 'crn'],
  ]);
  const systemOfKind = { nhsNumber: NHS_NUMBER_SYSTEM, prisonNumber: systems.prisonNumber, crn: systems.crn };

  /**
   * What `Patient?identifier=` (or `?_id=`) matches, before `_lastUpdated` and paging: the team's search
   * (issue 10), with its scope and its audit, each person found read as their newest referral names them.
   */
  async function matching(db: Queryable, viewer: Viewer, s: SearchRequest): Promise<Resource[]> {
    const id = s.params.get('_id');
    const identifier = s.params.get('identifier');
    if (id !== undefined && identifier === undefined) {
      const found = await unlessHidden(read(db, viewer, id));
      return found ? [found] : [];
    }
    if (identifier === undefined)
      throw invalid(400, [{ field: 'Patient', message: 'Search for a Patient by identifier or _id' }]);
    const { system, code } = token(identifier);
    // A system this service does not hold names no one here.
    if (system !== undefined && !kindOfSystem.has(system)) return [];
    const asked = parseQuery(code);
    const expected = system === undefined ? undefined : kindOfSystem.get(system);
    if (typeof asked === 'string' || asked.kind === 'name' || (expected && asked.kind !== expected))
      throw invalid(400, [
        { field: 'Patient.identifier', message: 'Give an NHS number, prison number or CRN in its system' },
      ]);
    // Each person the search finds, as their newest referral the viewer may see names them: the referral a
    // read of the Patient names them by (the search orders a person's referrals as the referral list does).
    const named = await search.people(db, viewer, code, id);
    // Search matches the person record, which gathers every identifier its referrals named; a Patient is
    // the person as their newest visible referral names them, so it matches only when that referral names
    // the identifier asked for: a read of the same id says the same, and one referral's identifiers are
    // never put beside another's.
    return named
      .map((person) => presentPatient(person, systems))
      .filter((patient) =>
        (patient.identifier as Identifier[]).some(
          (i) => i.system === systemOfKind[asked.kind] && i.value === asked.value,
        ),
      );
  }

  return {
    read,

    /** The person as their newest visible referral names them (a ServiceRequest's subject), audited as a read. */
    newestNamed,

    matching,

    /**
     * `Patient/{id}/$everything` (FHIR R4 patient-operation-everything): the Patient, each of their referrals
     * and episodes the viewer may see, the support plans, goals, actions and wellbeing measures on those
     * episodes the viewer's role may read, and the sites they name, each read and audited as its own read is.
     */
    async everything(db: Queryable, viewer: Viewer, baseUrl: string, id: string): Promise<Bundle> {
      const patient = await read(db, viewer, id);
      const rows = await referrals.list(db, viewer, { personId: id, limit: 100 });
      const requests: Resource[] = [];
      for (const row of rows) requests.push(presentServiceRequest(await referrals.read(db, viewer, row.id), systems));
      const ofPerson = (await episodes.list(db, viewer, {})).filter((v) => v.personId === id);
      const episodesOfCare: Resource[] = [];
      for (const v of ofPerson)
        episodesOfCare.push(presentEpisodeOfCare(await episodes.read(db, viewer, v.id), systems));
      const byPatient = { params: new Map([['patient', id]]), count: 1000, offset: 0 };
      const careRecord: Resource[] = [];
      if (ofPerson.length)
        for (const type of ['CarePlan', 'Goal', 'Task', 'Observation', 'QuestionnaireResponse'] as const)
          careRecord.push(...(await care.search(db, viewer, type, byPatient)));
      const siteCodes = new Set([...rows.map((r) => r.siteCode), ...ofPerson.map((v) => v.site)]);
      const organizations = [...siteCodes].flatMap((code) => {
        const site = sites.get(code);
        return site ? [presentSiteOrganization(site, systems)] : [];
      });
      const resources = [patient, ...requests, ...episodesOfCare, ...careRecord, ...organizations];
      const everything = { params: new Map<string, string>(), count: resources.length, offset: 0 };
      return {
        ...presentSearchset(baseUrl, `Patient/${id}/$everything`, everything, resources.length, resources),
        link: [{ relation: 'self', url: `${baseUrl}/Patient/${id}/$everything` }],
      };
    },
  };
}

export type FhirPatientService = ReturnType<typeof createFhirPatientService>;
