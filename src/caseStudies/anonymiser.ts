// The anonymiser of a case study (issue 15, seed 002): the person as "Mr A", "Ms A" or "A", an age band, dates
// relative to release ("three days after release"), places generalised to region, agencies by type, and no
// identifiers. Pure: plain data in, plain words out, no clock.
//
// It works from structured facts only (what kind of thing happened, when, which kind of agency): no free text
// of the record is copied. `scrub` is the second line of defence, run over everything drafted and used to
// check a manager's edits before approval: it removes the person's known names and identifiers, and anything
// shaped like an identifier, a date, a postcode, an email, a phone number or a named establishment.
import { daysBetweenIso, ageOnIso } from '../identifiers/dates.ts';

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

/** Local authorities by region: the built-in catalogues' areas and their neighbours. Anything else: "another area". */
const REGION_OF_AREA: Record<string, readonly string[]> = {
  'the West Midlands': [
    'Birmingham',
    'Solihull',
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
    'Lancashire',
    'Blackburn with Darwen',
    'Blackpool',
    'Cumbria',
    'Cumberland',
    'Westmorland and Furness',
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
    'Hampshire',
    'Southampton',
    'Portsmouth',
    'Isle of Wight',
    'Berkshire',
    'Reading',
    'Oxfordshire',
    'Buckinghamshire',
    'Milton Keynes',
    'Kent',
    'Medway',
    'Surrey',
    'West Sussex',
    'East Sussex',
    'Brighton and Hove',
    'Slough',
    'Winchester',
  ],
  'the East of England': [
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

const CONTACT: Record<string, string> = {
  in_prison: 'in prison',
  community: 'in the community',
  home_visit: 'at home',
  phone: 'by phone',
  video: 'by video',
  professional: 'with the professionals around them',
};
const HANDOVER: Record<string, string> = {
  transfer: 'a transfer to another team',
  step_up: 'a step up to Enhanced RECONNECT',
  step_down: 'a step down to RECONNECT',
  out_of_area: 'an out-of-area handover',
};
const MEETING: Record<string, string> = {
  professionals: 'A professionals’ meeting',
  mdt: 'A multidisciplinary team meeting',
  mappa: 'A MAPPA meeting',
  marac: 'A MARAC meeting',
  channel_panel: 'A Channel Panel',
  consultation_review: 'A consultation review',
};

/** What happened, as structured facts only. */
export type CaseEvent =
  | { kind: 'referred'; on: string; source: string }
  | { kind: 'opened'; on: string }
  | { kind: 'assessed'; on: string }
  | { kind: 'plan_started'; on: string }
  | { kind: 'release_date_set'; on: string }
  | { kind: 'released'; on: string; fromCourt: boolean; destinationArea: string | null }
  | { kind: 'recalled'; on: string }
  | { kind: 'contact'; on: string; type: string; outcome: string }
  | { kind: 'handover'; on: string; handoverKind: string; status: string }
  | { kind: 'meeting'; on: string; meetingKind: string }
  | { kind: 'partner_note'; on: string; partnerKind: string | null }
  | { kind: 'sharing'; on: string; direction: string; partnerKind: string | null }
  | { kind: 'closed'; on: string };

/** A safety-net item of the worklist: when it was first raised and when it cleared (null: never). */
export interface MissedItem {
  title: string;
  severity: string;
  raisedOn: string;
  clearedOn: string | null;
  /** The episode closed while it was still raised. */
  openAtClosure: boolean;
}

export interface CaseFacts {
  gender: Gender;
  dateOfBirth: string;
  siteCode: string;
  model: 'RECONNECT' | 'ENHANCED_RECONNECT';
  roshLevel: string | null;
  /** Assessed needs in generic words ("mental health (high)", "hearing"). */
  needs: string[];
  expectedReleaseOn: string | null;
  events: CaseEvent[];
  missed: MissedItem[];
}

export interface CaseStudySections {
  title: string;
  background: string;
  whatHappened: string;
  missedOpportunities: string;
  lessons: string;
}

/** What the manager writes: seed 002's three headings, as prompts. Approval refuses while one is left. */
export const LESSON_PROMPT_MARK = '[Write here]';
export const LESSON_PROMPTS = [
  'Early recognition and referral: what would have identified the needs sooner? ' + LESSON_PROMPT_MARK,
  'Pre-release planning: what should have been in place before release, and who should have known? ' +
    LESSON_PROMPT_MARK,
  'Intra-agency and multi-agency collaboration: who had which part of the picture, and how could it be shared? ' +
    LESSON_PROMPT_MARK,
  'What would you do if someone with these needs presented to your service? ' + LESSON_PROMPT_MARK,
].join('\n\n');

const RELEASE_ANCHOR = 'release';

export function anchorOf(facts: Pick<CaseFacts, 'events' | 'expectedReleaseOn'>): Anchor {
  const released = facts.events.find((e) => e.kind === 'released');
  if (released) return { on: released.on, name: RELEASE_ANCHOR };
  if (facts.expectedReleaseOn) return { on: facts.expectedReleaseOn, name: 'the expected release' };
  const first = facts.events.map((e) => e.on).sort()[0];
  return { on: first ?? '2000-01-01', name: 'the referral' };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function sentenceOf(e: CaseEvent, who: string, home: string, releases: number): string {
  switch (e.kind) {
    case 'referred':
      return `${who} was referred to the team by ${agencyType(e.source)}.`;
    case 'opened':
      return 'The team opened an episode of care.';
    case 'assessed':
      return 'An assessment of needs was completed.';
    case 'plan_started':
      return 'A support plan was started.';
    case 'release_date_set':
      return 'An expected release date was recorded.';
    case 'released': {
      const region = regionOfArea(e.destinationArea);
      const where =
        region === null
          ? e.destinationArea
            ? ', to an area outside the team’s region'
            : ''
          : region === home
            ? `, to an area within ${home}`
            : `, out of the team’s area, to ${region}`;
      return `${who} was released${e.fromCourt ? ' from court' : ''}${where}${releases > 1 ? ' (a further release)' : ''}.`;
    }
    case 'recalled':
      return `${who} was recalled to custody.`;
    case 'contact': {
      const how = CONTACT[e.type] ?? 'in another way';
      if (e.outcome === 'attended') return `The team had contact with ${who} ${how}.`;
      if (e.outcome === 'did_not_attend') return `A contact ${how} was arranged, but ${who} did not attend.`;
      return `A contact ${how} was cancelled.`;
    }
    case 'handover':
      return `The team asked for ${HANDOVER[e.handoverKind] ?? 'a handover'}${e.status === 'accepted' ? ', which was accepted' : e.status === 'declined' ? ', which was declined' : ''}.`;
    case 'meeting':
      return `${MEETING[e.meetingKind] ?? 'A meeting'} was held about ${who}.`;
    case 'partner_note':
      return `The team heard from ${agencyType(e.partnerKind)}.`;
    case 'sharing':
      return e.direction === 'received'
        ? `Information was received from ${agencyType(e.partnerKind)}.`
        : `Information was shared with ${agencyType(e.partnerKind)}.`;
    case 'closed':
      return 'The episode of care was closed.';
  }
}

/** Consecutive contacts of the same kind and outcome on one day are one line. */
function lines(facts: CaseFacts, who: string, anchor: Anchor): string[] {
  const home = regionOfSite(facts.siteCode);
  const ordered = [...facts.events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const out: string[] = [];
  let releases = 0;
  let previous = '';
  for (const e of ordered) {
    if (e.kind === 'released') releases++;
    const text = `${capitalise(relativeTo(e.on, anchor))}: ${sentenceOf(e, who, home, releases)}`;
    if (text !== previous) out.push(text);
    previous = text;
  }
  return out;
}

const SERVICE = { RECONNECT: 'RECONNECT', ENHANCED_RECONNECT: 'Enhanced RECONNECT' } as const;
const ROSH: Record<string, string> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  very_high: 'very high',
};

/** The draft: every section from structured facts, then scrubbed of what `known` names. */
export function draftCaseStudy(facts: CaseFacts, known: KnownValues): CaseStudySections {
  const who = pseudonym(facts.gender);
  const anchor = anchorOf(facts);
  const home = regionOfSite(facts.siteCode);
  const referred = facts.events.find((e) => e.kind === 'referred')?.on ?? anchor.on;
  const needs = facts.needs.length ? facts.needs.join('; ') : 'none recorded in an assessment';
  const background = [
    `${who} is ${ageBand(facts.dateOfBirth, referred)} and was supported by a ${SERVICE[facts.model]} team in ${home}.`,
    `Assessed needs: ${needs}.`,
    facts.roshLevel ? `Risk of serious harm: ${ROSH[facts.roshLevel] ?? 'recorded'}.` : '',
    `Dates are given relative to ${anchor.name}.`,
  ]
    .filter(Boolean)
    .join('\n');
  const happened = lines(facts, who, anchor);
  const missed = facts.missed.map((m) => {
    const raised = relativeTo(m.raisedOn, anchor);
    const end = m.clearedOn
      ? `cleared ${relativeTo(m.clearedOn, anchor)}`
      : m.openAtClosure
        ? 'still raised when the episode closed'
        : 'not yet cleared';
    return `${m.title} (${m.severity} priority): raised ${raised}; ${end}.`;
  });
  const sections: CaseStudySections = {
    title: `Case study: ${who}, ${ageBand(facts.dateOfBirth, referred)}, ${home}`,
    background,
    whatHappened: happened.length ? happened.join('\n') : 'Nothing is recorded yet.',
    missedOpportunities: missed.length
      ? ['The safety-net worklist raised these items:', ...missed].join('\n')
      : 'The safety-net worklist raised no items for this episode.',
    lessons: LESSON_PROMPTS,
  };
  return {
    title: scrub(sections.title, known),
    background: scrub(sections.background, known),
    whatHappened: scrub(sections.whatHappened, known),
    missedOpportunities: scrub(sections.missedOpportunities, known),
    lessons: sections.lessons,
  };
}

/** The person's own values, to be removed wherever they appear. */
export interface KnownValues {
  names: readonly string[];
  identifiers: readonly string[];
  /** Dates of birth and any other exact dates known to be theirs (ISO). */
  dates: readonly string[];
  /** Establishments, addresses, postcodes, approved premises, practices: places below region. */
  places: readonly string[];
}

export const REMOVED = '[removed]';

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const MONTHS_SHORT = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const DAY_NAMES = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

/** Shapes that are never safe in a case study, whoever they belong to. */
const PATTERNS: readonly RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // email
  /\b\d{2,4}\/\d{1,7}[A-Z]\b/gi, // PNC ID
  /\b[A-Z]\d{4}[A-Z]{2}\b/gi, // prison number
  /\b[A-Z]\d{6}\b/gi, // CRN
  /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, // NHS number
  /\b(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b/g, // phone
  /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, // postcode
  /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, // ISO date
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, // 03/04/2026
  new RegExp(
    `\\b(?:(?:${DAY_NAMES}),?\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS}|${MONTHS_SHORT})\\.?(?:,?\\s+\\d{4})?\\b`,
    'gi',
  ),
  new RegExp(`\\b(?:${MONTHS}|${MONTHS_SHORT})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'gi'),
  new RegExp(`\\b(?:${MONTHS})\\s+\\d{4}\\b`, 'gi'),
  /\b(?:19|20)\d{2}\b/g, // a year on its own
  /\b(?:HMP|HMYOI|HMPYOI|YOI|HMIRC|IRC)\s+(?:&\s+YOI\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*/g, // HMP Winchester
  /\bHM\s+Prison\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*/g,
  /\b\d+[A-Z]?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+(?:Road|Street|Lane|Avenue|Close|Drive|Way|Court|Place|Crescent|Terrace|Gardens)\b/g,
];

/**
 * The text with every known value and every dangerous shape replaced by "[removed]". Known values are matched
 * without regard to case or accents, and names also word by word ("Siân Ó Dónaill" removes "Siân" and "Dónaill").
 */
export function scrub(text: string, known: KnownValues): string {
  const longestFirst = (values: readonly string[]) =>
    values
      .map((v) => v.trim())
      .filter((v) => v.length >= 2)
      .sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of longestFirst([...known.identifiers, ...known.places, ...known.dates])) out = replaceFolded(out, v);
  for (const p of PATTERNS) out = out.replace(p, REMOVED);
  for (const v of longestFirst([...known.names, ...known.names.flatMap((n) => n.split(/[\s-]+/))]))
    out = replaceFolded(out, v);
  return out.replace(/\[removed\](?:[\s,]+\[removed\])+/g, REMOVED);
}

/** Replaces `value` in `text` matching without case or accents (the folded text keeps the same length per letter). */
function replaceFolded(text: string, value: string): string {
  const needle = fold(value);
  const bounded = /^[\w']/.test(needle) && /[\w']$/.test(needle);
  const re = new RegExp(bounded ? `(?<![\\w])${escapeRe(needle)}(?![\\w])` : escapeRe(needle), 'g');
  // Fold letter by letter so indexes in the folded text map back to the original.
  const letters = Array.from(text);
  const folded = letters.map(fold);
  const joined = folded.join('');
  const starts: number[] = [];
  let at = 0;
  for (const f of folded) {
    starts.push(at);
    at += f.length;
  }
  const spans: [number, number][] = [];
  for (const m of joined.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  if (!spans.length) return text;
  let result = '';
  let i = 0;
  for (const [from, to] of spans) {
    while (i < letters.length && (starts[i] ?? 0) < from) result += letters[i++] ?? '';
    result += REMOVED;
    while (i < letters.length && (starts[i] ?? 0) < to) i++;
  }
  while (i < letters.length) result += letters[i++] ?? '';
  return result;
}

/** What of the known values (and dangerous shapes) a text still holds: empty when it is safe to share. */
export function identifyingIn(text: string, known: KnownValues): string[] {
  if (scrub(text, known) === text) return [];
  const found: string[] = [];
  const words = text.split(/\n/);
  for (const line of words) if (scrub(line, known) !== line) found.push(line.trim());
  return found;
}
