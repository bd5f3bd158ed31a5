// The anonymiser of a case study (issue 15, seed 002): no identifiers. A case study is drafted from structured
// facts in general words (draft.ts, generalisation.ts), and `scrub` is the second line of defence, run over
// everything drafted and used to check a manager's edits before approval: it removes the person's known names
// and identifiers, and anything shaped like an identifier, a date, a postcode, an email, a phone number or a
// named establishment. Pure: plain data in, plain words out, no clock.
import { MONTH_NAMES } from '../identifiers/dates.ts';

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

const MONTHS = MONTH_NAMES.join('|');
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
