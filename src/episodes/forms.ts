// The episode page's forms, one table: each turns posted fields into the API's body (the same service
// call as the JSON API) and names its inputs, so that the API's field paths link from the error summary.
// Then opening an episode: the consultation meeting (Enhanced RECONNECT) or the lead worker (RECONNECT).
import type { ZodType } from 'zod';
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { dateFrom, londonInstant, str, timeFrom, type Posted } from '../web/formFields.ts';
import { ATTENDEE_ROWS } from './presenter.ts';
import {
  CONTACT_OUTCOMES,
  CONTACT_TYPES,
  consultationSchema,
  contactSchema,
  expectedReleaseDateSchema,
  extensionSchema,
  recallSchema,
  releaseSchema,
  type ContactBody,
  type ExpectedReleaseDateBody,
  type ExtensionBody,
  type OpenEpisodeBody,
  type RecallBody,
  type ReleaseBody,
} from './schema.ts';

/** A posted field, read in order; a problem with it is reported on `field` (its name unless said). */
type Field =
  | { kind: 'date'; name: string; field?: string; what: string }
  | { kind: 'time'; name: string; field: string; missing: string; invalid: string }
  | { kind: 'choice'; name: string; options: readonly string[]; message: string }
  | { kind: 'wholeNumber'; name: string; message: string }
  | { kind: 'text'; name: string; required?: string; requiredWhen?: (values: Values) => boolean };

type Values = Record<string, string>;

export interface EpisodeForm<B> {
  /** The form on the episode page: where a refusal of the whole form is linked from the error summary. */
  anchor: string;
  /** Field paths (the API body's, and the form's own) → the ids of the inputs on the episode page. */
  inputs: Record<string, string>;
  fields: Field[];
  /** The API body from the fields' values, once every field reads. */
  body(values: Values): unknown;
  schema: ZodType<B>;
  /** What the schema cannot know: the service clock's `now`. */
  check?(body: B, now: Date): FieldError[];
}

export interface EpisodeBodies {
  contact: ContactBody;
  release: ReleaseBody;
  recall: RecallBody;
  extension: ExtensionBody;
  releaseDate: ExpectedReleaseDateBody;
}
export type EpisodeAction = keyof EpisodeBodies;

const optional = (key: string, value: string) => (value ? { [key]: value } : {});

