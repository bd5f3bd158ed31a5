// The facade's pure rules: what a search asks for, a page of it, and the links between pages.
// A parameter this server does not support is refused (400) rather than silently ignored, so a client never
// takes an unfiltered answer for a filtered one (FHIR R4 search.html#errors: the server may reject it).
import type { FieldError } from '../http/errors.ts';
import { SUPPORTED, type SupportedType } from './capability.ts';
import { invalid } from './outcome.ts';
import type { Resource } from './resources.ts';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
/** Parameters every search accepts beside its own: the page, and the format (only JSON is served). */
const ALWAYS = new Set(['_count', '_offset', '_format', '_include']);
/** Parameters that may be given more than once (`_lastUpdated=ge…&_lastUpdated=lt…`, several `_include`s). */
const REPEATABLE = new Set(['_lastUpdated', '_include']);

/** `meta.lastUpdated` at or after `from` and before `before` (either may be open). */
export interface UpdatedRange {
  from?: Date;
  before?: Date;
}

export interface SearchRequest {
  params: Map<string, string>;
  count: number;
  offset: number;
  /** `_lastUpdated`, every bound given (FHIR R4 search.html#date: ge, gt, le, lt, eq). */
  updated?: UpdatedRange;
  /** `_include`s asked for, each `Type:param` the type names in its `includes`. */
  include?: string[];
}

/** The moments a date or dateTime value covers (FHIR R4 search.html#date: its precision is its range). */
export function rangeOf(value: string): { start: Date; end: Date } | undefined {
  const day = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (day) {
    const [, y, m, d] = day;
    const start = new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1));
    const end = new Date(start);
    if (d) end.setUTCDate(end.getUTCDate() + 1);
    else if (m) end.setUTCMonth(end.getUTCMonth() + 1);
    else end.setUTCFullYear(end.getUTCFullYear() + 1);
    return Number.isNaN(start.getTime()) || start.getUTCMonth() !== (m ? Number(m) - 1 : 0)
      ? undefined
      : { start, end };
  }
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!instant) return undefined;
  const start = new Date(value);
  if (Number.isNaN(start.getTime())) return undefined;
  const step = instant[2] ? 1 : instant[1] ? 1000 : 60_000;
  return { start, end: new Date(start.getTime() + step) };
}

/** One `_lastUpdated` value (a prefix and a date) narrowing `range`; false when it cannot be read. */
function narrow(range: UpdatedRange, value: string): boolean {
  const prefix = /^(eq|ge|gt|le|lt)/.exec(value)?.[1] ?? 'eq';
  const covered = rangeOf(value.replace(/^(eq|ge|gt|le|lt)/, ''));
  if (!covered) return false;
  const later = (a: Date | undefined, b: Date) => (a && a > b ? a : b);
  const earlier = (a: Date | undefined, b: Date) => (a && a < b ? a : b);
  if (prefix === 'ge' || prefix === 'eq') range.from = later(range.from, covered.start);
  if (prefix === 'gt') range.from = later(range.from, covered.end);
  if (prefix === 'le' || prefix === 'eq') range.before = earlier(range.before, covered.end);
  if (prefix === 'lt') range.before = earlier(range.before, covered.start);
  return true;
}

/** Whether a resource's `meta.lastUpdated` is in the range; one without it is in no range. */
export function updatedWithin(resource: Resource, range: UpdatedRange | undefined): boolean {
  if (!range) return true;
  const at = resource.meta?.lastUpdated;
  if (!at) return false;
  const t = new Date(at).getTime();
  return (!range.from || t >= range.from.getTime()) && (!range.before || t < range.before.getTime());
}

export function parseSearch(type: SupportedType, query: Record<string, unknown>): SearchRequest {
  const supported = SUPPORTED[type];
  const known = new Set<string>(supported.searchParams.map((p) => p.name));
  const includes = new Set<string>('includes' in supported ? supported.includes : []);
  const errors: FieldError[] = [];
  const params = new Map<string, string>();
  const updated: UpdatedRange = {};
  const include: string[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (!known.has(name) && !ALWAYS.has(name)) {
      errors.push({ field: type, message: `The search parameter ${name} is not supported on ${type}` });
      continue;
    }
    if (REPEATABLE.has(name)) {
      const values = (Array.isArray(raw) ? (raw as unknown[]) : [raw]).slice(0, 5);
      for (const value of values) {
        if (typeof value !== 'string' || value.length > 200) {
          errors.push({ field: type, message: `Give each ${name} in at most 200 characters` });
        } else if (name === '_lastUpdated' && !narrow(updated, value)) {
          errors.push({ field: type, message: `_lastUpdated must be a date or time, after ge, gt, le, lt or eq` });
        } else if (name === '_include' && !includes.has(value)) {
          errors.push({ field: type, message: `_include=${value} is not supported on ${type}` });
        } else if (name === '_include' && !include.includes(value)) include.push(value);
      }
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
  return {
    params,
    count: count ?? DEFAULT_COUNT,
    offset: offset ?? 0,
    ...(updated.from || updated.before ? { updated } : {}),
    ...(include.length ? { include } : {}),
  };
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
    if (search.updated?.from) query.append('_lastUpdated', `ge${search.updated.from.toISOString()}`);
    if (search.updated?.before) query.append('_lastUpdated', `lt${search.updated.before.toISOString()}`);
    for (const include of search.include ?? []) query.append('_include', include);
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
