// Views of the record (the JSON API's own view models) to FHIR R4 resources. docs/fhir.md maps each element
// to its source. Pure: no I/O, the base URL's systems passed in.
import type { NamedPersonView, ReferralView } from '../referrals/presenter.ts';
import type { EpisodeView, presentContact } from '../episodes/presenter.ts';
import type { PartnerView } from '../partners/presenter.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import { NHS_NUMBER_SYSTEM, type ExtensionName, type Systems } from './systems.ts';
import type { Bundle, Extension, Identifier, Resource } from './resources.ts';
import { pageLinks, type SearchRequest } from './rules.ts';

/** A page of matches, and what they `_include`: `baseUrl` is where this request was made, for fullUrl and links. */
export function presentSearchset(
  baseUrl: string,
  type: string,
  search: SearchRequest,
  total: number,
  resources: Resource[],
  included: Resource[] = [],
): Bundle {
  const entry = (resource: Resource, mode: 'match' | 'include') => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: pageLinks(`${baseUrl}/${type}`, search, total),
    entry: [...resources.map((r) => entry(r, 'match')), ...included.map((r) => entry(r, 'include'))],
  };
}

const meta = (version: number, updatedAt: string) => ({ versionId: String(version), lastUpdated: updatedAt });

type Person = ReferralView['person'];

/** A person's identifiers: the NHS number under UK Core's system, the rest under this service's own. */
export function identifiersOf(person: Person, systems: Systems): Identifier[] {
  const all: [string, string | null][] = [
    [NHS_NUMBER_SYSTEM, person.nhsNumber],
    [systems.prisonNumber, person.prisonNumber],
    [systems.crn, person.crn],
    [systems.pncId, person.pncId],
  ];
  return all.flatMap(([system, value]) => (value ? [{ system, value }] : []));
}

/** A person as their newest referral the viewer may see names them (as search does: search/presenter.ts). */
export function presentPatient(referral: Omit<NamedPersonView, 'referralId'>, systems: Systems): Resource {
  const { person } = referral;
  return {
    resourceType: 'Patient',
    id: referral.personId,
    meta: meta(referral.version, referral.updatedAt),
    identifier: identifiersOf(person, systems),
    name: [{ use: 'official', family: person.familyName, given: [person.givenName] }],
    birthDate: person.dateOfBirth,
  };
}

/** FHIR request-status for a referral's status: waiting for screening is active, a question puts it on hold. */
export const SERVICE_REQUEST_STATUS: Record<string, string> = {
  awaiting_screening: 'active',
  information_requested: 'on-hold',
  accepted: 'completed',
  declined: 'revoked',
};

function extension(systems: Systems, name: ExtensionName, value: Omit<Extension, 'url'>): Extension {
  return { url: systems.extension(name), ...value };
}

export function presentServiceRequest(referral: ReferralView, systems: Systems): Resource {
  const body = referral.referral;
  const extensions: Extension[] = [
    extension(systems, 'consent-given', { valueBoolean: body.consent.given }),
    ...(body.consent.date ? [extension(systems, 'consent-date', { valueDate: body.consent.date })] : []),
    extension(systems, 'custody-status', { valueCode: body.custody.status }),
    ...(body.custody.establishment
      ? [extension(systems, 'custody-establishment', { valueString: body.custody.establishment })]
      : []),
    ...(body.custody.expectedReleaseDate
      ? [extension(systems, 'expected-release-date', { valueDate: body.custody.expectedReleaseDate })]
      : []),
    extension(systems, 'rosh-level', { valueCode: body.roshLevel }),
    ...(referral.priorityGroup ? [extension(systems, 'priority-group', { valueInteger: referral.priorityGroup })] : []),
    ...(typeof body.openToProbation === 'boolean'
      ? [extension(systems, 'open-to-probation', { valueBoolean: body.openToProbation })]
      : []),
  ];
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: meta(referral.version, referral.updatedAt),
    extension: extensions,
    identifier: [{ system: systems.referralReference, value: referral.reference }],
    status: SERVICE_REQUEST_STATUS[referral.status] ?? 'unknown',
    intent: 'order',
    category: [{ coding: [{ system: systems.referralSource, code: body.source.type }] }],
    subject: { reference: `Patient/${referral.personId}` },
    authoredOn: referral.receivedAt,
    ...(body.source.organisation || body.source.name
      ? { requester: { display: [body.source.name, body.source.organisation].filter(Boolean).join(', ') } }
      : {}),
    performer: [{ reference: `Organization/${referral.site}`, display: referral.siteName }],
    reasonCode: [
      {
        coding: [{ system: systems.eligibilityOutcome, code: referral.eligibility.outcome }],
        text: `Eligibility: ${referral.eligibility.outcome}`,
      },
    ],
    ...(body.healthNeeds ? { note: [{ text: body.healthNeeds }] } : {}),
  };
}