export const EPISODE_FORMS: { [A in EpisodeAction]: EpisodeForm<EpisodeBodies[A]> } = {
  contact: {
    anchor: 'record-contact',
    inputs: {
      at: 'contact-date-day',
      date: 'contact-date-day',
      time: 'contact-time',
      type: 'contact-type',
      outcome: 'contact-outcome',
      durationMinutes: 'contact-duration',
      notes: 'contact-notes',
      present: 'contact-present',
      cancelledReason: 'contact-cancelled-reason',
    },
    fields: [
      { kind: 'date', name: 'contact-date', field: 'date', what: 'the date of the contact' },
      {
        kind: 'time',
        name: 'contact-time',
        field: 'time',
        missing: 'Enter the time of the contact',
        invalid: 'Enter the time like 14:30 or 2:30pm',
      },
      { kind: 'choice', name: 'type', options: CONTACT_TYPES, message: 'Select the type of contact' },
      { kind: 'choice', name: 'outcome', options: CONTACT_OUTCOMES, message: 'Select what happened' },
      {
        kind: 'wholeNumber',
        name: 'durationMinutes',
        message: 'Enter the duration as a whole number of minutes, like 45',
      },
      {
        kind: 'text',
        name: 'cancelledReason',
        required: 'Enter why the contact was cancelled',
        requiredWhen: (v) => v.outcome === 'cancelled',
      },
      { kind: 'text', name: 'present' },
      { kind: 'text', name: 'notes' },
    ],
    body(v) {
      // One person a line (names and roles as the worker writes them).
      const present = (v.present ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      return {
        at: londonInstant(v['contact-date'] ?? '', v['contact-time'] ?? ''),
        type: v.type,
        outcome: v.outcome,
        ...(v.durationMinutes ? { durationMinutes: Number(v.durationMinutes) } : {}),
        ...optional('notes', v.notes ?? ''),
        ...(present.length ? { present } : {}),
        ...(v.outcome === 'cancelled' ? { cancelledReason: v.cancelledReason } : {}),
      };
    },
    schema: contactSchema,
    check: (body, now) =>
      new Date(body.at).getTime() > now.getTime()
        ? [{ field: 'date', message: 'The date and time of the contact must be now or in the past' }]
        : [],
  },
  release: {
    anchor: 'release',
    inputs: {
      releasedOn: 'releasedOn-day',
      releasedFrom: 'releasedFrom',
      'destination.postcode': 'release-postcode',
      'destination.localAuthority': 'release-localAuthority',
      destination: 'release-localAuthority',
    },
    fields: [
      { kind: 'date', name: 'releasedOn', what: 'the date of release' },
      {
        kind: 'choice',
        name: 'releasedFrom',
        options: ['prison', 'court'],
        message: 'Select where they were released from',
      },
      // Where they went (API.md: a postcode or a local authority, either alone; issue 10, a town is enough).
      { kind: 'text', name: 'postcode' },
      { kind: 'text', name: 'localAuthority' },
    ],
    body: (v) => ({
      releasedOn: v.releasedOn,
      releasedFrom: v.releasedFrom,
      ...(v.postcode || v.localAuthority
        ? {
            destination: {
              ...optional('postcode', v.postcode ?? ''),
              ...optional('localAuthority', v.localAuthority ?? ''),
            },
          }
        : {}),
    }),
    schema: releaseSchema,
  },
  recall: {
    anchor: 'recall',
    inputs: { on: 'recall-reason', reason: 'recall-reason' },
    fields: [{ kind: 'text', name: 'reason' }],
    body: (v) => ({ reason: v.reason }),
    schema: recallSchema,
  },
  extension: {
    anchor: 'extension',
    inputs: { until: 'until-day', reason: 'extension-reason' },
    fields: [
      { kind: 'date', name: 'until', what: 'the new end of support' },
      { kind: 'text', name: 'reason', required: 'Enter the reason for extending support' },
    ],
    body: (v) => ({ until: v.until, reason: v.reason }),
    schema: extensionSchema,
  },
  releaseDate: {
    anchor: 'release-date',
    inputs: { expectedReleaseDate: 'expectedReleaseDate-day', reason: 'release-date-reason' },
    fields: [
      { kind: 'date', name: 'expectedReleaseDate', what: 'the expected release date' },
      { kind: 'text', name: 'reason', required: 'Enter the reason the expected release date changed' },
    ],
    body: (v) => ({ expectedReleaseDate: v.expectedReleaseDate, reason: v.reason }),
    schema: expectedReleaseDateSchema,
  },
};

function readField(field: Field, posted: Posted, values: Values): FieldError | undefined {
  switch (field.kind) {
    case 'date': {
      const date = dateFrom(posted, field.name, field.what);
      if ('error' in date) return { field: field.field ?? field.name, message: date.error };
      values[field.name] = date.iso;
      return undefined;
    }
    case 'time': {
      const raw = str(posted, field.name);
      const time = timeFrom(raw);
      if (!time) return { field: field.field, message: raw ? field.invalid : field.missing };
      values[field.name] = time;
      return undefined;
    }
    case 'choice': {
      const value = str(posted, field.name);
      values[field.name] = value;
      return field.options.includes(value) ? undefined : { field: field.name, message: field.message };
    }
    case 'wholeNumber': {
      const value = str(posted, field.name);
      values[field.name] = value;
      return value && !/^\d+$/.test(value) ? { field: field.name, message: field.message } : undefined;
    }
    case 'text': {
      const value = str(posted, field.name);
      values[field.name] = value;
      const required = field.required !== undefined && (field.requiredWhen?.(values) ?? true);
      return required && !value ? { field: field.name, message: field.required ?? '' } : undefined;
    }
  }
}

/** The API body of a posted form, or the errors to show (on the API's field paths and the form's own). */
export function parseEpisodeForm<B>(
  form: EpisodeForm<B>,
  posted: Posted,
  now: Date,
): { body: B; errors?: undefined } | { errors: FieldError[] } {
  const values: Values = {};
  const errors = form.fields.flatMap((f) => readField(f, posted, values) ?? []);
  if (errors.length) return { errors };
  const result = form.schema.safeParse(form.body(values));
  if (!result.success) return { errors: fieldErrors(result.error) };
  const problems = form.check?.(result.data, now) ?? [];
  return problems.length ? { errors: problems } : { body: result.data };
}

/** The input of a field path on the episode page: `present.2` is the "Who was present" box. */
export function inputOf(form: EpisodeForm<unknown>, field: string): string | undefined {
  return form.inputs[field] ?? form.inputs[field.split('.')[0] ?? ''];
}

/** What a form says when someone else changed the episode first (412). */
export const STALE =
  'Someone else changed this episode after you opened it, so your change was not saved. Check the episode below, then try again.';

/** The version the form was opened at, when it sent one (If-Match for the page). */
export function postedVersion(posted: Posted): number | undefined {
  const n = Number(str(posted, 'version'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

type Opening = Pick<OpenEpisodeBody, 'referralId' | 'consultation' | 'leadWorkerId'>;

/**
 * Opening an episode from the form: the consultation meeting's date, attendees (one row each, blank rows
 * skipped), decision and rationale for Enhanced RECONNECT; the chosen lead worker for RECONNECT.
 */
export function openingBody(
  posted: Posted,
  referralId: string,
  enhanced: boolean,
  viewerId: string,
): { body: Opening; errors?: undefined } | { errors: FieldError[] } {
  if (!enhanced) {
    const lead = str(posted, 'leadWorkerId');
    return { body: { referralId, ...(lead && lead !== viewerId ? { leadWorkerId: lead } : {}) } };
  }
  const errors: FieldError[] = [];
  const date = dateFrom(posted, 'consultation-date', 'the date of the meeting');
  if ('error' in date) errors.push({ field: 'consultation-date-day', message: date.error });
  const rowsUsed: number[] = [];
  const attendees = [];
  for (let row = 1; row <= ATTENDEE_ROWS; row++) {
    const attendee = {
      role: str(posted, `attendee-${row}-role`),
      name: str(posted, `attendee-${row}-name`),
      organisation: str(posted, `attendee-${row}-organisation`),
    };
    if (!attendee.name && !attendee.organisation) continue;
    rowsUsed.push(row);
    attendees.push(attendee);
  }
  const decision = str(posted, 'decision');
  if (decision !== 'accept' && decision !== 'decline')
    errors.push({ field: 'decision', message: 'Select the decision of the meeting' });
  const result = consultationSchema.safeParse({
    date: 'iso' in date ? date.iso : '2000-01-01',
    attendees,
    decision: decision || 'accept',
    rationale: str(posted, 'rationale'),
  });
  if (!result.success) {
    for (const e of fieldErrors(result.error)) {
      const [head, index, field] = e.field.split('.');
      const row = rowsUsed[Number(index)];
      if (head === 'attendees' && row !== undefined && field)
        errors.push({ field: `attendee-${String(row)}-${field}`, message: `Attendee ${String(row)}: ${e.message}` });
      else if (head === 'attendees')
        errors.push({ field: 'attendee-1-name', message: 'Enter at least one person who attended the meeting' });
      else if (head === 'rationale') errors.push({ field: 'rationale', message: e.message });
    }
  }
  if (errors.length || !result.success) return { errors };
  return { body: { referralId, consultation: result.data } };
}

/** The service's refusals of an opening (400) on the form's inputs. */
export function openingErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({
    field: e.field === 'leadWorkerId' ? 'leadWorkerId' : 'consultation-date-day',
    message:
      e.message === 'Must be today or in the past' ? 'The date of the meeting must be today or in the past' : e.message,
  }));
}
