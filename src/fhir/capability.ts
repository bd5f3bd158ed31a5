// What the facade supports, said once: the routes read their search parameters from here and the
// CapabilityStatement (FHIR R4 capabilitystatement.html) is built from it, so the two cannot drift.
import type { Resource } from './resources.ts';

export interface SearchParam {
  name: string;
  type: 'token' | 'reference' | 'string' | 'number' | 'date';
  documentation: string;
}

const ID: SearchParam = { name: '_id', type: 'token', documentation: 'The resource id' };
const LAST_UPDATED: SearchParam = {
  name: '_lastUpdated',
  type: 'date',
  documentation: 'meta.lastUpdated, with ge, gt, le, lt or eq; may be given twice for a range',
};
const PATIENT = (what: string): SearchParam => ({
  name: 'patient',
  type: 'reference',
  documentation: `Patient/{id}: the person’s ${what}`,
});
const COUNT: SearchParam = {
  name: '_count',
  type: 'number',
  documentation: 'Entries a page (1 to 100; 20 unless given)',
};

export const SUPPORTED = {
  Patient: {
    interactions: ['read', 'search-type'],
    operations: ['everything'],
    searchParams: [
      ID,
      {
        name: 'identifier',
        type: 'token',
        documentation:
          'https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN, or a prison number or CRN in this service’s systems',
      },
      LAST_UPDATED,
      COUNT,
    ],
  },
  ServiceRequest: {
    interactions: ['read', 'search-type', 'create'],
    searchParams: [
      ID,
      { name: 'patient', type: 'reference', documentation: 'Patient/{id}: the person’s referrals' },
      { name: 'identifier', type: 'token', documentation: 'The referral reference, in its system' },
      { name: 'status', type: 'token', documentation: 'active, on-hold, completed or revoked' },
      LAST_UPDATED,
      COUNT,
    ],
    includes: ['ServiceRequest:subject', 'ServiceRequest:patient', 'ServiceRequest:performer'],
  },
  EpisodeOfCare: {
    interactions: ['read', 'search-type'],
    searchParams: [
      ID,
      { name: 'patient', type: 'reference', documentation: 'Patient/{id}: the person’s episodes of care' },
      { name: 'organization', type: 'reference', documentation: 'Organization/{site code}: the team’s episodes' },
      { name: 'status', type: 'token', documentation: 'waitlist, active, onhold or finished' },
      LAST_UPDATED,
      COUNT,
    ],
    includes: ['EpisodeOfCare:patient', 'EpisodeOfCare:organization', 'EpisodeOfCare:care-manager'],
  },
  Encounter: {
    interactions: ['read', 'search-type'],
    searchParams: [
      ID,
      { name: 'episode-of-care', type: 'reference', documentation: 'EpisodeOfCare/{id}: the episode’s contacts' },
      LAST_UPDATED,
      COUNT,
    ],
    includes: ['Encounter:patient', 'Encounter:subject', 'Encounter:episode-of-care'],
  },
  Organization: {
    interactions: ['read', 'search-type'],
    searchParams: [
      ID,
      { name: 'identifier', type: 'token', documentation: 'A site code, in its system' },
      LAST_UPDATED,
      COUNT,
    ],
  },
  Practitioner: { interactions: ['read'], searchParams: [] },
  CarePlan: {
    interactions: ['read', 'search-type'],
    searchParams: [ID, PATIENT('support plans (one an episode)'), LAST_UPDATED, COUNT],
    includes: ['CarePlan:patient', 'CarePlan:goal'],
  },
  Goal: {
    interactions: ['read', 'search-type'],
    searchParams: [ID, PATIENT('support plan goals'), LAST_UPDATED, COUNT],
    includes: ['Goal:patient'],
  },
  Task: {
    interactions: ['read', 'search-type', 'update'],
    searchParams: [ID, PATIENT('support plan and meeting actions'), LAST_UPDATED, COUNT],
    includes: ['Task:patient', 'Task:focus'],
  },
  Observation: {
    interactions: ['read', 'search-type'],
    searchParams: [ID, PATIENT('SWEMWBS and CORE-10 scores'), LAST_UPDATED, COUNT],
    includes: ['Observation:patient', 'Observation:derived-from'],
  },
  QuestionnaireResponse: {
    interactions: ['read', 'search-type'],
    searchParams: [ID, PATIENT('SWEMWBS and CORE-10 answers, item by number'), LAST_UPDATED, COUNT],
    includes: ['QuestionnaireResponse:patient'],
  },
} satisfies Record<
  string,
  { interactions: string[]; searchParams: SearchParam[]; operations?: string[]; includes?: string[] }
>;

export type SupportedType = keyof typeof SUPPORTED;

export function capabilityStatement(baseUrl: string, software: { version: string }, date: string): Resource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Reconnect',
    kind: 'instance',
    software: { name: 'Reconnect', version: software.version },
    implementation: { description: 'Reconnect care after custody: FHIR R4 facade', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
              ],
              text: 'Bearer tokens issued by this service’s administrators (the same tokens as the JSON API); see .well-known/smart-configuration',
            },
          ],
          description:
            'Send "Authorization: Bearer <token>". Every read of a person’s record is audited; a record the token’s user may not see is a 404.',
        },
        resource: Object.entries(SUPPORTED).map(([type, s]) => ({
          type,
          interaction: s.interactions.map((code) => ({ code })),
          versioning: 'versioned',
          readHistory: false,
          updateCreate: false,
          ...(s.interactions.includes('update') ? { conditionalUpdate: false } : {}),
          conditionalCreate: type === 'ServiceRequest',
          ...('includes' in s ? { searchInclude: s.includes } : {}),
          searchParam: s.searchParams.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
          ...('operations' in s
            ? {
                operation: s.operations.map((name) => ({
                  name,
                  definition: `http://hl7.org/fhir/OperationDefinition/${type}-${name}`,
                })),
              }
            : {}),
        })),
      },
    ],
  };
}

/**
 * SMART App Launch 2.x configuration. Tokens are not issued over OAuth here: an administrator issues a
 * named, expiring bearer token to a user (docs/security.md), so no authorization or token endpoint is
 * offered and no launch capability claimed.
 */
export function smartConfiguration(publicUrl: string) {
  return {
    issuer: publicUrl,
    capabilities: [],
    grant_types_supported: [],
    token_endpoint_auth_methods_supported: [],
    scopes_supported: [],
    response_types_supported: [],
    code_challenge_methods_supported: [],
    description:
      'Bearer tokens are issued to named users by this service’s administrators and sent as "Authorization: Bearer <token>"; they expire and can be revoked.',
  };
}
