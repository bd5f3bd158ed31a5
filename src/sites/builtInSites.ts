/**
 * The four sites the product ships with (PRODUCT.md "Sites and their rules (the built-in
 * configuration)"), taken from the seed documents in shared/seeds/. Admins may add policy versions;
 * these are the first ones. Where a seed is silent we chose a value and say so beside it.
 */
import type { ReconnectEligibility, ReferralSourceRule, SiteDefinition, SourceType } from './policy.ts';

function from(date: string, types: SourceType[]): ReferralSourceRule[] {
  return types.map((type) => ({ type, from: date }));
}

/**
 * Seed 003: the Enhanced RECONNECT evaluation runs "1 April 2024 – 30 September 2025". We use
 * 1 April 2024 as the effective date of the first ER policies: a date of record in this system,
 * not a claim about when either pilot started taking referrals.
 */
const ER_FIRST_POLICY = '2024-04-01';

/**
 * PRODUCT.md: "Screened within 48 hours of receipt" (seed 001: "our team will aim to screen the
 * referral within 48 hours"); PRODUCT.md journey step 2 applies 48 h to ER generally.
 */
const ER_SCREENING_HOURS = 48;

/**
 * No seed gives RECONNECT a screening deadline. 72 hours (three days) is a local setting chosen
 * for this product so the safety net has a deadline to watch; each site can change it.
 */
const RECONNECT_SCREENING_HOURS = 72;

/**
 * Seed 001: Enhanced RECONNECT teams "Hold a small caseload of complex individuals"; PRODUCT.md: "Small
 * caseloads". No seed gives a number: 10 cases led per worker is a local setting (an intensive, clinical,
 * psychology-led service), and going over it is a warning to the manager who allocates, never a block.
 */
const ER_MAX_CASELOAD = 10;

/**
 * RECONNECT is a liaison, advocacy and signposting service (seed 002), not a clinical one (seed 001), so
 * a worker can hold more cases. 25 is a local setting; each site can change it in a new policy version.
 */
const RECONNECT_MAX_CASELOAD = 25;

/** Seed 000: "Referrals from priority groups one and two are automatically accepted for assessment." */
const AUTOMATIC_GROUPS: (1 | 2)[] = [1, 2];

const birminghamSolihull: SiteDefinition = {
  code: 'er-birmingham-solihull',
  name: 'Enhanced RECONNECT Birmingham and Solihull',
  model: 'ENHANCED_RECONNECT',
  provider: 'Birmingham and Solihull Mental Health NHS Foundation Trust',
  policies: [
    {
      version: `er-birmingham-solihull/${ER_FIRST_POLICY}`,
      effectiveFrom: ER_FIRST_POLICY,
      screeningHours: ER_SCREENING_HOURS,
      // Seed 000: "intensive support ... for up to 6 months prior to release and 12 months post release".
      preReleaseMonths: 6,
      postReleaseMonths: 12,
      maxCaseloadPerWorker: ER_MAX_CASELOAD,
      // Seed 000: "be living in, or resettling to the Birmingham and Solihull area".
      catchment: ['Birmingham', 'Solihull'],
      catchmentPlaces: ['Sutton Coldfield', 'Erdington', 'Shirley', 'Chelmsley Wood'],
      // Seed 000 names no referrers; its leaflet is "Referrer information" for agencies, and the
      // criteria (RoSH, MAPPA level, OPD screening) are facts only agencies hold. So: every
      // professional referrer, but not self-referrals or friends and family. A local choice.
      referralSources: from(ER_FIRST_POLICY, [
        'probation',
        'nsd',
        'counter_terrorism',
        'reconnect',
        'opd',
        'channel',
        'prison_healthcare',
        'liaison_diversion',
        'prison_staff',
        'other',
      ]),
      eligibility: {
        kind: 'enhanced_reconnect',
        roshLevels: ['high', 'very_high'],
        automaticGroups: AUTOMATIC_GROUPS,
        // Seed 000: "Meet at least 6 of the 8 key criteria outlined below but are not eligible for IIRMS".
        group3: { test: 'criteria', minimumCriteria: 6, excludeIirmsEligible: true },
        // Seed 000: "If an individual meets some of the criteria but not all, they may be assessed
        // dependent on their needs and suitability": catchment, health needs and probation are soft.
        catchment: 'soft',
        softCriteria: { complexHealthNeeds: true, openToProbationOrNsd: true },
        // Seed 000: "Referrals should be made six months prior to release": guidance, so an earlier
        // referral goes to a manager rather than being turned away.
        earlyReferral: 'discretionary',
      },
    },
  ],
};

