// The release plan's pages, one thing per page (NHS service manual): the release details, the destination
// and each checklist item. Each form turns posted fields into the API body (the same PUT as the JSON API)
// and names its inputs so that the API's field paths can be linked from the error summary.
import type { FieldError } from '../http/errors.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import type { ReleaseChecklistItem } from '../sites/policy.ts';
import { ACCOMMODATION_STATUSES, RELEASE_TYPES, type ReleasePlan } from './types.ts';
import { CHECKLIST_LABELS } from './checklist.ts';

export const RELEASE_TYPE_TEXT: Record<(typeof RELEASE_TYPES)[number], string> = {
  conditional_release: 'Conditional release',
  parole: 'Parole',
  home_detention_curfew: 'Home detention curfew (HDC)',
  end_of_sentence: 'End of sentence',
  release_from_court: 'Release from court or time served',
  recall_release: 'Release after recall',
  ipp_licence: 'IPP licence',
  deportation_or_irc: 'Deportation or an immigration removal centre (IRC)',
};
export const ACCOMMODATION_TEXT: Record<(typeof ACCOMMODATION_STATUSES)[number], string> = {
  settled: 'Settled',
  unsettled: 'Unsettled (temporary, sofa surfing, or at risk of losing it)',
  none: 'No accommodation',
};

/**
 * A question that matters only after a given answer to a radio question earlier in the form: drawn under that
 * answer as a conditional reveal (docs/decisions/0003-radios-that-reveal-a-question.md), always in the page
 * without JavaScript. The form's `body` already ignores it after any other answer.
 */
type Reveal = { revealedBy?: { name: string; value: string } };

type Field = Reveal &
  (
    | { kind: 'yesno'; name: string; legend: string; hint?: string; path: string }
    | {
        kind: 'radios';
        name: string;
        legend: string;
        hint?: string;
        path: string;
        options: { value: string; text: string }[];
      }
    | { kind: 'text' | 'textarea'; name: string; label: string; hint?: string; path: string; width?: string }
    | { kind: 'date'; name: string; legend: string; hint?: string; path: string }
  );

export interface PlanForm {
  slug: string;
  title: string;
  intro?: string;
  fields: Field[];
  /** The form's values from the stored plan (as a person would have typed them). */
  values(plan: ReleasePlan, expectedReleaseDate: string | null): Posted;
  /** The API body from the posted form, or the errors of fields left empty. */
  body(posted: Posted, expectedReleaseDate: string | null): { body: Record<string, unknown>; errors: FieldError[] };
}

const yn = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');
const dateParts = (name: string, iso: string | undefined | null): Posted => {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};
const orNull = (value: string) => (value === '' ? null : value);
const orUndefined = (value: string) => (value === '' ? undefined : value);

function yesNo(posted: Posted, name: string, errors: FieldError[], message: string): boolean | undefined {
  const value = str(posted, name);
  if (value === 'yes') return true;
  if (value === 'no') return false;
  errors.push({ field: name, message });
  return undefined;
}

/** An optional date: blank is undefined, a partial or impossible date is an error. */
function optionalDate(posted: Posted, name: string, what: string, errors: FieldError[]): string | undefined {
  const result = dateFrom(posted, name, what);
  if ('iso' in result) return result.iso;
  if (['day', 'month', 'year'].every((p) => str(posted, `${name}-${p}`) === '')) return undefined;
  errors.push({ field: name, message: result.error });
  return undefined;
}

/** A checklist item that is one yes-or-no question. */
function question(code: ReleaseChecklistItem, key: keyof ReleasePlan, legend: string, hint: string): PlanForm {
  return {
    slug: code.replaceAll('_', '-'),
    title: CHECKLIST_LABELS[code],
    fields: [{ kind: 'yesno', name: 'answer', legend, hint, path: key }],
    values: (plan) => ({ answer: yn(plan[key] as boolean | undefined) }),
    body(posted) {
      const errors: FieldError[] = [];
      const answer = yesNo(posted, 'answer', errors, 'Select yes or no');
      return { body: answer === undefined ? {} : { [key]: answer }, errors };
    },
  };
}

