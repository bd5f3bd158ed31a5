import { describe, it, expect } from 'vitest';
import {
  eligibilityFactsSchema,
  makeReferralBodySchema,
  MESSAGES,
  postcodeSchema,
  toEligibilityFacts,
} from './schema.ts';

const NOW = new Date('2026-11-10T12:00:00Z');
const schema = makeReferralBodySchema(NOW);

/** API.md "The referral body" example, with dates that suit NOW. */
function validBody(): Record<string, unknown> {
  return {
    site: 'er-lancashire-cumbria',
    source: {
      type: 'probation',
      organisation: 'Probation Service',
      name: 'Sam Jones',
      email: 'sam.jones@justice.gov.uk',
      phone: '0300 000 0000',
    },
    person: {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1980-02-29',
      nhsNumber: '9434765919',
      prisonNumber: 'A1234BC',
      crn: 'X123456',
      pncId: '2002/0073319Z',
    },
    consent: { given: true, date: '2026-11-01' },
    custody: {
      status: 'in_custody',
      establishment: 'HMP Preston',
      expectedReleaseDate: '2027-03-01',
      releaseType: 'conditional_release',
      resettlementArea: 'Lancashire',
    },
    openToProbation: true,
    roshLevel: 'high',
    priorityGroup: 3,
    criteria: {
      highRoshToOthers: true,
      mentalHealth: true,
      selfHarmOrSuicideRisk: false,
      learningDifficulties: false,
      mappaLevel2or3: true,
      substanceMisuse: true,
      ippSentence: false,
      opdPathway: true,
    },
    iirmsEligible: false,
    healthNeeds: 'free text',
  };
}

/** Sets a dotted path on a copy of the valid body (undefined deletes). */
function withField(path: string, value: unknown): Record<string, unknown> {
  const body = structuredClone(validBody());
  const keys = path.split('.');
  let target: Record<string, unknown> = body;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] ?? '';
  if (value === undefined) Reflect.deleteProperty(target, last);
  else target[last] = value;
  return body;
}

