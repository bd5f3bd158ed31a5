// The FHIR facade's verbs over the JSON API's own services: every read goes through the same scoped reads,
// audits and presenters (no second path to the data); this folder only maps their views to FHIR resources.
// A record the viewer may not see is the services' own 404 (NotFound), so it is never in a search, a total
// or an error.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ReferralService } from '../referrals/service.ts';
import type { EpisodeService } from '../episodes/service.ts';
import type { PartnerService } from '../partners/service.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { makeReferralBodySchema } from '../referrals/schema.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { isUuid } from '../http/ids.ts';
import { systemsOf } from './systems.ts';
import type { Bundle, Resource } from './resources.ts';
import { invalid, unlessHidden } from './outcome.ts';
import { asFhirErrors, readServiceRequest } from './schema.ts';
import { referenceId, token, updatedWithin, type SearchRequest } from './rules.ts';
import type { CareType, FhirCareService } from './careService.ts';
import type { FhirPatientService } from './patientService.ts';
import {
  EPISODE_STATUS,
  presentEncounter,
  presentEpisodeOfCare,
  presentPartnerOrganization,
  presentPractitioner,
  presentSearchset,
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
  /** Patient: read, found by identifier, and `$everything` (patientService.ts). */
  patients: FhirPatientService;
  /** The care record's resources (CarePlan, Goal, Task, Observation, QuestionnaireResponse). */
  care: FhirCareService;
  partners: Pick<PartnerService, 'read'>;
  /** A user of this service by id, for Practitioner; undefined when there is none (or they are disabled). */
  userOf: (db: Queryable, id: string) => Promise<{ id: string; name: string } | undefined>;
}

const page = <T>(all: readonly T[], search: SearchRequest) => all.slice(search.offset, search.offset + search.count);

/** The element each `_include` follows (capability.ts names which a type offers). */
const INCLUDE_ELEMENTS: Record<string, string> = {
  'ServiceRequest:subject': 'subject',
  'ServiceRequest:patient': 'subject',
  'ServiceRequest:performer': 'performer',
  'EpisodeOfCare:patient': 'patient',
  'EpisodeOfCare:organization': 'managingOrganization',
  'EpisodeOfCare:care-manager': 'careManager',
  'Encounter:patient': 'subject',
  'Encounter:subject': 'subject',
  'Encounter:episode-of-care': 'episodeOfCare',
  'CarePlan:patient': 'subject',
  'CarePlan:goal': 'goal',
  'Goal:patient': 'subject',
  'Task:patient': 'for',
  'Task:focus': 'focus',
  'Observation:patient': 'subject',
  'Observation:derived-from': 'derivedFrom',
  'QuestionnaireResponse:patient': 'subject',
};

