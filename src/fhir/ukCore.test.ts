// The UK Core rules this facade claims, and no more (issue 12: "Do not claim UK Core conformance beyond what
// is tested"). UKCore-Patient (UK Core STU 2, fhir.hl7.org.uk/StructureDefinition/UKCore-Patient) slices
// Patient.identifier: the `nhsNumber` slice has system fixed to https://fhir.nhs.uk/Id/nhs-number, at most
// one, a 10-digit value; other identifiers are open slices with their own system. Also the status maps the
// issue names: "status and intent mapped from its state", "phase as status".
import { describe, expect, it } from 'vitest';
import type { ReferralView } from '../referrals/presenter.ts';
import { EPISODE_STATUS, presentPatient, SERVICE_REQUEST_STATUS } from './presenter.ts';
import { NHS_NUMBER_SYSTEM, systemsOf } from './systems.ts';
import { acceptsFhirJson, pageLinks, parseSearch, token } from './rules.ts';
import { validateR4 } from '../../test/support/fhir.ts';
import type { Identifier } from './resources.ts';

const systems = systemsOf('https://reconnect.example.nhs.uk');

function referralNaming(person: Partial<ReferralView['person']>): ReferralView {
  return {
    personId: '3f1c7f9e-4d4b-4a39-9a57-0c4d1b8d2f10',
    version: 2,
    updatedAt: '2026-11-10T09:00:00.000Z',
    person: {
      givenName: 'Alex',
      familyName: 'Ashworth',
      dateOfBirth: '1980-02-03',
      nhsNumber: null,
      prisonNumber: null,
      crn: null,
      pncId: null,
      ...person,
    },
  } as unknown as ReferralView;
}

describe('UKCore-Patient identifier slices', () => {
  it.each([
    ['NHS number only', { nhsNumber: '9434765919' }, [{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }]],
    [
      'NHS number and prison number',
      { nhsNumber: '9434765919', prisonNumber: 'A1234BC' },
      [
        { system: NHS_NUMBER_SYSTEM, value: '9434765919' },
        { system: systems.prisonNumber, value: 'A1234BC' },
      ],
    ],
    ['CRN only: no NHS number slice', { crn: 'X123456' }, [{ system: systems.crn, value: 'X123456' }]],
    [
      'every identifier',
      { nhsNumber: '9434765919', prisonNumber: 'A1234BC', crn: 'X123456', pncId: '2002/0073319Z' },
      [
        { system: NHS_NUMBER_SYSTEM, value: '9434765919' },
        { system: systems.prisonNumber, value: 'A1234BC' },
        { system: systems.crn, value: 'X123456' },
        { system: systems.pncId, value: '2002/0073319Z' },
      ],
    ],
  ])('%s', (_name, person, expected) => {
    const patient = presentPatient(referralNaming(person), systems);
    validateR4(patient);
    const identifiers = patient.identifier as Identifier[];
    expect(identifiers).toEqual(expected);
    // nhsNumber slice: 0..1, system fixed, value ten digits with no spaces.
    const nhs = identifiers.filter((i) => i.system === NHS_NUMBER_SYSTEM);
    expect(nhs.length).toBeLessThanOrEqual(1);
    for (const i of nhs) expect(i.value).toMatch(/^\d{10}$/);
    // Local identifiers are named under this service's own base URL, never under the NHS's.
    for (const i of identifiers.filter((x) => x.system !== NHS_NUMBER_SYSTEM))
      expect(i.system).toMatch(/^https:\/\/reconnect\.example\.nhs\.uk\/fhir\/Id\//);
  });

  it('claims no NHS number verification status it does not know (the extension is absent)', () => {
    const patient = presentPatient(referralNaming({ nhsNumber: '9434765919' }), systems);
    expect(JSON.stringify(patient)).not.toContain('NHSNumberVerificationStatus');
  });

  it('names the person as UK Core expects: an official name with family and given, and a birth date', () => {
    const patient = presentPatient(referralNaming({ nhsNumber: '9434765919' }), systems);
    expect(patient).toMatchObject({
      name: [{ use: 'official', family: 'Ashworth', given: ['Alex'] }],
      birthDate: '1980-02-03',
      meta: { versionId: '2', lastUpdated: '2026-11-10T09:00:00.000Z' },
    });
  });
});

describe('status from the record’s state', () => {
  it.each([
    ['awaiting_screening', 'active'],
    ['information_requested', 'on-hold'],
    ['accepted', 'completed'],
    ['declined', 'revoked'],
  ])('a referral %s is a ServiceRequest %s', (ours, fhir) => {
    expect(SERVICE_REQUEST_STATUS[ours]).toBe(fhir);
  });

  it.each([
    ['awaiting_window', 'waitlist'],
    ['pre_release', 'active'],
    ['post_release', 'active'],
    ['paused', 'onhold'],
    ['closed', 'finished'],
  ] as const)('an episode %s is an EpisodeOfCare %s', (phase, fhir) => {
    expect(EPISODE_STATUS[phase]).toBe(fhir);
  });
});

describe('search rules', () => {
  it.each([
    ['https://fhir.nhs.uk/Id/nhs-number|9434765919', NHS_NUMBER_SYSTEM, '9434765919'],
    ['|9434765919', undefined, '9434765919'],
    ['9434765919', undefined, '9434765919'],
  ])('token %s', (value, system, code) => {
    expect(token(value)).toEqual({ system, code });
  });

  it('refuses a parameter it does not support and a _count out of range', () => {
    expect(() => parseSearch('Patient', { family: 'Smith' })).toThrow();
    expect(() => parseSearch('Patient', { _count: '0' })).toThrow();
    expect(() => parseSearch('Patient', { _count: '101' })).toThrow();
    expect(parseSearch('Patient', { _count: '5', identifier: 'x' }).count).toBe(5);
  });

  it('links the next page only while there is one', () => {
    const search = parseSearch('ServiceRequest', { _count: '2', status: 'active' });
    expect(pageLinks('https://x/fhir/R4/ServiceRequest', search, 3).map((l) => l.relation)).toEqual(['self', 'next']);
    expect(pageLinks('https://x/fhir/R4/ServiceRequest', search, 2).map((l) => l.relation)).toEqual(['self']);
    expect(pageLinks('https://x/fhir/R4/ServiceRequest', search, 3)[1]!.url).toBe(
      'https://x/fhir/R4/ServiceRequest?status=active&_count=2&_offset=2',
    );
  });

  it.each([
    [undefined, undefined, true],
    ['application/fhir+json', undefined, true],
    ['application/json, text/plain;q=0.5', undefined, true],
    ['*/*', undefined, true],
    ['application/fhir+xml', undefined, false],
    [undefined, 'json', true],
    [undefined, 'xml', false],
  ])('Accept %s, _format %s: %s', (accept, format, ok) => {
    expect(acceptsFhirJson(accept, format)).toBe(ok);
  });
});