export const PLAN_FORMS: PlanForm[] = [
  {
    slug: 'release-details',
    title: 'Release details',
    intro: 'Releases from court and for “time served” come without warning. Say whether the date could change.',
    fields: [
      {
        kind: 'radios',
        name: 'releaseType',
        legend: 'Type of release',
        path: 'releaseType',
        options: RELEASE_TYPES.map((value) => ({ value, text: RELEASE_TYPE_TEXT[value] })),
      },
      {
        kind: 'yesno',
        name: 'releaseUncertain',
        legend: 'Is the release date uncertain?',
        path: 'releaseUncertain',
        hint: 'For example on remand, waiting for court, or waiting for a parole decision',
      },
      {
        kind: 'date',
        name: 'expectedReleaseDate',
        legend: 'Expected release date',
        path: 'expectedReleaseDate',
        hint: 'For example, 15 3 2027. Leave blank if not known.',
      },
      {
        kind: 'text',
        name: 'releaseDateChangeReason',
        label: 'Why has the date changed? (if it has)',
        path: 'releaseDateChangeReason',
        hint: 'For example, parole hearing adjourned. Every change is kept with who made it and why.',
      },
    ],
    values: (plan, expected) => ({
      releaseType: plan.releaseType ?? '',
      releaseUncertain: yn(plan.releaseUncertain),
      ...dateParts('expectedReleaseDate', expected),
    }),
    body(posted, expected) {
      const errors: FieldError[] = [];
      const type = str(posted, 'releaseType');
      if (!(RELEASE_TYPES as readonly string[]).includes(type))
        errors.push({ field: 'releaseType', message: 'Select the type of release' });
      const uncertain = yesNo(posted, 'releaseUncertain', errors, 'Select yes if the release date is uncertain');
      const date = optionalDate(posted, 'expectedReleaseDate', 'the expected release date', errors);
      const reason = str(posted, 'releaseDateChangeReason');
      const moved = date !== undefined && date !== expected;
      return {
        body: {
          ...(type ? { releaseType: type } : {}),
          ...(uncertain !== undefined ? { releaseUncertain: uncertain } : {}),
          ...(moved ? { expectedReleaseDate: date, ...(reason ? { releaseDateChangeReason: reason } : {}) } : {}),
        },
        errors,
      };
    },
  },
  {
    slug: 'destination',
    title: 'Where they are going on release',
    fields: [
      { kind: 'textarea', name: 'address', label: 'Address (optional)', path: 'destination.address' },
      {
        kind: 'text',
        name: 'postcode',
        label: 'Postcode (if known)',
        path: 'destination.postcode',
        width: 'nhsuk-input--width-10',
      },
      {
        kind: 'text',
        name: 'localAuthority',
        label: 'Local authority',
        path: 'destination.localAuthority',
        hint: 'For example, Blackpool or Southend-on-Sea. This decides whether the release is out of area.',
      },
      {
        kind: 'text',
        name: 'approvedPremises',
        label: 'Approved premises (optional)',
        path: 'approvedPremises',
        hint: 'The name of the approved premises, if they go to one first',
      },
    ],
    values: (plan) => ({
      address: plan.destination?.address ?? '',
      postcode: plan.destination?.postcode ?? '',
      localAuthority: plan.destination?.localAuthority ?? '',
      approvedPremises: plan.approvedPremises ?? '',
    }),
    body(posted) {
      const errors: FieldError[] = [];
      const postcode = str(posted, 'postcode');
      const localAuthority = str(posted, 'localAuthority');
      // Issue 10, "A destination known only by its town": either is enough.
      if (!postcode && !localAuthority)
        errors.push({
          field: 'localAuthority',
          message: 'Enter the postcode or the local authority (the town or council area) they are going to',
        });
      const address = orUndefined(str(posted, 'address'));
      return {
        body: {
          destination: {
            ...(address ? { address } : {}),
            ...(postcode ? { postcode } : {}),
            ...(localAuthority ? { localAuthority } : {}),
          },
          approvedPremises: orNull(str(posted, 'approvedPremises')),
        },
        errors,
      };
    },
  },
  {
    slug: 'gp-registration',
    title: CHECKLIST_LABELS.gp_registration,
    fields: [
      {
        kind: 'yesno',
        name: 'registered',
        legend: 'Are they registered with a GP practice for after release?',
        path: 'gp.registered',
      },
      {
        kind: 'text',
        name: 'practice',
        label: 'GP practice',
        path: 'gp.practice',
        revealedBy: { name: 'registered', value: 'yes' },
      },
    ],
    values: (plan) => ({ registered: yn(plan.gp?.registered), practice: plan.gp?.practice ?? '' }),
    body(posted) {
      const errors: FieldError[] = [];
      const registered = yesNo(posted, 'registered', errors, 'Select yes if they are registered with a GP practice');
      const practice = registered ? orUndefined(str(posted, 'practice')) : undefined;
      return {
        body: registered === undefined ? {} : { gp: { registered, ...(practice ? { practice } : {}) } },
        errors,
      };
    },
  },
  question(
    'medication_on_release',
    'medicationOnRelease',
    'Is medication on release arranged?',
    'Answer yes if they will leave with their medication and a prescription, or if they need none',
  ),
  {
    slug: 'substance-misuse-appointment',
    title: CHECKLIST_LABELS.substance_misuse_appointment,
    intro: 'The national measure is engagement with community substance misuse treatment within 21 days of release.',
    fields: [
      {
        kind: 'yesno',
        name: 'needed',
        legend: 'Do they need a community substance misuse appointment?',
        path: 'substanceMisuse.needed',
      },
      {
        kind: 'date',
        name: 'appointmentDate',
        legend: 'Date of the appointment (if booked)',
        path: 'substanceMisuse.appointmentDate',
        hint: 'For example, 20 3 2027',
        revealedBy: { name: 'needed', value: 'yes' },
      },
      {
        kind: 'text',
        name: 'service',
        label: 'Service (optional)',
        path: 'substanceMisuse.service',
        revealedBy: { name: 'needed', value: 'yes' },
      },
    ],
    values: (plan) => ({
      needed: yn(plan.substanceMisuse?.needed),
      ...dateParts('appointmentDate', plan.substanceMisuse?.appointmentDate),
      service: plan.substanceMisuse?.service ?? '',
    }),
    body(posted) {
      const errors: FieldError[] = [];
      const needed = yesNo(
        posted,
        'needed',
        errors,
        'Select yes if they need a community substance misuse appointment',
      );
      const appointmentDate = needed
        ? optionalDate(posted, 'appointmentDate', 'the date of the appointment', errors)
        : undefined;
      const service = needed ? orUndefined(str(posted, 'service')) : undefined;
      return {
        body:
          needed === undefined
            ? {}
            : {
                substanceMisuse: {
                  needed,
                  ...(appointmentDate ? { appointmentDate } : {}),
                  ...(service ? { service } : {}),
                },
              },
        errors,
      };
    },
  },
  {
    slug: 'mental-health-handover',
    title: CHECKLIST_LABELS.mental_health_handover,
    fields: [
      {
        kind: 'yesno',
        name: 'needed',
        legend: 'Do they need a handover to community mental health services?',
        path: 'mentalHealthHandover.needed',
      },
      {
        kind: 'yesno',
        name: 'done',
        legend: 'Has the handover been made?',
        path: 'mentalHealthHandover.done',
        revealedBy: { name: 'needed', value: 'yes' },
      },
      {
        kind: 'text',
        name: 'service',
        label: 'Service (optional)',
        path: 'mentalHealthHandover.service',
        revealedBy: { name: 'needed', value: 'yes' },
      },
    ],
    values: (plan) => ({
      needed: yn(plan.mentalHealthHandover?.needed),
      done: yn(plan.mentalHealthHandover?.done),
      service: plan.mentalHealthHandover?.service ?? '',
    }),
    body(posted) {
      const errors: FieldError[] = [];
      const needed = yesNo(posted, 'needed', errors, 'Select yes if they need a mental health handover');
      const done = needed ? str(posted, 'done') === 'yes' : false;
      const service = needed ? orUndefined(str(posted, 'service')) : undefined;
      return {
        body: needed === undefined ? {} : { mentalHealthHandover: { needed, done, ...(service ? { service } : {}) } },
        errors,
      };
    },
  },
  {
    slug: 'accommodation',
    title: CHECKLIST_LABELS.accommodation,
    intro:
      'For anyone at risk of homelessness, make the Duty to Refer to the local authority (Homelessness Reduction Act 2017).',
    fields: [
      {
        kind: 'radios',
        name: 'status',
        legend: 'Accommodation on release',
        path: 'accommodation.status',
        options: ACCOMMODATION_STATUSES.map((value) => ({ value, text: ACCOMMODATION_TEXT[value] })),
      },
      {
        kind: 'date',
        name: 'dutyToReferDate',
        legend: 'Date the Duty to Refer was made (if made)',
        path: 'accommodation.dutyToReferDate',
        hint: 'For example, 2 11 2026',
      },
      {
        kind: 'text',
        name: 'dutyToReferLocalAuthority',
        label: 'Local authority it was made to',
        path: 'accommodation.dutyToReferLocalAuthority',
        hint: 'Leave blank if it is the local authority of the release address',
      },
    ],
    values: (plan) => ({
      status: plan.accommodation?.status ?? '',
      ...dateParts('dutyToReferDate', plan.accommodation?.dutyToReferDate),
      dutyToReferLocalAuthority: plan.accommodation?.dutyToReferLocalAuthority ?? '',
    }),
    body(posted) {
      const errors: FieldError[] = [];
      const status = str(posted, 'status');
      if (!(ACCOMMODATION_STATUSES as readonly string[]).includes(status))
        errors.push({ field: 'status', message: 'Select their accommodation on release' });
      const dutyToReferDate = optionalDate(posted, 'dutyToReferDate', 'the date of the Duty to Refer', errors);
      const authority = orUndefined(str(posted, 'dutyToReferLocalAuthority'));
      return {
        body: status
          ? {
              accommodation: {
                status,
                ...(dutyToReferDate ? { dutyToReferDate } : {}),
                ...(authority ? { dutyToReferLocalAuthority: authority } : {}),
              },
            }
          : {},
        errors,
      };
    },
  },
  question(
    'id_and_money',
    'idAndMoney',
    'Will they leave with ID and money?',
    'For example a bank account, the discharge grant, and a benefits claim ready',
  ),
  question(
    'local_probation_informed',
    'localProbationInformed',
    'Has the probation team in the area they are going to been told?',
    'Tell the probation team in the area they are going to, and the community services they will need, before release.',
  ),
  question(
    'community_services_informed',
    'communityServicesInformed',
    'Have the community services in the area they are going to been told?',
    'For example the GP, community mental health team, drug and alcohol service and adult social care',
  ),
  question(
    'needs_flagged_to_court',
    'needsFlaggedToCourt',
    'Have their needs been flagged to the court?',
    'So that a release from court does not come without a plan',
  ),
  {
    slug: 'meet-at-the-gate',
    title: CHECKLIST_LABELS.meet_at_the_gate,
    fields: [
      { kind: 'yesno', name: 'planned', legend: 'Will someone meet them at the gate?', path: 'meetAtTheGate.planned' },
      {
        kind: 'text',
        name: 'by',
        label: 'Who will meet them',
        path: 'meetAtTheGate.by',
        revealedBy: { name: 'planned', value: 'yes' },
      },
    ],
    values: (plan) => ({ planned: yn(plan.meetAtTheGate?.planned), by: plan.meetAtTheGate?.by ?? '' }),
    body(posted) {
      const errors: FieldError[] = [];
      const planned = yesNo(posted, 'planned', errors, 'Select yes if someone will meet them at the gate');
      const by = planned ? orUndefined(str(posted, 'by')) : undefined;
      return { body: planned === undefined ? {} : { meetAtTheGate: { planned, ...(by ? { by } : {}) } }, errors };
    },
  },
  {
    slug: 'contingency-plan',
    title: CHECKLIST_LABELS.contingency_plan,
    intro: 'Say who does what if they are released without warning, from court or earlier than expected.',
    fields: [{ kind: 'textarea', name: 'contingencyPlan', label: 'Contingency plan', path: 'contingencyPlan' }],
    values: (plan) => ({ contingencyPlan: plan.contingencyPlan ?? '' }),
    body(posted) {
      const text = str(posted, 'contingencyPlan');
      return {
        body: text ? { contingencyPlan: text } : {},
        errors: text ? [] : [{ field: 'contingencyPlan', message: 'Write the contingency plan' }],
      };
    },
  },
];