/** The `Type/id` references in an element: a Reference, or a list of them. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return (value as unknown[]).flatMap(referencesIn);
  const reference = (value as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' && /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(reference) ? [reference] : [];
}

export function createFhirService({
  clock,
  publicUrl,
  sites,
  referrals,
  episodes,
  patients,
  partners,
  userOf,
  care,
}: FhirDeps) {
  const systems = systemsOf(publicUrl);

  async function readOrganization(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    const site = sites.get(id);
    if (site) return presentSiteOrganization(site, systems);
    if (!isUuid(id)) throw new NotFound();
    return presentPartnerOrganization(await partners.read(db, viewer, id), systems);
  }

  async function readPractitioner(db: Queryable, id: string): Promise<Resource> {
    const user = isUuid(id) ? await userOf(db, id) : undefined;
    if (!user) throw new NotFound();
    return presentPractitioner(user);
  }

  /** Any resource the facade serves, by its `Type/id`, read (and audited) as its own read is. */
  async function readReference(db: Queryable, viewer: Viewer, reference: string): Promise<Resource | undefined> {
    const [type = '', id = ''] = reference.split('/');
    if (type === 'Patient') return patients.read(db, viewer, id);
    if (type === 'ServiceRequest') return presentServiceRequest(await referrals.read(db, viewer, id), systems);
    if (type === 'EpisodeOfCare') return presentEpisodeOfCare(await episodes.read(db, viewer, id), systems);
    if (type === 'Organization') return readOrganization(db, viewer, id);
    if (type === 'Practitioner') return readPractitioner(db, id);
    if (type in care.reads) return care.reads[type as CareType](db, viewer, id);
    return undefined;
  }

  /** What the page's matches `_include`: each reference followed once, and only what the viewer may read. */
  async function included(db: Queryable, viewer: Viewer, s: SearchRequest, shown: Resource[]): Promise<Resource[]> {
    if (!s.include?.length) return [];
    const seen = new Set(shown.map((r) => `${r.resourceType}/${r.id ?? ''}`));
    const found: Resource[] = [];
    for (const include of s.include) {
      const element = INCLUDE_ELEMENTS[include];
      if (!element) continue;
      for (const reference of shown.flatMap((r) => referencesIn(r[element]))) {
        if (seen.has(reference)) continue;
        seen.add(reference);
        const resource = await unlessHidden(readReference(db, viewer, reference));
        if (resource) found.push(resource);
      }
    }
    return found;
  }

  /** `_id` and `_lastUpdated` over every match, then the page, then its includes. */
  async function searchset(
    db: Queryable,
    viewer: Viewer,
    baseUrl: string,
    type: string,
    s: SearchRequest,
    all: Resource[],
  ): Promise<Bundle> {
    const id = s.params.get('_id');
    const matches = all.filter((r) => (id === undefined || r.id === id) && updatedWithin(r, s.updated));
    const shown = page(matches, s);
    return presentSearchset(baseUrl, type, s, matches.length, shown, await included(db, viewer, s, shown));
  }

  return {
    systems,

    /** A person as their newest referral the viewer may see names them. */
    readPatient: patients.read,

    /** Patient?identifier= through the team's search (issue 10): the same hits, the same scope, the same audit. */
    async searchPatients(db: Queryable, viewer: Viewer, baseUrl: string, s: SearchRequest): Promise<Bundle> {
      return searchset(db, viewer, baseUrl, 'Patient', s, await patients.matching(db, viewer, s));
    },

    everything: patients.everything,

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
      if (nothing) return searchset(db, viewer, baseUrl, 'ServiceRequest', s, []);
      if (id !== undefined) {
        const found = await unlessHidden(referrals.read(db, viewer, id));
        const match =
          found &&
          (!personId || found.personId === personId) &&
          (!statuses || statuses.includes(found.status)) &&
          (!reference || found.reference === reference);
        return searchset(
          db,
          viewer,
          baseUrl,
          'ServiceRequest',
          s,
          match ? [presentServiceRequest(found, systems)] : [],
        );
      }
      // Paged in the database: the referral list's own scope, filters and count (so the total is the list's).
      const filter = {
        personId,
        statuses,
        reference,
        updatedFrom: s.updated?.from,
        updatedBefore: s.updated?.before,
      };
      const total = await referrals.count(db, viewer, filter);
      const rows = await referrals.list(db, viewer, { ...filter, limit: s.count, offset: s.offset });
      const resources: Resource[] = [];
      for (const row of rows) resources.push(presentServiceRequest(await referrals.read(db, viewer, row.id), systems));
      return presentSearchset(baseUrl, 'ServiceRequest', s, total, resources, await included(db, viewer, s, resources));
    },

    /**
     * POST ServiceRequest: the referral body read from the resource, checked by the referral schema and made
     * by the referral service's own submit (eligibility, matching, screening deadline, audit).
     */
    async createServiceRequest(db: Queryable, viewer: Viewer, resource: unknown): Promise<Resource> {
      const input = readServiceRequest(resource, systems);
      if (input.subjectPatientId) {
        const existing = await patients.newestNamed(db, viewer, input.subjectPatientId).catch((e: unknown) => {
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
      if ((patient !== undefined && !personId) || (organization !== undefined && !site))
        return searchset(db, viewer, baseUrl, 'EpisodeOfCare', s, []);
      const views = (await episodes.list(db, viewer, { site })).filter(
        (v) => (!personId || v.personId === personId) && (!status || status.includes(EPISODE_STATUS[v.status])),
      );
      return searchset(
        db,
        viewer,
        baseUrl,
        'EpisodeOfCare',
        s,
        views.map((v) => presentEpisodeOfCare(v, systems)),
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
      if (!episodeId || !isUuid(episodeId)) return searchset(db, viewer, baseUrl, 'Encounter', s, []);
      const found = await unlessHidden(episodes.contacts(db, viewer, episodeId));
      const all = found ? found.contacts.map((c) => presentEncounter(c, found.episode, systems)) : [];
      return searchset(db, viewer, baseUrl, 'Encounter', s, all);
    },

    /** A site by its code, or a partner organisation in the directory by its id. */
    readOrganization,

    async searchOrganizations(db: Queryable, viewer: Viewer, baseUrl: string, s: SearchRequest): Promise<Bundle> {
      const identifier = s.params.get('identifier');
      const code = identifier === undefined ? undefined : token(identifier);
      const found = sites
        .all()
        .filter(
          (site) =>
            !code || ((code.system === undefined || code.system === systems.siteCode) && code.code === site.code),
        );
      return searchset(
        db,
        viewer,
        baseUrl,
        'Organization',
        s,
        found.map((site) => presentSiteOrganization(site, systems)),
      );
    },

    readPractitioner,

    /** CarePlan, Goal, Task, Observation and QuestionnaireResponse: read by id. */
    readCare: (db: Queryable, viewer: Viewer, type: CareType, id: string): Promise<Resource> =>
      care.reads[type](db, viewer, id),

    async searchCare(db: Queryable, viewer: Viewer, baseUrl: string, type: CareType, s: SearchRequest) {
      return searchset(db, viewer, baseUrl, type, s, await care.search(db, viewer, type, s));
    },

    updateTask: care.updateTask,
  };
}

export type FhirService = ReturnType<typeof createFhirService>;
