// The evaluation's pure rules as tables: the pseudonym and its normalisation, the k-anonymity check, one row of
// the extract from an episode's facts, and the dictionary the extract's columns come from.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SITES } from '../sites/builtInSites.ts';
import { DICTIONARY_FIELDS, EXTRACT_COLUMNS, dictionaryBody, dictionaryCsvRows } from './dictionary.ts';
import { kAnonymity, type QuasiValues } from './kAnonymity.ts';
import { personPseudonym, pseudonymSourceOf, type PersonIdentifiers } from './pseudonym.ts';
import {
  ageBandOf,
  extractRowOf,
  knownLocalAuthorities,
  localAuthorityOf,
  rowCells,
  type EpisodeExtractFacts,
} from './rules.ts';

const KEY = 'k'.repeat(32);
const person = (p: Partial<PersonIdentifiers>): PersonIdentifiers => ({
  personId: '00000000-0000-4000-8000-000000000001',
  nhsNumber: null,
  prisonNumber: null,
  crn: null,
  pncId: null,
  ...p,
});

describe('the pseudonymous person id', () => {
  it.each([
    ['NHS number without spaces', { nhsNumber: '9434765919' }, 'nhs:9434765919'],
    ['NHS number with spaces', { nhsNumber: '943 476 5919' }, 'nhs:9434765919'],
    ['NHS number with dashes', { nhsNumber: '943-476-5919' }, 'nhs:9434765919'],
    ['NHS number first, whatever else', { nhsNumber: '9434765919', prisonNumber: 'A1234BC' }, 'nhs:9434765919'],
    ['prison number when no NHS number', { prisonNumber: 'a1234bc', crn: 'X123456' }, 'prison:A1234BC'],
    ['blank NHS number counts as none', { nhsNumber: '  ', prisonNumber: 'A1234BC' }, 'prison:A1234BC'],
    ['CRN when neither', { crn: 'x123456' }, 'crn:X123456'],
    ['PNC ID last', { pncId: '2002/0073319z' }, 'pnc:2002/0073319Z'],
    ['the record itself when none', {}, 'record:00000000-0000-4000-8000-000000000001'],
  ])('%s', (_name, p, source) => {
    expect(pseudonymSourceOf(person(p))).toBe(source);
  });

  it('is the same for every episode of one person, spaces or not, and is HMAC-SHA-256 hex', () => {
    const a = personPseudonym(KEY, person({ nhsNumber: '943 476 5919', personId: 'a' }));
    const b = personPseudonym(KEY, person({ nhsNumber: '9434765919', personId: 'b' }));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('9434765919');
  });

  it('differs with another key (another deployment) and for another person', () => {
    const p = person({ nhsNumber: '9434765919' });
    expect(personPseudonym(KEY, p)).not.toBe(personPseudonym('j'.repeat(32), p));
    expect(personPseudonym(KEY, p)).not.toBe(personPseudonym(KEY, person({ nhsNumber: '4010232137' })));
    // The same characters as another kind of identifier never collide.
    expect(personPseudonym(KEY, person({ crn: 'X123456' }))).not.toBe(
      personPseudonym(KEY, person({ prisonNumber: 'X123456' })),
    );
  });
});

const q = (site: string, age: string, la: string | null = 'Preston'): QuasiValues => ({
  site,
  age_band: age,
  local_authority: la,
  release_type: 'conditional_release',
  priority_group: '3',
});

