// The facade's pure rules: what a search asks for, a page of it, and the links between pages.
// A parameter this server does not support is refused (400) rather than silently ignored, so a client never
// takes an unfiltered answer for a filtered one (FHIR R4 search.html#errors: the server may reject it).
import type { FieldError } from '../http/errors.ts';
import { SUPPORTED, type SupportedType } from './capability.ts';
import { invalid } from './outcome.ts';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
/** Parameters every search accepts beside its own: the page, and the format (only JSON is served). */
const ALWAYS = new Set(['_count', '_offset', '_format']);

export interface SearchRequest {
  params: Map<string, string>;
  count: number;
  offset: number;
}

export function parseSearch(type: SupportedType, query: Record<string, unknown>): SearchRequest {
  const known = new Set<string>(SUPPORTED[type].searchParams.map((p) => p.name));
  const errors: FieldError[] = [];
  const params = new Map<string, string>();
  for (const [name, raw] of Object.entries(query)) {
    if (!known.has(name) && !ALWAYS.has(name)) {
      errors.push({ field: type, message: `The search parameter ${name} is not supported on ${type}` });
      continue;
    }
    if (typeof raw !== 'string' || raw.length > 200) {
      errors.push({ field: type, message: `Give ${name} once, in at most 200 characters` });
      continue;
    }
    params.set(name, raw);
  }
  const count = whole(params.get('_count'), DEFAULT_COUNT);
  const offset = whole(params.get('_offset'), 0);
  if (count === undefined || count < 1 || count > MAX_COUNT)
    errors.push({ field: type, message: `_count must be a whole number from 1 to ${MAX_COUNT}` });
  if (offset === undefined || offset > 100_000) errors.push({ field: type, message: '_offset must be a whole number' });
  if (errors.length) throw invalid(400, errors);
  return { params, count: count ?? DEFAULT_COUNT, offset: offset ?? 0 };
}

function whole(value: string | undefined, otherwise: number): number | undefined {
  if (value === undefined) return otherwise;
  return /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

/** `system|value`, `|value` or `value` (FHIR R4 search.html#token). */
export function token(value: string): { system: string | undefined; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: undefined, code: value };
  return { system: value.slice(0, bar) || undefined, code: value.slice(bar + 1) };
}

/** `Patient/ID` or `ID` for a reference parameter to `type`; undefined when it names another type. */
export function referenceId(value: string, type: string): string | undefined {
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? id : undefined;
}

/** The links of a searchset page: itself, and the next page while there is one. */
export function pageLinks(url: string, search: SearchRequest, total: number): { relation: string; url: string }[] {
  const at = (offset: number) => {
    const query = new URLSearchParams([...search.params].filter(([k]) => k !== '_offset' && k !== '_count'));
    query.set('_count', String(search.count));
    if (offset) query.set('_offset', String(offset));
    return `${url}?${query.toString()}`;
  };
  const links = [{ relation: 'self', url: at(search.offset) }];
  if (search.offset + search.count < total) links.push({ relation: 'next', url: at(search.offset + search.count) });
  return links;
}

/** Which media types a FHIR answer may be: JSON only, asked for by Accept or _format (FHIR R4 http.html#mime-type). */
export function acceptsFhirJson(accept: string | undefined, format: string | undefined): boolean {
  const json = (t: string) => ['application/fhir+json', 'application/json', 'json', '*/*', 'application/*'].includes(t);
  if (format !== undefined && !json(format.trim().toLowerCase())) return false;
  if (!accept) return true;
  return accept.split(',').some((part) => json((part.split(';')[0] ?? '').trim().toLowerCase()));
}
