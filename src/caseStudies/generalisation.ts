// The person, dates, places and agencies of a case study in general words (issue 15, seed 002): the person as
// "Mr A", "Ms A" or "A", an age band, dates relative to release ("three days after release"), places generalised
// to region, agencies by type. Pure: plain data in, plain words out, no clock. draft.ts writes the case study
// with them; anonymiser.ts scrubs what it drafted.
import { daysBetweenIso, ageOnIso } from '../identifiers/dates.ts';
import { builtInSite } from '../sites/builtInSites.ts';

export type Gender = 'male' | 'female' | null;

/** Seed 002: the person is "he" and "Mr A" in the case study; when the record holds no gender, "A". */
export function pseudonym(gender: Gender): string {
  return gender === 'male' ? 'Mr A' : gender === 'female' ? 'Ms A' : 'A';
}

/** Seed 002 says "Aged 60+": bands wide enough that an age does not single anyone out. */
export function ageBand(dateOfBirth: string, on: string): string {
  const age = ageOnIso(dateOfBirth, on);
  if (age < 25) return 'aged 18 to 24';
  if (age < 35) return 'aged 25 to 34';
  if (age < 45) return 'aged 35 to 44';
  if (age < 60) return 'aged 45 to 59';
  return 'aged 60 or over';
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const count = (n: number, unit: string) => `${WORDS[n] ?? String(n)} ${unit}${n === 1 ? '' : 's'}`;

/** A span of days in words: days under two weeks, weeks under eight, then months. */
export function spanInWords(days: number): string {
  if (days < 14) return count(days, 'day');
  if (days < 56) return count(Math.round(days / 7), 'week');
  const months = Math.round(days / 30.44);
  return months >= 24 ? count(Math.round(months / 12), 'year') : count(months, 'month');
}

/** What the dates are counted from: release when there was one, else the expected release, else the referral. */
export interface Anchor {
  on: string;
  /** "release", "the expected release", "the referral". */
  name: string;
}

/** A date relative to the anchor: "three days after release", "two weeks before release", "on the day of release". */
export function relativeTo(on: string, anchor: Anchor): string {
  const d = daysBetweenIso(anchor.on, on);
  if (d === 0) return `on the day of ${anchor.name}`;
  return `${spanInWords(Math.abs(d))} ${d > 0 ? 'after' : 'before'} ${anchor.name}`;
}

/** The regions of England the built-in sites are in (PRODUCT.md "Sites and their rules"). */
const SITE_REGION: Record<string, string> = {
  'er-birmingham-solihull': 'the West Midlands',
  'er-lancashire-cumbria': 'the North West',
  'reconnect-hampshire': 'the South East',
  'reconnect-east-of-england': 'the East of England',
};

/** The local authorities of a built-in site's catchment (sites/builtInSites.ts), in every policy version. */
function catchmentOf(siteCode: string): readonly string[] {
  return [...new Set(builtInSite(siteCode)?.policies.flatMap((policy) => policy.catchment) ?? [])];
}

/**
 * Local authorities by region: each built-in site's catchment (sites/builtInSites.ts) and its neighbours.
 * Anything else: "another area".
 */
const REGION_OF_AREA: Record<string, readonly string[]> = {
  'the West Midlands': [
    ...catchmentOf('er-birmingham-solihull'),
    'Coventry',
    'Dudley',
    'Sandwell',
    'Walsall',
    'Wolverhampton',
    'Staffordshire',
    'Stoke-on-Trent',
    'Warwickshire',
    'Worcestershire',
    'Herefordshire',
    'Shropshire',
    'Telford and Wrekin',
  ],
  'the North West': [
    ...catchmentOf('er-lancashire-cumbria'),
    'Manchester',
    'Salford',
    'Liverpool',
    'Cheshire East',
    'Cheshire West and Chester',
    'Wigan',
    'Bolton',
    'Preston',
  ],
  'the South East': [
    ...catchmentOf('reconnect-hampshire'),
    'Reading',
    'Kent',
    'Medway',
    'Surrey',
    'West Sussex',
    'East Sussex',
    'Brighton and Hove',
    'Slough',
    'Winchester',
  ],
  // RECONNECT East of England covers the region: its catchment is all of it.
  'the East of England': catchmentOf('reconnect-east-of-england'),
  London: ['London', 'Westminster', 'Camden', 'Hackney', 'Lambeth', 'Southwark', 'Croydon', 'Barnet', 'Ealing'],
};
const AREA_REGION = new Map(
  Object.entries(REGION_OF_AREA).flatMap(([region, areas]) => areas.map((a) => [a.toLowerCase(), region] as const)),
);

export const regionOfSite = (siteCode: string): string => SITE_REGION[siteCode] ?? 'England';
export const regionOfArea = (area: string | null | undefined): string | null =>
  area ? (AREA_REGION.get(area.trim().toLowerCase()) ?? null) : null;

/** Agencies by type, never by name (issue 15: "agencies by type"). */
const AGENCY: Record<string, string> = {
  probation: 'the probation service',
  prison: 'the prison',
  prison_healthcare: 'prison healthcare',
  gp: 'a GP practice',
  community_mental_health: 'a community mental health team',
  substance_misuse: 'a substance misuse service',
  housing: 'a housing provider',
  local_authority: 'the local authority',
  police: 'the police',
  approved_premises: 'approved premises',
  liaison_and_diversion: 'a liaison and diversion service',
  liaison_diversion: 'a liaison and diversion service',
  voluntary: 'a voluntary sector organisation',
  nsd: 'a national security team',
  counter_terrorism: 'a counter terrorism team',
  reconnect: 'another RECONNECT team',
  opd: 'the Offender Personality Disorder pathway',
  channel: 'Channel',
  prison_staff: 'prison staff',
  self: 'the person themselves',
  family_friend: 'a family member or friend',
};
export const agencyType = (kind: string | null | undefined): string =>
  (kind ? AGENCY[kind] : undefined) ?? 'another agency';
