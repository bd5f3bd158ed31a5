// The FHIR facade's verbs over the JSON API's own services: every read goes through the same scoped reads,
// audits and presenters (no second path to the data); this folder only maps their views to FHIR resources.
// A record the viewer may not see is the services' own 404 (NotFound), so it is never in a search, a total
// or an error.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ReferralService } from '../referrals/service.ts';
import type { EpisodeService } from '../episodes/service.ts';
import type { SearchService } from '../search/service.ts';
import type { PartnerService } from '../partners/service.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { ReferralView } from '../referrals/presenter.ts';
import { makeReferralBodySchema } from '../referrals/schema.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { isUuid } from '../http/ids.ts';
import { parseQuery } from '../search/rules.ts';
import { NHS_NUMBER_SYSTEM, systemsOf } from './systems.ts';
import type { Bundle, Identifier, Resource } from './resources.ts';
import { invalid } from './outcome.ts';
import { asFhirErrors, readServiceRequest } from './schema.ts';
import { pageLinks, referenceId, token, type SearchRequest } from './rules.ts';
import {
  EPISODE_STATUS,
  presentEncounter,
  presentEpisodeOfCare,
  presentPartnerOrganization,
  presentPatient,
  presentPractitioner,
  presentServiceRequest,
  presentSiteOrganization,
  SERVICE_REQUEST_STATUS,
} from './presenter.ts';

export interface FhirDeps {
  clock: Clock;
  publicUrl: string;
  sites: Pick<SiteCatalogue, 'all' | 'get'>;
  referrals: Pick<ReferralService, 'read' | 'list' | 'count' | 'submit'>;
  episodes: Pick<EpisodeService, 'read' | 'list' | 'contacts' | 'contact'>;
  search: Pick<SearchService, 'search'>;
  partners: Pick<PartnerService, 'read'>;
  /** A user of this service by id, for Practitioner; undefined when there is none (or they are disabled). */
  userOf: (db: Queryable, id: string) => Promise<{ id: string; name: string } | undefined>;
}

