// Fictional referrals for the demo, the tests and the benchmark. Every person is invented; NHS numbers
// are synthetic (the 999 range is not issued to patients) with a correct modulus 11 check digit.
import { nhsNumberCheckDigit } from '../identifiers/nhsNumber.ts';
import type { ReferralBody } from '../referrals/schema.ts';

const GIVEN = [
  'Alex',
  'Sam',
  'Jordan',
  'Chris',
  'Danny',
  'Lee',
  'Morgan',
  'Ryan',
  'Kieran',
  'Jamie',
  'Callum',
  'Tyler',
  'Aaron',
  'Dean',
  'Marcus',
  'Owen',
  'Reece',
  'Shane',
  'Wayne',
  'Colin',
];
const FAMILY = [
  'Ashworth',
  'Bramley',
  'Calloway',
  'Dunmore',
  'Ellery',
  'Fairbairn',
  'Garside',
  'Holroyd',
  'Ingleby',
  'Jessop',
  'Kershaw',
  'Lomax',
  'Marsden',
  'Nuttall',
  'Ormerod',
  'Pickles',
  'Quayle',
  'Rushton',
  'Stansfield',
  'Threlfall',
];

/** A synthetic NHS number from a seed: 999 + six digits + the modulus 11 check digit. */
export function syntheticNhsNumber(seed: number): string {
  for (let n = seed; ; n++) {
    const first9 = `999${String(n % 1_000_000).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(first9);
    if (check !== null && !/^(\d)\1{9}$/.test(first9 + String(check))) return first9 + String(check);
  }
}

/** A NOMIS-shaped prison number from a seed. */
export function syntheticPrisonNumber(seed: number): string {
  const letters = 'ABCDEFGHJKLMNPRSTVWXYZ';
  return `A${String(seed % 10_000).padStart(4, '0')}${letters[seed % letters.length]}${letters[Math.floor(seed / letters.length) % letters.length]}`;
}

function isoDaysFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export type ExampleKind = 'eligible' | 'automatic' | 'discretionary' | 'ineligible';

const AREAS: Record<string, string> = {
  'er-birmingham-solihull': 'Birmingham',
  'er-lancashire-cumbria': 'Lancashire',
  'reconnect-hampshire': 'Southampton',
  'reconnect-east-of-england': 'Norfolk',
};
const PRISONS: Record<string, string> = {
  'er-birmingham-solihull': 'HMP Birmingham',
  'er-lancashire-cumbria': 'HMP Preston',
  'reconnect-hampshire': 'HMP Winchester',
  'reconnect-east-of-england': 'HMP Norwich',
};

/** The `n`th of a list, round and round. */
const pick = (list: readonly string[], n: number): string => list[n % list.length] ?? '';

/** A complete, valid referral body to `site`, shaped to land on the given eligibility outcome. */
export function fictionalReferral(site: string, seed: number, now: Date, kind: ExampleKind = 'eligible'): ReferralBody {
  const er = site.startsWith('er-');
  const birthYear = 1960 + (seed % 40);
  const body: ReferralBody = {
    site,
    source: {
      type: er ? 'probation' : 'prison_healthcare',
      organisation: er ? 'Probation Service' : 'Prison healthcare',
      name: 'Pat Referrer',
      email: 'pat.referrer@example.org',
      phone: '01632 960001',
    },
    person: {
      givenName: pick(GIVEN, seed),
      familyName: pick(FAMILY, Math.floor(seed / GIVEN.length)),
      dateOfBirth: `${birthYear}-${String((seed % 12) + 1).padStart(2, '0')}-${String((seed % 28) + 1).padStart(2, '0')}`,
      nhsNumber: syntheticNhsNumber(seed * 7 + 11),
      prisonNumber: syntheticPrisonNumber(seed),
      crn: null,
      pncId: null,
    },
    consent: { given: true, date: isoDaysFrom(now, -3) },
    custody: {
      status: 'in_custody',
      establishment: PRISONS[site] ?? 'HMP Winchester',
      expectedReleaseDate: isoDaysFrom(now, er ? 90 + (seed % 60) : 40 + (seed % 40)),
      releaseDate: null,
      releaseType: 'conditional_release',
      resettlementArea: AREAS[site] ?? 'Southampton',
    },
    openToProbation: true,
    roshLevel: er ? 'high' : 'medium',
    priorityGroup: er ? 3 : null,
    criteria: er
      ? {
          highRoshToOthers: true,
          mentalHealth: true,
          selfHarmOrSuicideRisk: true,
          learningDifficulties: false,
          mappaLevel2or3: true,
          substanceMisuse: true,
          ippSentence: false,
          opdPathway: true,
        }
      : null,
    iirmsEligible: er ? false : null,
    complexHealthNeeds: er ? true : null,
    unlikelyToEngage: er ? null : true,
    healthNeeds:
      'Depression and anxiety; alcohol use; struggles with reading letters. Has missed GP appointments before.',
  };
  if (kind === 'automatic' && er) body.priorityGroup = ((seed % 2) + 1) as 1 | 2;
  if (kind === 'discretionary') {
    // Already released: Enhanced RECONNECT considers people in the community case by case (seed 000);
    // RECONNECT: whether they would engage on their own is not known.
    if (er)
      body.custody = {
        ...body.custody,
        status: 'in_community',
        expectedReleaseDate: null,
        releaseDate: isoDaysFrom(now, -10),
      };
    else body.unlikelyToEngage = null;
  }
  if (kind === 'ineligible') body.consent = { given: false, date: null };
  return body;
}
