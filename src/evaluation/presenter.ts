// The evaluation pages' view models, and the extract's headers (no personal data here: field definitions and
// the k-anonymity summary only).
import { formatIsoDateLong } from '../identifiers/dates.ts';
import { NOT_RECORDED, say } from '../web/vocabulary.ts';
import { DICTIONARY_FIELDS, DICTIONARY_VERSION } from './dictionary.ts';
import { QUASI_IDENTIFIERS, type KAnonymity } from './kAnonymity.ts';
import type { ExtractQuery } from './schema.ts';

const TYPE_TEXT = { text: 'Text', code: 'Code', integer: 'Whole number', number: 'Number', yes_no: 'Yes or no' };
const QUASI_TEXT: Record<(typeof QUASI_IDENTIFIERS)[number], string> = {
  site: 'site',
  age_band: 'age band',
  local_authority: 'local authority',
  release_type: 'release type',
  priority_group: 'priority group',
};

export function dictionaryView() {
  return {
    version: DICTIONARY_VERSION,
    fields: DICTIONARY_FIELDS.map((f) => ({
      name: f.name,
      description: f.description,
      type: TYPE_TEXT[f.type],
      values: f.values?.length ? f.values.join(', ') : 'Any',
      source: f.source,
      standard: f.standard ?? 'None',
    })),
  };
}

export const rangeText = (q: ExtractQuery) =>
  q.from && q.to
    ? `opened from ${formatIsoDateLong(q.from)} to ${formatIsoDateLong(q.to)}`
    : q.from
      ? `opened on or after ${formatIsoDateLong(q.from)}`
      : q.to
        ? `opened on or before ${formatIsoDateLong(q.to)}`
        : 'all episodes';

export function kAnonymityView(k: KAnonymity, siteName: (code: string) => string) {
  const shown = (q: (typeof QUASI_IDENTIFIERS)[number], v: string | number | null) =>
    v === null ? NOT_RECORDED : q === 'site' ? siteName(String(v)) : q === 'release_type' ? say(v) : String(v);
  const quasi = QUASI_IDENTIFIERS.map((q) => QUASI_TEXT[q]).join(', ');
  return {
    passes: k.passes,
    rows: k.rows,
    k: k.k,
    quasiIdentifiers: quasi,
    summary:
      k.rows === 0
        ? 'There are no episodes in this range.'
        : k.passes
          ? `Every combination of ${quasi} is shared by at least ${String(k.k)} episodes (the smallest group has ${String(k.smallestClass)}).`
          : `${String(k.underK.length)} of ${String(k.classes)} combinations of ${quasi} are shared by fewer than ${String(k.k)} episodes (the smallest group has ${String(k.smallestClass)}). People in those groups could be recognised by someone who knows these facts about them.`,
    underK: k.underK.slice(0, 50).map((c) => ({
      values: QUASI_IDENTIFIERS.map((q) => shown(q, c.values[q])),
      size: c.size,
    })),
    moreUnderK: Math.max(0, k.underK.length - 50),
    columns: QUASI_IDENTIFIERS.map((q) => QUASI_TEXT[q]),
  };
}

/** Added to API.md's extract response (an addition, docs/api/evaluation.md): what the check found. */
export function kAnonymityHeaders(k: KAnonymity): Record<string, string> {
  return {
    'x-dictionary-version': DICTIONARY_VERSION,
    'x-k-anonymity-k': String(k.k),
    'x-k-anonymity-smallest-class': k.smallestClass === null ? 'none' : String(k.smallestClass),
    'x-k-anonymity-classes-under-k': String(k.underK.length),
    'x-extract-rows': String(k.rows),
  };
}

export const extractFileName = (q: ExtractQuery) =>
  `reconnect-evaluation-v${DICTIONARY_VERSION}-${q.from ?? 'start'}-${q.to ?? 'end'}.csv`;