describe('k-anonymity over the quasi-identifiers (k = 5 by default)', () => {
  it.each([
    ['an empty extract', [], { rows: 0, classes: 0, smallestClass: null, passes: true, under: 0 }],
    [
      'five alike',
      Array.from({ length: 5 }, () => q('a', '25-34')),
      { rows: 5, classes: 1, smallestClass: 5, passes: true, under: 0 },
    ],
    [
      'four alike',
      Array.from({ length: 4 }, () => q('a', '25-34')),
      { rows: 4, classes: 1, smallestClass: 4, passes: false, under: 1 },
    ],
    [
      'five alike and one alone',
      [...Array.from({ length: 5 }, () => q('a', '25-34')), q('a', '65+')],
      { rows: 6, classes: 2, smallestClass: 1, passes: false, under: 1 },
    ],
    [
      'a missing value is a value of its own',
      [...Array.from({ length: 5 }, () => q('a', '25-34')), ...Array.from({ length: 2 }, () => q('a', '25-34', null))],
      { rows: 7, classes: 2, smallestClass: 2, passes: false, under: 1 },
    ],
  ])('%s', (_name, rows, want) => {
    const k = kAnonymity(rows);
    expect(k).toMatchObject({
      k: 5,
      rows: want.rows,
      classes: want.classes,
      smallestClass: want.smallestClass,
      passes: want.passes,
    });
    expect(k.underK).toHaveLength(want.under);
  });

  it('names the classes under k, smallest first, and takes another k', () => {
    const rows = [...Array.from({ length: 3 }, () => q('a', '25-34')), q('b', '18-24')];
    expect(kAnonymity(rows).underK.map((c) => [c.values.site, c.size])).toEqual([
      ['b', 1],
      ['a', 3],
    ]);
    expect(kAnonymity(rows, 3).underK.map((c) => c.size)).toEqual([1]);
  });
});

describe('age band and local authority', () => {
  it.each([
    ['2008-01-01', '2026-01-01', '18-24'],
    ['2001-06-02', '2026-06-01', '18-24'],
    ['2001-06-01', '2026-06-01', '25-34'],
    ['1980-03-01', '2026-03-01', '45-54'],
    ['1961-01-01', '2026-01-01', '65+'],
    ['2010-01-01', '2026-01-01', null],
  ])('born %s, referred %s: %s', (born, on, band) => {
    expect(ageBandOf(born, on)).toBe(band);
  });

  const known = knownLocalAuthorities(BUILT_IN_SITES);
  it.each([
    ['Birmingham', 'Birmingham'],
    ['birmingham city council', 'Birmingham'],
    ['Preston, Lancashire', 'Preston'],
    ['Flat 2, 10 Acacia Avenue, Manchester', 'Other'],
    ['=HYPERLINK("http://example.org")', 'Other'],
    ['', null],
    [undefined, null],
  ])('%j → %j (never what was typed)', (area, la) => {
    expect(localAuthorityOf(area, known)).toBe(la);
  });
});

const facts = (f: Partial<EpisodeExtractFacts> = {}): EpisodeExtractFacts => ({
  episodeId: '00000000-0000-4000-8000-0000000000e1',
  siteCode: 'er-lancashire-cumbria',
  person: person({ nhsNumber: '9434765919' }),
  dateOfBirth: '1990-05-17',
  receivedAt: new Date('2026-03-02T10:00:00Z'),
  decidedAt: new Date('2026-03-04T10:00:00Z'),
  sourceType: 'probation',
  priorityGroup: 3,
  details: { roshLevel: 'high', healthNeeds: 'Free text that must never leave' },
  consultation: { date: '2026-03-09', rationale: 'Free text' },
  closedReason: null,
  plan: { releaseType: 'conditional_release', destination: { localAuthority: 'Preston', postcode: 'PR1 2AA' } },
  recorded: {
    gpRegisteredOn: '2026-04-05',
    substanceMisuseEngagedOn: '2026-04-20',
    mentalHealthHandoverOn: null,
    accommodationNow: 'settled',
  },
  events: [{ kind: 'released', on: '2026-04-01' }],
  // Attended on 20 March and 4 April, did not attend on 3 April (outcomes/rules.ts tallyContacts).
  contacts: { attended: 2, didNotAttend: 1, cancelled: 0, firstAttendedFromRelease: '2026-04-04' },
  measures: [
    { instrument: 'swemwbs', on: '2026-03-10', score: { raw: 20, metric: 19.25 } },
    { instrument: 'core10', on: '2026-03-10', score: { raw: 22, band: 'moderate' } },
    { instrument: 'swemwbs', on: '2026-05-10', score: { raw: 24, metric: 22.35 } },
  ],
  ...f,
});