export function formFor(slug: string): PlanForm | undefined {
  return PLAN_FORMS.find((f) => f.slug === slug);
}

/** The page of a checklist item. */
export const itemSlug = (code: ReleaseChecklistItem) => code.replaceAll('_', '-');

/** The form field an API field path belongs to (the first field when none does), for the error summary. */
export function fieldNameFor(form: PlanForm, path: string): string {
  const field =
    form.fields.find((f) => f.path === path) ??
    form.fields.find((f) => path.startsWith(`${f.path}.`) || f.path.startsWith(`${path}.`));
  return (field ?? form.fields[0])?.name ?? '';
}

/** The id of a field's input (a date links to its day box). */
export function inputIdOf(form: PlanForm, name: string): string {
  const field = form.fields.find((f) => f.name === name);
  return field?.kind === 'date' ? `${name}-day` : field ? name : 'main-content';
}

/** The fields as the template draws them: values, radio items and error messages resolved; a question that
 * follows from an answer is drawn under that answer (`reveals` on its radio item), not on its own. */
export function fieldViews(form: PlanForm, values: Posted, errorsByName: Map<string, string>) {
  const view = (field: Field) => fieldView(form, field, values, errorsByName);
  const revealedUnder = (name: string, value: string) =>
    form.fields.filter((f) => f.revealedBy?.name === name && f.revealedBy.value === value).map(view);
  return form.fields
    .filter((field) => !field.revealedBy)
    .map((field) => {
      const drawn = view(field);
      if (!('items' in drawn)) return drawn;
      const items = drawn.items.map((item) => ({ ...item, reveals: revealedUnder(field.name, item.value) }));
      // Inline radios cannot hold a revealed question: those that reveal one stack.
      return { ...drawn, items, revealing: items.some((item) => item.reveals.length > 0) };
    });
}

function fieldView(form: PlanForm, field: Field, values: Posted, errorsByName: Map<string, string>) {
  const id = inputIdOf(form, field.name);
  const error = errorsByName.get(field.name);
  const value = str(values, field.name);
  const base = { kind: field.kind, id, name: field.name, hint: field.hint, error };
  switch (field.kind) {
    case 'yesno':
      return {
        ...base,
        legend: field.legend,
        items: [
          { value: 'yes', text: 'Yes', checked: value === 'yes' },
          { value: 'no', text: 'No', checked: value === 'no' },
        ],
      };
    case 'radios':
      return {
        ...base,
        legend: field.legend,
        items: field.options.map((o) => ({ ...o, checked: value === o.value })),
      };
    case 'date':
      return {
        ...base,
        legend: field.legend,
        day: str(values, `${field.name}-day`),
        month: str(values, `${field.name}-month`),
        year: str(values, `${field.name}-year`),
      };
    case 'text':
    case 'textarea':
      return { ...base, label: field.label, value, width: field.kind === 'text' ? field.width : undefined };
  }
}
