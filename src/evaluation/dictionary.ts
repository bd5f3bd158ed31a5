// The data dictionary of the evaluation's minimum dataset (issue 15 "The evaluation's minimum dataset"; seed 003:
// "working with ER sites to see how they can collect a minimum dataset to monitor longer term programme
// outcomes"). Pure data: every column of the extract, in order, with what it means, its type, the values it
// takes and where in the record it comes from, drawn from a national definition where one exists.
//
// Versioned: a change to a column's meaning, name, type or values is a new version, so an analysis can say which
// definitions it used. The extract (extract.ts) produces exactly these columns, in this order.
//
// What is never in it (API.md "Evaluation extract"): names, NHS number, prison number, CRN, PNC ID, postcodes,
// dates of birth, exact dates and free text. Dates become whole days between two events; the date of birth an
// age band; the release address its local authority.
import { ROSH_LEVELS, SOURCE_TYPES } from '../sites/policy.ts';
import { RELEASE_TYPES, ACCOMMODATION_STATUSES } from '../releasePlanning/types.ts';
import { CLOSURE_REASONS } from '../episodes/schema.ts';

export const DICTIONARY_VERSION = '1.0.0';

export type FieldType = 'text' | 'code' | 'integer' | 'number' | 'yes_no';

export interface DictionaryField {
  name: string;
  description: string;
  type: FieldType;
  /** The allowed values of a `code` or `yes_no` field (a blank cell is always "not known"). */
  values?: readonly string[];
  /** Where in the record it comes from. */
  source: string;
  /** The national definition it follows, when there is one. */
  standard?: string;
}

/** Age in completed years on the date the referral was received, in these bands (dictionary field `age_band`). */
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

const YES_NO = ['yes', 'no'] as const;

const PHOF_C20 =
  'OHID Public Health Outcomes Framework indicator C20, "Adults with substance misuse treatment need who successfully ' +
  'engage in community-based structured treatment following release from prison" (NDTMS continuity of care: ' +
  'treatment started within 21 days of release)';
const SWEMWBS =
  'Short Warwick-Edinburgh Mental Wellbeing Scale (Stewart-Brown et al. 2009): 7 items scored 1-5, raw 7-35 ' +
  'converted to the metric score 7.00-35.00 by the published Rasch conversion table (outcomes/scoring.ts)';
const CORE10 =
  'CORE-10 (Barkham et al. 2013, Counselling and Psychotherapy Research 13(1)): 10 items 0-4, items 2 and 3 ' +
  'reverse-scored; total 0-40, clinical cut-off 11 (outcomes/scoring.ts)';

const days = (name: string, description: string, source: string, standard?: string): DictionaryField => ({
  name,
  description: `${description} Whole days; blank when either event has not happened or was not recorded.`,
  type: 'integer',
  source,
  ...(standard ? { standard } : {}),
});