const lancashireCumbria: SiteDefinition = {
  code: 'er-lancashire-cumbria',
  name: 'Enhanced RECONNECT Lancashire and Cumbria',
  model: 'ENHANCED_RECONNECT',
  provider: 'Lancashire and South Cumbria NHS Foundation Trust',
  policies: [
    {
      version: `er-lancashire-cumbria/${ER_FIRST_POLICY}`,
      effectiveFrom: ER_FIRST_POLICY,
      screeningHours: ER_SCREENING_HOURS,
      // Seed 001: "Engage those accepted during the last six months of their sentence. Continue to
      // support up to 12 months after release."
      preReleaseMonths: 6,
      postReleaseMonths: 12,
      maxCaseloadPerWorker: ER_MAX_CASELOAD,
      // Seed 001: "The individual must be resettling in Lancashire and Cumbria". Lancashire includes
      // the unitary authorities Blackburn with Darwen and Blackpool; Cumbria has been Cumberland and
      // Westmorland and Furness since April 2023.
      catchment: [
        'Lancashire',
        'Blackburn with Darwen',
        'Blackpool',
        'Cumbria',
        'Cumberland',
        'Westmorland and Furness',
      ],
      catchmentPlaces: [
        'Burnley',
        'Chorley',
        'Fylde',
        'Hyndburn',
        'Lancaster',
        'Pendle',
        'Preston',
        'Ribble Valley',
        'Rossendale',
        'South Ribble',
        'West Lancashire',
        'Wyre',
        'Blackburn',
        'Darwen',
        'Allerdale',
        'Barrow-in-Furness',
        'Carlisle',
        'Copeland',
        'Eden',
        'South Lakeland',
        'Kendal',
        'Workington',
      ],
      // Seed 001: "Enhanced RECONNECT (ER) will only accept referrals from HMPPS probation service,
      // national security and counter terrorism, RECONNECT, OPD and Channel. Self-referrals are NOT accepted."
      referralSources: from(ER_FIRST_POLICY, ['probation', 'nsd', 'counter_terrorism', 'reconnect', 'opd', 'channel']),
      eligibility: {
        kind: 'enhanced_reconnect',
        roshLevels: ['high', 'very_high'],
        automaticGroups: AUTOMATIC_GROUPS,
        // Seed 001: "Priority Group 3: Other High/Very High of Violent or Sexual Harm cohort."
        group3: { test: 'high_risk_of_harm', roshLevels: ['high', 'very_high'] },
        // Seed 001: "must be resettling in Lancashire and Cumbria": a hard requirement.
        catchment: 'hard',
        softCriteria: { complexHealthNeeds: false, openToProbationOrNsd: false },
        // Seed 001: "We accept referrals for high-risk individuals from six months prior to their
        // release": earlier referrals are told the date from which to refer again.
        earlyReferral: 'refer_again',
      },
    },
  ],
};

/**
 * Seed 004 (a launch article): "Referrals can currently be made by prison healthcare staff,
 * probation and the NHS liaison and diversion service. Referrals from prisoners and prison staff
 * will begin in January, with plans for friends and family of prisoners invited to refer to the
 * service later in the year." The article gives no dates; we chose launch 1 October 2023,
 * prisoners and staff from 1 January 2024, friends and family from 1 July 2024.
 */
const HAMPSHIRE_LAUNCH = '2023-10-01';

const hampshire: SiteDefinition = {
  code: 'reconnect-hampshire',
  name: 'RECONNECT Hampshire',
  model: 'RECONNECT',
  provider: 'Berkshire Healthcare NHS Foundation Trust',
  policies: [
    {
      version: `reconnect-hampshire/${HAMPSHIRE_LAUNCH}`,
      effectiveFrom: HAMPSHIRE_LAUNCH,
      screeningHours: RECONNECT_SCREENING_HOURS,
      // Seed 002: "Support may start 3-months before release & last for 6 months post-release."
      preReleaseMonths: 3,
      postReleaseMonths: 6,
      maxCaseloadPerWorker: RECONNECT_MAX_CASELOAD,
      // PRODUCT.md: HMP Winchester, also Bullingdon, Aylesbury, Grendon and Springhill (seed 004).
      catchment: [
        'Hampshire',
        'Southampton',
        'Portsmouth',
        'Isle of Wight',
        'Berkshire',
        'Oxfordshire',
        'Buckinghamshire',
        'Milton Keynes',
      ],
      catchmentPlaces: [
        'Basingstoke and Deane',
        'East Hampshire',
        'Eastleigh',
        'Fareham',
        'Gosport',
        'Hart',
        'Havant',
        'New Forest',
        'Rushmoor',
        'Test Valley',
        'Winchester',
        'Basingstoke',
        'Aldershot',
        'Bracknell Forest',
        'Reading',
        'Slough',
        'West Berkshire',
        'Windsor and Maidenhead',
        'Wokingham',
        'Cherwell',
        'Oxford',
        'South Oxfordshire',
        'Vale of White Horse',
        'West Oxfordshire',
        'Banbury',
        'Aylesbury',
        'High Wycombe',
      ],
      referralSources: [
        ...from(HAMPSHIRE_LAUNCH, ['prison_healthcare', 'probation', 'liaison_diversion']),
        ...from('2024-01-01', ['self', 'prison_staff']),
        ...from('2024-07-01', ['family_friend']),
      ],
      eligibility: reconnectEligibility(),
    },
  ],
};