/** A page of matches: `baseUrl` is where this request was made, for fullUrl and the links. */
function bundle(baseUrl: string, type: string, search: SearchRequest, total: number, resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: pageLinks(`${baseUrl}/${type}`, search, total),
    entry: resources.map((resource) => ({
      fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

const page = <T>(all: readonly T[], search: SearchRequest) => all.slice(search.offset, search.offset + search.count);

export function createFhirService({
  clock,
  publicUrl,
  sites,
  referrals,
  episodes,
  search,
  partners,
  userOf,
}: FhirDeps) {
  const systems = systemsOf(publicUrl);

  /** The person's newest referral the viewer may see, read (and audited) as the JSON API reads it. */
  async function newestReferralOf(db: Queryable, viewer: Viewer, personId: string): Promise<ReferralView> {
    if (!isUuid(personId)) throw new NotFound();
    const [newest] = await referrals.list(db, viewer, { personId, limit: 1 });
    if (!newest) throw new NotFound();
    return referrals.read(db, viewer, newest.id);
  }

  async function readPatient(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    return presentPatient(await newestReferralOf(db, viewer, id), systems);
  }

  /** The person kinds search knows (search/rules.ts), by the identifier system that names them. */
  const kindOfSystem = new Map<string, string>([
    [NHS_NUMBER_SYSTEM, 'nhsNumber'],
    [systems.prisonNumber, 'prisonNumber'],
    [systems.crn, 'crn'],
  ]);

  return {
    systems,

    readPatient,

    /** Patient?identifier= through the team's search (issue 10): the same hits, the same audit. */
    async searchPatients(db: Queryable, viewer: Viewer, baseUrl: string, s: SearchRequest): Promise<Bundle> {
      const id = s.params.get('_id');
      const identifier = s.params.get('identifier');
      if (id !== undefined && identifier === undefined) {
        const found = await readPatient(db, viewer, id).catch((e: unknown) => {
          if (e instanceof NotFound) return undefined;
          throw e;
        });
        return bundle(baseUrl, 'Patient', s, found ? 1 : 0, found && s.offset === 0 ? [found] : []);
      }
      if (identifier === undefined)
        throw invalid(400, [{ field: 'Patient', message: 'Search for a Patient by identifier or _id' }]);
      const { system, code } = token(identifier);
      // A system this service does not hold names no one here.
      if (system !== undefined && !kindOfSystem.has(system)) return bundle(baseUrl, 'Patient', s, 0, []);
      const asked = parseQuery(code);
      const expected = system === undefined ? undefined : kindOfSystem.get(system);
      if (typeof asked === 'string' || asked.kind === 'name' || (expected && asked.kind !== expected))
        throw invalid(400, [
          { field: 'Patient.identifier', message: 'Give an NHS number, prison number or CRN in its system' },
        ]);
      const result = await search.search(db, viewer, code);
      // Search matches the person record, which gathers every identifier its referrals named; a Patient is
      // the person as their newest visible referral names them (readPatient), so it matches only when that
      // referral names the identifier asked for: a read of the same id says the same, and one referral's
      // identifiers are never put beside another's.
      const systemOfKind = { nhsNumber: NHS_NUMBER_SYSTEM, prisonNumber: systems.prisonNumber, crn: systems.crn };
      const matches: Resource[] = [];
      for (const item of result.items) {
        if (id !== undefined && item.personId !== id) continue;
        const patient = await readPatient(db, viewer, item.personId);
        const named = (patient.identifier as Identifier[]).some(
          (i) => i.system === systemOfKind[asked.kind] && i.value === asked.value,
        );
        if (named) matches.push(patient);
      }
      return bundle(baseUrl, 'Patient', s, matches.length, page(matches, s));
    },

    /**
     * `Patient/{id}/$everything` (FHIR R4 patient-operation-everything): the Patient, each of their referrals
     * and episodes the viewer may see, and the sites they name, each read and audited as its own read is.
     */
    async everything(db: Queryable, viewer: Viewer, baseUrl: string, id: string): Promise<Bundle> {
      const patient = await readPatient(db, viewer, id);
      const rows = await referrals.list(db, viewer, { personId: id, limit: 100 });
      const requests: Resource[] = [];
      for (const row of rows) requests.push(presentServiceRequest(await referrals.read(db, viewer, row.id), systems));
      const ofPerson = (await episodes.list(db, viewer, {})).filter((v) => v.personId === id);
      const episodesOfCare: Resource[] = [];
      for (const v of ofPerson)
        episodesOfCare.push(presentEpisodeOfCare(await episodes.read(db, viewer, v.id), systems));
      const siteCodes = new Set([...rows.map((r) => r.siteCode), ...ofPerson.map((v) => v.site)]);
      const organizations = [...siteCodes].flatMap((code) => {
        const site = sites.get(code);
        return site ? [presentSiteOrganization(site, systems)] : [];
      });
      const resources = [patient, ...requests, ...episodesOfCare, ...organizations];
      const everything = { params: new Map<string, string>(), count: resources.length, offset: 0 };
      return {
        ...bundle(baseUrl, `Patient/${id}/$everything`, everything, resources.length, resources),
        link: [{ relation: 'self', url: `${baseUrl}/Patient/${id}/$everything` }],
      };
    },

    async readServiceRequest(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
      return presentServiceRequest(await referrals.read(db, viewer, id), systems);
    },

    async searchServiceRequests(db: Queryable, viewer: Viewer, baseUrl: string, s: SearchRequest): Promise<Bundle> {
      const patient = s.params.get('patient');
      const personId = patient === undefined ? undefined : referenceId(patient, 'Patient');
      const status = s.params.get('status');
      const statuses =
        status === undefined
          ? undefined
          : Object.entries(SERVICE_REQUEST_STATUS)
              .filter(([, fhir]) => status.split(',').includes(fhir))
              .map(([ours]) => ours);
      const identifier = s.params.get('identifier');
      const reference =
        identifier === undefined
          ? undefined
          : (({ system, code }) => (system === undefined || system === systems.referralReference ? code : undefined))(
              token(identifier),
            );
      const id = s.params.get('_id');
      const nothing =
        (patient !== undefined && (!personId || !isUuid(personId))) ||
        (identifier !== undefined && !reference) ||
        (statuses !== undefined && statuses.length === 0) ||
        (id !== undefined && !isUuid(id));
      if (nothing) return bundle(baseUrl, 'ServiceRequest', s, 0, []);
      if (id !== undefined) {
        const found = await referrals.read(db, viewer, id).catch((e: unknown) => {
          if (e instanceof NotFound) return undefined;
          throw e;
        });
        const match =
          found &&
          (!personId || found.personId === personId) &&
          (!statuses || statuses.includes(found.status)) &&
          (!reference || found.reference === reference);
        return bundle(
          baseUrl,
          'ServiceRequest',
          s,
          match ? 1 : 0,
          match && s.offset === 0 ? [presentServiceRequest(found, systems)] : [],
        );
      }
      const filter = { personId, statuses, reference };
      const total = await referrals.count(db, viewer, filter);
      const rows = await referrals.list(db, viewer, { ...filter, limit: s.count, offset: s.offset });
      const resources: Resource[] = [];
      for (const row of rows) resources.push(presentServiceRequest(await referrals.read(db, viewer, row.id), systems));
      return bundle(baseUrl, 'ServiceRequest', s, total, resources);
    },

    /**
     * POST ServiceRequest: the referral body read from the resource, checked by the referral schema and made
     * by the referral service's own submit (eligibility, matching, screening deadline, audit).
     */
    async createServiceRequest(db: Queryable, viewer: Viewer, resource: unknown): Promise<Resource> {
      const input = readServiceRequest(resource, systems);
      if (input.subjectPatientId) {
        const existing = await newestReferralOf(db, viewer, input.subjectPatientId).catch((e: unknown) => {
          if (e instanceof NotFound)
            throw invalid(422, [{ field: 'ServiceRequest.subject', message: 'No Patient with that id' }]);
          throw e;
        });
        input.body.person = existing.person;
      }
      const parsed = makeReferralBodySchema(clock()).safeParse(input.body);
      if (!parsed.success) throw invalid(422, asFhirErrors(fieldErrors(parsed.error), input.patientPath, systems));
      try {
        return presentServiceRequest(await referrals.submit(db, viewer, parsed.data), systems);
      } catch (e) {
        if (e instanceof ValidationFailed) throw invalid(422, asFhirErrors(e.errors, input.patientPath, systems));
        throw e;
      }
    },

    async readEpisodeOfCare(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
      return presentEpisodeOfCare(await episodes.read(db, viewer, id), systems);
    },

    async searchEpisodesOfCare(db: Queryable, viewer: Viewer, baseUrl: string, s: SearchRequest): Promise<Bundle> {
      const patient = s.params.get('patient');
      const personId = patient === undefined ? undefined : referenceId(patient, 'Patient');
      const organization = s.params.get('organization');
      const site = organization === undefined ? undefined : referenceId(organization, 'Organization');
      const status = s.params.get('status')?.split(',');
      const id = s.params.get('_id');
      if ((patient !== undefined && !personId) || (organization !== undefined && !site))
        return bundle(baseUrl, 'EpisodeOfCare', s, 0, []);
      const views = (await episodes.list(db, viewer, { site })).filter(
        (v) =>
          (!personId || v.personId === personId) &&
          (!id || v.id === id) &&
          (!status || status.includes(EPISODE_STATUS[v.status])),
      );
      return bundle(
        baseUrl,
        'EpisodeOfCare',
        s,
        views.length,
        page(views, s).map((v) => presentEpisodeOfCare(v, systems)),
      );
    },

    async readEncounter(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
      const { episode, contact } = await episodes.contact(db, viewer, id);
      return presentEncounter(contact, episode, systems);
    },

    /** An episode's contacts: `episode-of-care` is required (contacts are read through their episode). */
    async searchEncounters(db: Queryable, viewer: Viewer, baseUrl: string, s: SearchRequest): Promise<Bundle> {
      const named = s.params.get('episode-of-care');
      if (named === undefined)
        throw invalid(400, [{ field: 'Encounter', message: 'Search for Encounters by episode-of-care' }]);
      const episodeId = referenceId(named, 'EpisodeOfCare');
      const id = s.params.get('_id');
      if (!episodeId || !isUuid(episodeId)) return bundle(baseUrl, 'Encounter', s, 0, []);
      const found = await episodes.contacts(db, viewer, episodeId).catch((e: unknown) => {
        if (e instanceof NotFound) return undefined;
        throw e;
      });
      const all = (found?.contacts ?? []).filter((c) => !id || c.id === id);
      const shown = found ? page(all, s).map((c) => presentEncounter(c, found.episode, systems)) : [];
      return bundle(baseUrl, 'Encounter', s, all.length, shown);
    },

    /** A site by its code, or a partner organisation in the directory by its id. */
    async readOrganization(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
      const site = sites.get(id);
      if (site) return presentSiteOrganization(site, systems);
      if (!isUuid(id)) throw new NotFound();
      return presentPartnerOrganization(await partners.read(db, viewer, id), systems);
    },

    searchOrganizations(baseUrl: string, s: SearchRequest): Bundle {
      const identifier = s.params.get('identifier');
      const code = identifier === undefined ? undefined : token(identifier);
      const id = s.params.get('_id');
      const found = sites
        .all()
        .filter(
          (site) =>
            (!id || site.code === id) &&
            (!code || ((code.system === undefined || code.system === systems.siteCode) && code.code === site.code)),
        );
      return bundle(
        baseUrl,
        'Organization',
        s,
        found.length,
        page(found, s).map((site) => presentSiteOrganization(site, systems)),
      );
    },

    async readPractitioner(db: Queryable, id: string): Promise<Resource> {
      const user = await userOf(db, id);
      if (!user) throw new NotFound();
      return presentPractitioner(user);
    },
  };
}

export type FhirService = ReturnType<typeof createFhirService>;
