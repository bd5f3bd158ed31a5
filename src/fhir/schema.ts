// A ServiceRequest sent to create a referral, read into the referral body of POST /api/v1/referrals, which
// the referral service then checks exactly as it checks the JSON API's. What does not fit (no patient, not
// a ServiceRequest) is a 400 naming its FHIRPath; what the referral schema refuses is a 422, each field
// path of the body turned back into the FHIRPath of the element it came from (fhirPathOf).
import type { FieldError } from '../http/errors.ts';
import { NHS_NUMBER_SYSTEM, type ExtensionName, type Systems } from './systems.ts';
import type { Extension, Identifier } from './resources.ts';
import { invalid } from './outcome.ts';

interface PatientInput {
  name?: { family?: unknown; given?: unknown[] }[];
  birthDate?: unknown;
  identifier?: Identifier[];
}

export interface ServiceRequestInput {
  /** The referral body, before the referral schema checks it. */
  body: Record<string, unknown>;
  /** FHIRPath of the patient's details: the contained Patient, or the subject when it names an existing one. */
  patientPath: string;
  /** An existing Patient the subject names, whose details the referral takes. */
  subjectPatientId?: string;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function valueOf(extensions: Extension[], systems: Systems, name: ExtensionName): unknown {
  const found = extensions.find((e) => e.url === systems.extension(name));
  if (!found) return undefined;
  return found.valueBoolean ?? found.valueDate ?? found.valueCode ?? found.valueString ?? found.valueInteger;
}

/** The site named by performer[0]: `Organization/{site code}` or an identifier in the site-code system. */
function siteOf(performer: Record<string, unknown>, systems: Systems): unknown {
  const reference = performer.reference;
  if (typeof reference === 'string' && reference.startsWith('Organization/')) return reference.slice(13);
  const identifier = asRecord(performer.identifier);
  return identifier.system === systems.siteCode ? identifier.value : undefined;
}

export function personOf(patient: PatientInput, systems: Systems): Record<string, unknown> {
  const name = asRecord(asArray(patient.name)[0]);
  const identifiers = asArray(patient.identifier).map(asRecord);
  const id = (system: string) => identifiers.find((i) => i.system === system)?.value ?? null;
  return {
    givenName: asArray(name.given)[0],
    familyName: name.family,
    dateOfBirth: patient.birthDate,
    nhsNumber: id(NHS_NUMBER_SYSTEM),
    prisonNumber: id(systems.prisonNumber),
    crn: id(systems.crn),
    pncId: id(systems.pncId),
  };
}

export function readServiceRequest(input: unknown, systems: Systems): ServiceRequestInput {
  const resource = asRecord(input);
  if (resource.resourceType !== 'ServiceRequest')
    throw invalid(400, [{ field: 'ServiceRequest.resourceType', message: 'Send a ServiceRequest resource' }]);
  const subject = asRecord(resource.subject);
  const reference = typeof subject.reference === 'string' ? subject.reference : '';
  const contained = asArray(resource.contained).map(asRecord);
  let patientPath: string;
  let patient: PatientInput = {};
  let subjectPatientId: string | undefined;
  if (reference.startsWith('#')) {
    const index = contained.findIndex((r) => r.resourceType === 'Patient' && r.id === reference.slice(1));
    if (index < 0)
      throw invalid(400, [
        { field: 'ServiceRequest.subject', message: 'The subject must name a Patient in contained by its id' },
      ]);
    patientPath = `ServiceRequest.contained[${index}]`;
    patient = contained[index] as PatientInput;
  } else if (/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(reference)) {
    patientPath = 'ServiceRequest.subject';
    subjectPatientId = reference.slice(8);
  } else {
    throw invalid(400, [
      {
        field: 'ServiceRequest.subject',
        message: 'The subject must be a contained Patient (#id) or an existing Patient (Patient/id)',
      },
    ]);
  }
  const extensions = asArray(resource.extension).map(asRecord) as unknown as Extension[];
  const ext = (name: ExtensionName) => valueOf(extensions, systems, name);
  const category = asArray(asRecord(asArray(resource.category)[0]).coding).map(asRecord);
  const requester = asRecord(resource.requester);
  const body: Record<string, unknown> = {
    site: siteOf(asRecord(asArray(resource.performer)[0]), systems),
    source: {
      type: category.find((c) => c.system === systems.referralSource)?.code,
      organisation: typeof requester.display === 'string' ? requester.display : undefined,
    },
    person: personOf(patient, systems),
    consent: { given: ext('consent-given'), date: ext('consent-date') },
    custody: {
      status: ext('custody-status'),
      establishment: ext('custody-establishment'),
      expectedReleaseDate: ext('expected-release-date'),
    },
    roshLevel: ext('rosh-level'),
    priorityGroup: ext('priority-group') ?? null,
    openToProbation: ext('open-to-probation'),
    healthNeeds: asRecord(asArray(resource.note)[0]).text,
  };
  return { body, patientPath, ...(subjectPatientId ? { subjectPatientId } : {}) };
}

/** The element each field of the referral body came from, as FHIRPath. */
export function fhirPathOf(field: string, patientPath: string, systems: Systems): string {
  const ext = (name: ExtensionName) => `ServiceRequest.extension.where(url='${systems.extension(name)}')`;
  const idOf = (system: string) => `${patientPath}.identifier.where(system='${system}')`;
  const onPatient = patientPath !== 'ServiceRequest.subject';
  const paths: Record<string, string> = {
    site: 'ServiceRequest.performer[0]',
    source: 'ServiceRequest.category[0]',
    'source.type': 'ServiceRequest.category[0]',
    'source.organisation': 'ServiceRequest.requester.display',
    person: patientPath,
    'person.givenName': onPatient ? `${patientPath}.name[0].given[0]` : patientPath,
    'person.familyName': onPatient ? `${patientPath}.name[0].family` : patientPath,
    'person.dateOfBirth': onPatient ? `${patientPath}.birthDate` : patientPath,
    'person.nhsNumber': onPatient ? idOf(NHS_NUMBER_SYSTEM) : patientPath,
    'person.prisonNumber': onPatient ? idOf(systems.prisonNumber) : patientPath,
    'person.crn': onPatient ? idOf(systems.crn) : patientPath,
    'person.pncId': onPatient ? idOf(systems.pncId) : patientPath,
    consent: ext('consent-given'),
    'consent.given': ext('consent-given'),
    'consent.date': ext('consent-date'),
    custody: ext('custody-status'),
    'custody.status': ext('custody-status'),
    'custody.establishment': ext('custody-establishment'),
    'custody.expectedReleaseDate': ext('expected-release-date'),
    roshLevel: ext('rosh-level'),
    priorityGroup: ext('priority-group'),
    openToProbation: ext('open-to-probation'),
    healthNeeds: 'ServiceRequest.note[0].text',
  };
  return paths[field] ?? 'ServiceRequest';
}

export function asFhirErrors(errors: readonly FieldError[], patientPath: string, systems: Systems): FieldError[] {
  return errors.map((e) => ({ field: fhirPathOf(e.field, patientPath, systems), message: e.message }));
}