/**
 * Seed 002 (the East of England case study) names no launch date or referrers: "Different models &
 * providers exist across the region." We record 1 April 2023 as the first policy's date, and the
 * "no wrong door" sources of PRODUCT.md: prison healthcare, probation, liaison and diversion, plus
 * prisoners and prison staff, and other RECONNECT teams (seed 002: out-of-area releases, where the
 * releasing team hands over). Friends and family are not enabled until the region confirms.
 */
const EAST_OF_ENGLAND_FIRST_POLICY = '2023-04-01';

const eastOfEngland: SiteDefinition = {
  code: 'reconnect-east-of-england',
  name: 'RECONNECT East of England',
  model: 'RECONNECT',
  provider: 'Regional providers commissioned by NHS England (East of England)',
  policies: [
    {
      version: `reconnect-east-of-england/${EAST_OF_ENGLAND_FIRST_POLICY}`,
      effectiveFrom: EAST_OF_ENGLAND_FIRST_POLICY,
      screeningHours: RECONNECT_SCREENING_HOURS,
      preReleaseMonths: 3,
      postReleaseMonths: 6,
      maxCaseloadPerWorker: RECONNECT_MAX_CASELOAD,
      catchment: [
        'Norfolk',
        'Suffolk',
        'Cambridgeshire',
        'Peterborough',
        'Essex',
        'Southend-on-Sea',
        'Thurrock',
        'Hertfordshire',
        'Bedford',
        'Central Bedfordshire',
        'Luton',
      ],
      catchmentPlaces: [
        'Breckland',
        'Broadland',
        'Great Yarmouth',
        "King's Lynn and West Norfolk",
        'North Norfolk',
        'Norwich',
        'South Norfolk',
        'Babergh',
        'East Suffolk',
        'Ipswich',
        'Mid Suffolk',
        'West Suffolk',
        'Cambridge',
        'East Cambridgeshire',
        'Fenland',
        'Huntingdonshire',
        'South Cambridgeshire',
        'Basildon',
        'Braintree',
        'Brentwood',
        'Castle Point',
        'Chelmsford',
        'Colchester',
        'Epping Forest',
        'Harlow',
        'Maldon',
        'Rochford',
        'Tendring',
        'Uttlesford',
        'Southend',
        'Bedfordshire',
        'Broxbourne',
        'Dacorum',
        'East Hertfordshire',
        'Hertsmere',
        'North Hertfordshire',
        'St Albans',
        'Stevenage',
        'Three Rivers',
        'Watford',
        'Welwyn Hatfield',
      ],
      referralSources: from(EAST_OF_ENGLAND_FIRST_POLICY, [
        'prison_healthcare',
        'probation',
        'liaison_diversion',
        'prison_staff',
        'self',
        'reconnect',
      ]),
      eligibility: reconnectEligibility(),
    },
  ],
};

/** The RECONNECT rules of PRODUCT.md, the same at both RECONNECT sites. */
function reconnectEligibility(): ReconnectEligibility {
  return {
    kind: 'reconnect',
    // PRODUCT.md: "Adults (18+) leaving prison or an IRC".
    minimumAge: 18,
    // PRODUCT.md: "low or medium RoSH"; seed 001: RECONNECT "works with those who are low to moderate risk".
    roshLevels: ['low', 'medium'],
    // PRODUCT.md: "Leavers within the last 28 days may be accepted."
    recentLeaverDays: 28,
    // Seed 002: "Referrals and assessments should be completed early": an early referral is
    // accepted and the episode waits for the 3-month window (API.md status `awaiting_window`).
    earlyReferral: 'accept',
  };
}

export const BUILT_IN_SITES: SiteDefinition[] = [birminghamSolihull, lancashireCumbria, hampshire, eastOfEngland];

/** A built-in site by code, or undefined. */
export function builtInSite(code: string): SiteDefinition | undefined {
  return BUILT_IN_SITES.find((site) => site.code === code);
}