export const DICTIONARY_FIELDS: readonly DictionaryField[] = [
  {
    name: 'person',
    description:
      'A pseudonymous person identifier: the same for every episode of one person, different in every deployment. ' +
      'It cannot be turned back into the person: it is keyed with a secret that researchers never see.',
    type: 'text',
    source:
      'HMAC-SHA-256, keyed with the deployment secret PSEUDONYMISATION_KEY, of the NHS number without spaces or ' +
      'dashes; when there is none, of the prison number (upper case), else the CRN (upper case), else the PNC ID ' +
      '(upper case); 64 hexadecimal characters',
    standard:
      'ICO, "Anonymisation, pseudonymisation and privacy enhancing technologies guidance" (2022-2025): keyed hashing',
  },
  {
    name: 'episode',
    description: 'A pseudonymous identifier of the episode of care, stable from one extract to the next.',
    type: 'text',
    source: 'HMAC-SHA-256 of the episode identifier with the same key',
  },
  {
    name: 'site',
    description: 'The RECONNECT or Enhanced RECONNECT team that held the episode.',
    type: 'code',
    source: 'episodes.site_code (the site codes of the API)',
  },
  {
    name: 'service_model',
    description: 'RECONNECT, or Enhanced RECONNECT (for people at high or very high risk of serious harm).',
    type: 'code',
    values: ['RECONNECT', 'ENHANCED_RECONNECT'],
    source: 'the site’s service model (sites.model)',
  },
  {
    name: 'age_band',
    description: 'Age in completed years on the day the referral was received, in bands.',
    type: 'code',
    values: AGE_BANDS,
    source: 'referrals.date_of_birth and referrals.received_at (the date of birth itself is never extracted)',
  },
  {
    name: 'local_authority',
    description:
      'The local authority of the release address: one of the local authorities (or districts within them) the ' +
      'teams cover, or "Other" for any other area, so that what was typed is never copied out.',
    type: 'code',
    source: 'release plan destination.localAuthority, matched to the sites’ catchments (sites/policy.ts)',
    standard: 'ONS local authority district and county names',
  },
  {
    name: 'out_of_area',
    description: 'Whether the release address is outside the site’s catchment.',
    type: 'yes_no',
    values: YES_NO,
    source: 'release plan destination.localAuthority against the site policy in force (releasePlanning/coverage.ts)',
  },
  {
    name: 'priority_group',
    description:
      'Enhanced RECONNECT priority group: 1 (National Security Division), 2 (at risk of extremism), 3 (complex high ' +
      'or very high risk). Restricted records are left out of the extract, so 1 and 2 are rare.',
    type: 'code',
    values: ['1', '2', '3'],
    source: 'referrals.priority_group (eligibility engine)',
  },
  {
    name: 'rosh',
    description: 'Risk of Serious Harm level at referral.',
    type: 'code',
    values: ROSH_LEVELS,
    source: 'referral details roshLevel',
    standard: 'HMPPS OASys Risk of Serious Harm levels (low, medium, high, very high)',
  },
  {
    name: 'source_type',
    description: 'Who made the referral.',
    type: 'code',
    values: SOURCE_TYPES,
    source: 'referrals.source_type',
  },
  {
    name: 'release_type',
    description: 'The type of release from custody.',
    type: 'code',
    values: RELEASE_TYPES,
    source: 'release plan releaseType',
  },
  days(
    'days_referral_to_screening',
    'From the day the referral was received to the day the screening decision was made.',
    'referrals.received_at to referrals.decided_at (London dates)',
  ),
  days(
    'days_referral_to_consultation',
    'From the day the referral was received to the Enhanced RECONNECT consultation meeting.',
    'referrals.received_at to episodes.consultation.date',
  ),
  {
    name: 'released',
    description: 'Whether the person has been released from custody during the episode.',
    type: 'yes_no',
    values: YES_NO,
    source: 'the episode’s first released event (episode_events)',
  },
  days(
    'days_release_to_first_contact',
    'From release to the first attended contact on or after the day of release.',
    'the first released event to the first attended contact (contacts.at)',
  ),
  days(
    'days_release_to_gp_registration',
    'From release to GP registration recorded after release (0 or less: registered before release).',
    'episode_outcomes.gp_registered_on',
  ),
  {
    name: 'gp_registered_by_day_7',
    description: 'Registered with a GP by day 7 after release (registration before release counts).',
    type: 'yes_no',
    values: YES_NO,
    source: 'release plan gp.registered and episode_outcomes.gp_registered_on (outcomes/rules.ts)',
  },
  {
    name: 'substance_misuse_need',
    description: 'Whether the person needs substance misuse treatment.',
    type: 'yes_no',
    values: YES_NO,
    source: 'release plan substanceMisuse.needed, else the referral’s substance misuse criterion',
    standard: PHOF_C20,
  },
  days(
    'days_release_to_substance_misuse_treatment',
    'From release to the start of community substance misuse treatment (a referral sent or an appointment booked is not a start).',
    'episode_outcomes.substance_misuse_engaged_on',
    PHOF_C20,
  ),
  {
    name: 'substance_misuse_treatment_within_21_days',
    description:
      'For those with a treatment need: treatment started within 21 days of release (yes), or not (no); blank while the 21 days are still running.',
    type: 'yes_no',
    values: YES_NO,
    source: 'outcomes/rules.ts linkageOf, as the reports count it',
    standard: PHOF_C20,
  },
  {
    name: 'accommodation_on_release',
    description: 'Accommodation on the day of release: settled, unsettled, or none (rough sleeping).',
    type: 'code',
    values: ACCOMMODATION_STATUSES,
    source: 'release plan accommodation.status',
    standard: 'MoJ Community Performance statistics, "settled accommodation" on release',
  },
  {
    name: 'accommodation_now',
    description: 'Accommodation as last recorded after release (the release plan’s when nothing later was recorded).',
    type: 'code',
    values: ACCOMMODATION_STATUSES,
    source: 'episode_outcomes.accommodation_now',
  },
  {
    name: 'recalled',
    description: 'Whether the person was recalled to custody during the episode.',
    type: 'yes_no',
    values: YES_NO,
    source: 'recalled events (episode_events)',
  },
  {
    name: 'contacts_attended',
    description: 'Contacts with the person that took place.',
    type: 'integer',
    source: 'contacts with outcome attended',
  },
  {
    name: 'contacts_did_not_attend',
    description: 'Contacts the person did not attend.',
    type: 'integer',
    source: 'contacts with outcome did_not_attend',
  },
  {
    name: 'swemwbs_baseline',
    description: 'The first SWEMWBS metric score of the episode.',
    type: 'number',
    source: 'outcome_measures (instrument swemwbs), earliest administered',
    standard: SWEMWBS,
  },
  {
    name: 'swemwbs_last',
    description: 'The latest SWEMWBS metric score of the episode (blank when only one was recorded).',
    type: 'number',
    source: 'outcome_measures (instrument swemwbs), latest administered',
    standard: SWEMWBS,
  },
  {
    name: 'core10_baseline',
    description: 'The first CORE-10 clinical score of the episode.',
    type: 'integer',
    source: 'outcome_measures (instrument core10), earliest administered',
    standard: CORE10,
  },
  {
    name: 'core10_last',
    description: 'The latest CORE-10 clinical score of the episode (blank when only one was recorded).',
    type: 'integer',
    source: 'outcome_measures (instrument core10), latest administered',
    standard: CORE10,
  },
  {
    name: 'status',
    description: 'Whether the episode is still open or has been closed.',
    type: 'code',
    values: ['open', 'closed'],
    source: 'the episode’s closed and reopened events',
  },
  {
    name: 'closure_reason',
    description: 'Why the episode was closed (blank while open).',
    type: 'code',
    values: CLOSURE_REASONS,
    source: 'episodes.closed_reason',
  },
];

export type ExtractColumn = (typeof DICTIONARY_FIELDS)[number]['name'];
export const EXTRACT_COLUMNS: readonly string[] = DICTIONARY_FIELDS.map((f) => f.name);

/** API.md `GET /api/v1/evaluation/dictionary`. */
export function dictionaryBody() {
  return { version: DICTIONARY_VERSION, fields: DICTIONARY_FIELDS };
}

/** The dictionary as CSV rows: one a field. */
export function dictionaryCsvRows(): { header: string[]; rows: string[][] } {
  return {
    header: ['name', 'description', 'type', 'values', 'source', 'standard', 'version'],
    rows: DICTIONARY_FIELDS.map((f) => [
      f.name,
      f.description,
      f.type,
      (f.values ?? []).join('|'),
      f.source,
      f.standard ?? '',
      DICTIONARY_VERSION,
    ]),
  };
}
