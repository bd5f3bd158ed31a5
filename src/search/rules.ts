// Finding a person (issue 10, "Find anyone, read everything"): "search by name (partial, any order, accents
// and case ignored), NHS number (with or without spaces), prison number and CRN". Pure: what a typed query
// means. A name is folded (identifiers/names.ts) the same way as the form stored beside each referral
// (referrals.search_name) and matched against with a trigram index; folding happens in code, not SQL, so
// both drivers agree.
import { isValidCrn, normaliseCrn } from '../identifiers/crn.ts';
import { isValidPrisonNumber, normalisePrisonNumber } from '../identifiers/prisonNumber.ts';
import { foldName } from '../identifiers/names.ts';

export { foldName, searchNameOf } from '../identifiers/names.ts';

export const MAX_QUERY_LENGTH = 100;
export const MIN_NAME_LENGTH = 2;
/** Words beyond these add nothing a person would type. */
export const MAX_TERMS = 6;

export type SearchQuery =
  | { kind: 'nhsNumber'; value: string }
  | { kind: 'prisonNumber'; value: string }
  | { kind: 'crn'; value: string }
  | { kind: 'name'; terms: string[] };

export type QueryProblem = 'missing' | 'tooShort' | 'tooLong';

/**
 * What was typed in the one search box: ten digits (spaces or hyphens anywhere) are an NHS number, A1234BC
 * a prison number, X123456 a CRN; anything else is words of a name, each of which must appear somewhere in
 * the name, in any order.
 */
export function parseQuery(input: string): SearchQuery | QueryProblem {
  const text = input.trim();
  if (!text) return 'missing';
  if (text.length > MAX_QUERY_LENGTH) return 'tooLong';
  const compact = text.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(compact)) return { kind: 'nhsNumber', value: compact };
  if (isValidPrisonNumber(compact)) return { kind: 'prisonNumber', value: normalisePrisonNumber(compact) };
  if (isValidCrn(compact)) return { kind: 'crn', value: normaliseCrn(compact) };
  const folded = foldName(text);
  if (folded.replace(/ /g, '').length < MIN_NAME_LENGTH) return 'tooShort';
  const terms = [...new Set(folded.split(' '))]
    // A word inside another adds nothing ("ann anne" is "anne").
    .filter((term, _i, all) => !all.some((other) => other !== term && other.includes(term)))
    .slice(0, MAX_TERMS);
  return { kind: 'name', terms };
}

export const QUERY_PROBLEM_TEXT: Record<QueryProblem, string> = {
  missing: 'Enter a name, NHS number, prison number or CRN',
  tooShort: `Enter at least ${MIN_NAME_LENGTH} letters of a name`,
  tooLong: `Enter no more than ${MAX_QUERY_LENGTH} characters`,
};

/** The words for what kind of search it was, for the results heading and the audit entry. */
export const QUERY_KIND_TEXT: Record<SearchQuery['kind'], string> = {
  nhsNumber: 'NHS number',
  prisonNumber: 'prison number',
  crn: 'CRN',
  name: 'name',
};

/** The normalised query, as the audit entry keeps its hash: the same search always hashes the same. */
export function canonicalQuery(q: SearchQuery): string {
  return q.kind === 'name' ? `name:${q.terms.join(' ')}` : `${q.kind}:${q.value}`;
}
