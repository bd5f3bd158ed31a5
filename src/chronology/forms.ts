// The chronology page's filter form (a GET form, so a filtered view is a link that can be shared or
// printed): agency, kind, from and to dates as day, month and year boxes, a keyword, and compact or full.
import type { FieldError } from '../http/errors.ts';
import { formatIsoDateLong } from '../identifiers/dates.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import { CHRONOLOGY_KINDS, KIND_TEXT, type ChronologyFilter, type ChronologyKind } from './rules.ts';

export type View = 'compact' | 'full';

export interface PageFilter {
  filter: ChronologyFilter;
  /** What the form shows back: the agency as chosen ("team:CODE" or "partner:ID"), kind, dates, keyword. */
  values: Posted;
  view: View;
  errors: FieldError[];
}

const DATE_FIELDS = [
  { name: 'from', what: 'the from date' },
  { name: 'to', what: 'the to date' },
] as const;

/** The query string as a filter; a date typed wrongly is an error for the summary and is not applied. */
export function parseFilter(query: Posted): PageFilter {
  const errors: FieldError[] = [];
  const filter: ChronologyFilter = {};
  const agency = str(query, 'agency');
  const [by, id] = agency.split(':');
  if (by === 'team' && id) filter.team = id;
  if (by === 'partner' && id) filter.partnerId = id;
  const kind = str(query, 'kind');
  if ((CHRONOLOGY_KINDS as readonly string[]).includes(kind)) filter.kinds = [kind as ChronologyKind];
  for (const { name, what } of DATE_FIELDS) {
    if (['day', 'month', 'year'].every((p) => str(query, `${name}-${p}`) === '')) continue;
    const parsed = dateFrom(query, name, what);
    if ('iso' in parsed) filter[name] = parsed.iso;
    else errors.push({ field: name, message: parsed.error });
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.push({ field: 'to', message: 'The to date must be on or after the from date' });
    delete filter.to;
  }
  const q = str(query, 'q').slice(0, 200);
  if (q) filter.q = q;
  const values: Posted = Object.fromEntries(
    ['agency', 'kind', 'q', ...DATE_FIELDS.flatMap((d) => ['day', 'month', 'year'].map((p) => `${d.name}-${p}`))].map(
      (k) => [k, str(query, k)],
    ),
  );
  return { filter, values, view: str(query, 'view') === 'full' ? 'full' : 'compact', errors };
}

/** The same filter as a query string, for the links to the other view, the print view and the PDF. */
export function queryString(values: Posted, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (typeof v === 'string' && v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The kind select's options. */
export function kindOptions(selected: string) {
  return [
    { value: '', text: 'All kinds', selected: selected === '' },
    ...CHRONOLOGY_KINDS.filter((k) => k !== 'other').map((k) => ({
      value: k,
      text: KIND_TEXT[k],
      selected: selected === k,
    })),
  ];
}

/** Error summary links: a date's error points at its day box. */
export const fieldId = (field: string): string => (field === 'from' || field === 'to' ? `${field}-day` : field);

/** The filter in words, for the print view and the PDF ("Meeting; from 1 November 2026; “housing”"). */
export function describeFilter(f: ChronologyFilter, agency: string | undefined): string {
  return [
    agency ?? '',
    ...(f.kinds ?? []).map((k) => KIND_TEXT[k]),
    f.from ? `from ${formatIsoDateLong(f.from)}` : '',
    f.to ? `to ${formatIsoDateLong(f.to)}` : '',
    f.q ? `containing “${f.q}”` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