function issues(body: unknown): { field: string; message: string }[] {
  const result = schema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

describe('makeReferralBodySchema: valid input', () => {
  it('accepts the API.md example and normalises identifiers', () => {
    const body = withField('person', {
      givenName: '  Alex ',
      familyName: 'Example',
      dateOfBirth: '1980-02-29',
      nhsNumber: '943 476 5919',
      prisonNumber: 'a1234bc',
      crn: 'x123456',
      pncId: '2002/0073319z',
    });
    const parsed = schema.parse(body);
    expect(parsed.person).toEqual({
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1980-02-29',
      nhsNumber: '9434765919',
      prisonNumber: 'A1234BC',
      crn: 'X123456',
      pncId: '2002/0073319Z',
    });
  });

  it('strips unknown top-level keys instead of rejecting them', () => {
    const parsed = schema.parse({ ...validBody(), somethingElse: 1 });
    expect(parsed).not.toHaveProperty('somethingElse');
  });

  it('treats blank optional fields as not given', () => {
    const parsed = schema.parse(
      withField('person', {
        givenName: 'Alex',
        familyName: 'Example',
        dateOfBirth: '1980-02-29',
        crn: 'X123456',
        nhsNumber: '',
        pncId: '  ',
      }),
    );
    expect(parsed.person.nhsNumber).toBeUndefined();
    expect(parsed.person.pncId).toBeUndefined();
  });

  it('accepts null for optional facts and for the priority group (API.md: 1, 2, 3 or null)', () => {
    expect(
      issues({ ...validBody(), priorityGroup: null, iirmsEligible: null, criteria: null, healthNeeds: null }),
    ).toEqual([]);
  });

  it('keeps the engine-only facts complexHealthNeeds and unlikelyToEngage', () => {
    const parsed = schema.parse({ ...validBody(), complexHealthNeeds: true, unlikelyToEngage: false });
    expect(parsed.complexHealthNeeds).toBe(true);
    expect(parsed.unlikelyToEngage).toBe(false);
    expect(toEligibilityFacts(parsed).unlikelyToEngage).toBe(false);
  });
});

describe('makeReferralBodySchema: each invalid field is reported on its path', () => {
  // Source: API.md "Validation failures get 400 with {"errors":[{"field":"person.nhsNumber","message":"…"}]}";
  // "Identifiers are optional one by one, but each given one must be valid"; "Dates are ISO YYYY-MM-DD
  // and must be real calendar dates".
  it.each([
    { path: 'person.nhsNumber', value: '9434765910', message: MESSAGES.nhsNumber },
    { path: 'person.nhsNumber', value: '1111111111', message: MESSAGES.nhsNumber },
    { path: 'person.nhsNumber', value: '94347659', message: MESSAGES.nhsNumber },
    { path: 'person.prisonNumber', value: 'A1234B', message: MESSAGES.prisonNumber },
    { path: 'person.crn', value: 'X12345', message: MESSAGES.crn },
    { path: 'person.pncId', value: '2002/0073319A', message: MESSAGES.pncId },
    { path: 'person.dateOfBirth', value: '2026-02-31', message: MESSAGES.date },
    { path: 'person.dateOfBirth', value: '1981-02-29', message: MESSAGES.date },
    { path: 'person.dateOfBirth', value: '01/02/1980', message: MESSAGES.date },
    { path: 'person.dateOfBirth', value: '2026-11-10', message: MESSAGES.dateOfBirthInPast },
    { path: 'person.dateOfBirth', value: '2030-01-01', message: MESSAGES.dateOfBirthInPast },
    { path: 'person.dateOfBirth', value: '1899-12-31', message: MESSAGES.dateOfBirthTooEarly },
    { path: 'person.givenName', value: '   ', message: 'Enter their first name' },
    { path: 'person.givenName', value: undefined, message: 'Enter their first name' },
    { path: 'person.familyName', value: 'x'.repeat(101), message: 'Must be 100 characters or fewer' },
    { path: 'healthNeeds', value: 'x'.repeat(5001), message: 'Must be 5000 characters or fewer' },
    { path: 'consent.date', value: '2026-02-31', message: MESSAGES.date },
    { path: 'consent.date', value: '2026-11-11', message: MESSAGES.consentDateInFuture },
    { path: 'consent.given', value: undefined, message: 'Answer whether the person has consented with true or false' },
    { path: 'consent.given', value: 'yes', message: 'Answer whether the person has consented with true or false' },
    { path: 'custody.expectedReleaseDate', value: '2027-02-30', message: MESSAGES.date },
    { path: 'custody.expectedReleaseDate', value: '1979-01-01', message: MESSAGES.expectedReleaseAfterBirth },
    { path: 'custody.releaseDate', value: '1980-02-29', message: MESSAGES.releaseAfterBirth },
    { path: 'custody.releaseDate', value: '2026-11-11', message: MESSAGES.releaseDateInFuture },
    { path: 'custody.status', value: 'released', message: 'Choose in_custody or in_community' },
    { path: 'source.type', value: 'police', message: expect.stringMatching(/^Choose who is making the referral/) },
    { path: 'source.email', value: 'not-an-email', message: expect.stringMatching(/^Enter an email address/) },
    { path: 'roshLevel', value: 'extreme', message: expect.stringMatching(/^Choose the RoSH level/) },
    { path: 'roshLevel', value: undefined, message: expect.stringMatching(/^Choose the RoSH level/) },
    { path: 'priorityGroup', value: 4, message: 'Priority group must be 1, 2, 3 or null' },
    { path: 'priorityGroup', value: '1', message: 'Priority group must be 1, 2, 3 or null' },
    { path: 'site', value: '', message: 'Select which team you are referring to' },
    { path: 'criteria.mentalHealth', value: 'yes', message: 'Answer mentalHealth with true or false' },
  ])('$path = $value → "$message"', ({ path, value, message }) => {
    expect(issues(withField(path, value))).toContainEqual({ field: path, message });
  });

  it('reports a missing identifier on "person" (documented: it belongs to no single field)', () => {
    const body = withField('person', {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1980-02-29',
      pncId: '2002/0073319Z',
    });
    expect(issues(body)).toEqual([{ field: 'person', message: MESSAGES.identifierRequired }]);
  });

  it.each(['nhsNumber', 'prisonNumber', 'crn'])('accepts %s as the only identifier', (key) => {
    const values: Record<string, string> = { nhsNumber: '9434765919', prisonNumber: 'A1234BC', crn: 'X123456' };
    const body = withField('person', {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1980-02-29',
      [key]: values[key],
    });
    expect(issues(body)).toEqual([]);
  });

  it('reports every missing required field at once', () => {
    expect(issues({}).map((i) => i.field)).toEqual(['site', 'source', 'person', 'consent', 'custody', 'roshLevel']);
  });

  it('reports several invalid fields in one response', () => {
    const body = withField('person', {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '2026-02-31',
      nhsNumber: '1234567890',
      crn: 'bad',
    });
    expect(
      issues(body)
        .map((i) => i.field)
        .sort(),
    ).toEqual(['person.crn', 'person.dateOfBirth', 'person.nhsNumber']);
  });

  it('judges "in the past" and "18 or over" (issue 10: RECONNECT and ER serve adults) by the clock it is given', () => {
    expect(makeReferralBodySchema(NOW).safeParse(withField('person.dateOfBirth', '2026-11-10')).success).toBe(false);
    const eighteenTomorrow = withField('person.dateOfBirth', '2008-11-11');
    expect(makeReferralBodySchema(new Date('2026-11-11T00:30:00Z')).safeParse(eighteenTomorrow).success).toBe(true);
    expect(makeReferralBodySchema(NOW).safeParse(eighteenTomorrow).success).toBe(false);
  });
});

describe('eligibilityFactsSchema (lenient: dry run and drafts)', () => {
  it('accepts an empty body', () => {
    expect(eligibilityFactsSchema.parse({})).toEqual({});
  });

  it('accepts a partial draft with nulls and normalises identifiers without validating them', () => {
    const parsed = eligibilityFactsSchema.parse({
      site: 'reconnect-hampshire',
      person: { nhsNumber: '943 476 5910', prisonNumber: 'a1' },
      consent: { given: null },
      custody: { status: 'in_community', releaseDate: '2026-11-01' },
      priorityGroup: null,
      extra: 'stripped',
    });
    expect(parsed).toEqual({
      site: 'reconnect-hampshire',
      person: { nhsNumber: '9434765910', prisonNumber: 'A1' },
      consent: { given: null },
      custody: { status: 'in_community', releaseDate: '2026-11-01' },
      priorityGroup: null,
    });
  });

  it.each([
    { body: { person: { dateOfBirth: '2026-02-31' } }, field: 'person.dateOfBirth', message: MESSAGES.date },
    {
      body: { custody: { expectedReleaseDate: '2025-02-29' } },
      field: 'custody.expectedReleaseDate',
      message: MESSAGES.date,
    },
    { body: { roshLevel: 'extreme' }, field: 'roshLevel', message: expect.stringMatching(/^Choose the RoSH level/) },
    {
      body: { source: { type: 'police' } },
      field: 'source.type',
      message: expect.stringMatching(/^Choose who is making the referral/),
    },
    { body: { consent: { given: 'yes' } }, field: 'consent.given', message: expect.stringMatching(/true or false/) },
  ])('still rejects wrong types and unreal dates: $field', ({ body, field, message }) => {
    const result = eligibilityFactsSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => ({ field: i.path.join('.'), message: i.message }))).toContainEqual({
      field,
      message,
    });
  });
});

describe('postcodeSchema', () => {
  it.each([
    { input: 'sw1a1aa', output: 'SW1A 1AA' },
    { input: ' b24 9aa ', output: 'B24 9AA' },
    { input: '', output: undefined },
  ])('$input → $output', ({ input, output }) => {
    expect(postcodeSchema.parse(input)).toBe(output);
  });

  it('rejects an unreal postcode with a plain message', () => {
    expect(postcodeSchema.safeParse('QA1 1AA').error?.issues[0]?.message).toBe(MESSAGES.postcode);
  });
});
