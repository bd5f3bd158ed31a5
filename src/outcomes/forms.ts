// The measure form and the outcomes form: posted fields to the API's body, and each API field to the input
// the error summary links to. Items are shown by number (docs/decisions/0004-outcome-measures.md).
import type { FieldError } from '../http/errors.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import { ACCOMMODATION_STATUSES } from './rules.ts';
import { INSTRUMENTS, SPECS, type Instrument } from './scoring.ts';

export const isInstrument = (v: unknown): v is Instrument =>
  typeof v === 'string' && (INSTRUMENTS as readonly string[]).includes(v);

/** The answer choices of each item, by their score, with the response words of the scale. */
export const CHOICES: Record<Instrument, { value: number; text: string }[]> = {
  swemwbs: [
    { value: 1, text: '1: None of the time' },
    { value: 2, text: '2: Rarely' },
    { value: 3, text: '3: Some of the time' },
    { value: 4, text: '4: Often' },
    { value: 5, text: '5: All of the time' },
  ],
  core10: [
    { value: 0, text: '0: Not at all' },
    { value: 1, text: '1: Only occasionally' },
    { value: 2, text: '2: Sometimes' },
    { value: 3, text: '3: Often' },
    { value: 4, text: '4: Most or all of the time' },
  ],
};

/** The score ticked for each item, as on the paper form; CORE-10's reversed items are reversed in scoring only. */
export function measureBodyOf(instrument: Instrument, posted: Posted): { body?: object; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const on = dateFrom(posted, 'administeredOn', 'the date it was completed');
  if ('error' in on) errors.push({ field: 'administeredOn', message: on.error });
  const answers: number[] = [];
  for (let i = 0; i < SPECS[instrument].items; i++) {
    const v = str(posted, `item-${String(i + 1)}`);
    if (!/^\d$/.test(v)) errors.push({ field: `answers.${String(i)}`, message: `Answer item ${String(i + 1)}` });
    else answers.push(Number(v));
  }
  if (errors.length) return { errors };
  return { body: { instrument, administeredOn: 'iso' in on ? on.iso : '', answers }, errors };
}

export function measureInputOf(field: string): string {
  const m = /^answers\.(\d+)$/.exec(field);
  if (m) return `item-${String(Number(m[1]) + 1)}`;
  if (field === 'answers') return 'item-1';
  return 'administeredOn-day';
}

const DATE_FIELDS = ['gpRegisteredOn', 'substanceMisuseEngagedOn', 'mentalHealthHandoverOn'] as const;
const DATE_WORDS: Record<(typeof DATE_FIELDS)[number], string> = {
  gpRegisteredOn: 'the date they registered with a GP',
  substanceMisuseEngagedOn: 'the date treatment started',
  mentalHealthHandoverOn: 'the date of the mental health handover',
};

/** Blank date boxes leave a date as it is; the accommodation radios set it. */
export function outcomesBodyOf(posted: Posted): { body?: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const body: Record<string, unknown> = {};
  for (const f of DATE_FIELDS) {
    const blank = ['day', 'month', 'year'].every((p) => !str(posted, `${f}-${p}`));
    if (blank) continue;
    const d = dateFrom(posted, f, DATE_WORDS[f]);
    if ('iso' in d) body[f] = d.iso;
    else errors.push({ field: f, message: d.error });
  }
  const acc = str(posted, 'accommodationNow');
  if (acc) {
    if ((ACCOMMODATION_STATUSES as readonly string[]).includes(acc)) body.accommodationNow = acc;
    else errors.push({ field: 'accommodationNow', message: 'Choose where they live now' });
  }
  return errors.length ? { errors } : { body, errors };
}

export const outcomesInputOf = (field: string): string =>
  field === 'accommodationNow' ? 'accommodationNow' : `${field}-day`;