/** EpisodeOfCare.status for a phase: before the pre-release window it waits; back in custody it is on hold. */
export const EPISODE_STATUS: Record<EpisodeView['status'], string> = {
  awaiting_window: 'waitlist',
  pre_release: 'active',
  post_release: 'active',
  paused: 'onhold',
  closed: 'finished',
};

export function presentEpisodeOfCare(episode: EpisodeView, systems: Systems): Resource {
  const end = episode.status === 'closed' ? undefined : episode.supportEndsOn;
  return {
    resourceType: 'EpisodeOfCare',
    id: episode.id,
    meta: meta(episode.version, episode.updatedAt),
    status: EPISODE_STATUS[episode.status],
    type: [{ coding: [{ system: systems.episodePhase, code: episode.status }] }],
    patient: { reference: `Patient/${episode.personId}` },
    managingOrganization: { reference: `Organization/${episode.site}` },
    period: { start: episode.openedOn, ...(end && end >= episode.openedOn ? { end } : {}) },
    referralRequest: [{ reference: `ServiceRequest/${episode.referralId}` }],
    ...(episode.leadWorkerId ? { careManager: { reference: `Practitioner/${episode.leadWorkerId}` } } : {}),
  };
}

export function presentSiteOrganization(site: SiteDefinition, systems: Systems): Resource {
  return {
    resourceType: 'Organization',
    id: site.code,
    identifier: [{ system: systems.siteCode, value: site.code }],
    active: true,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
    name: site.name,
    alias: [site.provider],
  };
}

export function presentPartnerOrganization(partner: PartnerView, systems: Systems): Resource {
  const telecom = [
    ...(partner.phone ? [{ system: 'phone', value: partner.phone }] : []),
    ...(partner.email ? [{ system: 'email', value: partner.email }] : []),
  ];
  return {
    resourceType: 'Organization',
    id: partner.id,
    meta: meta(partner.version, partner.updatedAt),
    active: true,
    type: [{ coding: [{ system: systems.partnerKind, code: partner.kind, display: partner.kindText }] }],
    name: partner.name,
    ...(telecom.length ? { telecom } : {}),
    ...(partner.address ? { address: [{ text: partner.address }] } : {}),
  };
}

export function presentPractitioner(user: { id: string; name: string }): Resource {
  const parts = user.name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.at(-1) : undefined;
  return {
    resourceType: 'Practitioner',
    id: user.id,
    active: true,
    name: [{ text: user.name, ...(family ? { family, given: parts.slice(0, -1) } : { given: parts }) }],
  };
}

type ContactView = ReturnType<typeof presentContact>;

/** Encounter.class (v3 ActCode) for a contact's type: a home visit is home health, a call or video virtual. */
export const ENCOUNTER_CLASS: Record<string, string> = {
  in_prison: 'AMB',
  community: 'AMB',
  home_visit: 'HH',
  phone: 'VR',
  video: 'VR',
  professional: 'AMB',
};

/** Encounter.status: attended is finished; a did-not-attend or a cancelled contact never happened. */
export const ENCOUNTER_STATUS: Record<string, string> = {
  attended: 'finished',
  did_not_attend: 'cancelled',
  cancelled: 'cancelled',
};

export function presentEncounter(contact: ContactView, episode: EpisodeView, systems: Systems): Resource {
  const start = contact.at;
  const end =
    contact.outcome === 'attended' && contact.durationMinutes
      ? new Date(new Date(start).getTime() + contact.durationMinutes * 60_000).toISOString()
      : undefined;
  return {
    resourceType: 'Encounter',
    id: contact.id,
    meta: { versionId: '1', lastUpdated: contact.recordedAt },
    status: ENCOUNTER_STATUS[contact.outcome] ?? 'unknown',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: ENCOUNTER_CLASS[contact.type] ?? 'AMB',
    },
    type: [
      { coding: [{ system: systems.contactType, code: contact.type }] },
      { coding: [{ system: systems.contactOutcome, code: contact.outcome }] },
    ],
    subject: { reference: `Patient/${episode.personId}` },
    episodeOfCare: [{ reference: `EpisodeOfCare/${episode.id}` }],
    participant: [{ individual: { reference: `Practitioner/${contact.recordedBy}` } }],
    period: { start, ...(end ? { end } : {}) },
    ...(contact.durationMinutes && contact.outcome === 'attended'
      ? { length: { value: contact.durationMinutes, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' } }
      : {}),
    serviceProvider: { reference: `Organization/${episode.site}` },
  };
}