describe('one row of the extract', () => {
  const sites = BUILT_IN_SITES;
  const ctx = {
    key: KEY,
    now: new Date('2026-06-01T12:00:00Z'),
    sites: new Map(sites.map((s) => [s.code, s])),
    localAuthorities: knownLocalAuthorities(sites),
  };

  it('gives intervals in days, bands and codes, and nothing typed or dated', () => {
    const row = extractRowOf(facts(), ctx);
    expect(row).toMatchObject({
      site: 'er-lancashire-cumbria',
      service_model: 'ENHANCED_RECONNECT',
      age_band: '35-44',
      local_authority: 'Preston',
      out_of_area: 'no',
      priority_group: '3',
      rosh: 'high',
      source_type: 'probation',
      release_type: 'conditional_release',
      days_referral_to_screening: 2,
      days_referral_to_consultation: 7,
      released: 'yes',
      days_release_to_first_contact: 3,
      days_release_to_gp_registration: 4,
      gp_registered_by_day_7: 'yes',
      substance_misuse_need: 'yes',
      days_release_to_substance_misuse_treatment: 19,
      substance_misuse_treatment_within_21_days: 'yes',
      accommodation_now: 'settled',
      recalled: 'no',
      contacts_attended: 2,
      contacts_did_not_attend: 1,
      swemwbs_baseline: 19.25,
      swemwbs_last: 22.35,
      core10_baseline: 22,
      core10_last: null,
      status: 'open',
      closure_reason: null,
    });
    const text = rowCells(row).join(',');
    for (const secret of ['9434765919', '1990', 'PR1', 'Free text', '2026-'])
      expect(text, `the row holds ${secret}`).not.toContain(secret);
    expect(Object.keys(row)).toEqual([...EXTRACT_COLUMNS]);
  });

  it('a treatment start after 21 days is a miss; closed episodes give their coded reason only', () => {
    const row = extractRowOf(
      facts({
        recorded: {
          gpRegisteredOn: null,
          substanceMisuseEngagedOn: '2026-05-01',
          mentalHealthHandoverOn: null,
          accommodationNow: null,
        },
        events: [
          { kind: 'released', on: '2026-04-01' },
          { kind: 'closed', on: '2026-05-20', reason: 'disengaged' },
        ],
        closedReason: 'disengaged',
        plan: { destination: { localAuthority: 'Somewhere else entirely' } },
      }),
      ctx,
    );
    expect(row).toMatchObject({
      days_release_to_substance_misuse_treatment: 30,
      substance_misuse_treatment_within_21_days: 'no',
      gp_registered_by_day_7: 'no',
      local_authority: 'Other',
      out_of_area: 'yes',
      release_type: null,
      status: 'closed',
      closure_reason: 'disengaged',
    });
  });
});

describe('the data dictionary', () => {
  it('describes every column once, each with its source, and CSV has one row a field', () => {
    const names = DICTIONARY_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of DICTIONARY_FIELDS) {
      expect(f.description.length, f.name).toBeGreaterThan(10);
      expect(f.source.length, f.name).toBeGreaterThan(5);
      if (f.type === 'code' && f.name !== 'site' && f.name !== 'local_authority') expect(f.values, f.name).toBeTruthy();
    }
    expect(dictionaryBody().version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dictionaryCsvRows().rows).toHaveLength(DICTIONARY_FIELDS.length);
    // National definitions are cited where they exist.
    const standardOf = (n: string) => DICTIONARY_FIELDS.find((f) => f.name === n)?.standard ?? '';
    expect(standardOf('substance_misuse_treatment_within_21_days')).toMatch(/C20/);
    expect(standardOf('swemwbs_baseline')).toMatch(/Warwick-Edinburgh/);
  });
});
