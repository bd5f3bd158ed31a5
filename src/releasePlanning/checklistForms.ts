// The pages of the pre-release checklist (checklist.ts CHECKLIST_LABELS), one item a page, in the checklist's
// order: each a form of forms.ts, most one yes-or-no question, some with a question revealed by the answer.
import type { FieldError } from '../http/errors.ts';
import { str } from '../web/formFields.ts';
import type { ReleaseChecklistItem } from '../sites/policy.ts';
import { ACCOMMODATION_STATUSES, type ReleasePlan } from './types.ts';
import { CHECKLIST_LABELS } from './checklist.ts';
import { optionalDate, orUndefined, yesNo, yn, dateParts, type PlanForm } from './forms.ts';

export const ACCOMMODATION_TEXT: Record<(typeof ACCOMMODATION_STATUSES)[number], string> = {
  settled: 'Settled',
  unsettled: 'Unsettled (temporary, sofa surfing, or at risk of losing it)',
  none: 'No accommodation',
};

/** The page of a checklist item. */
export const itemSlug = (code: ReleaseChecklistItem) => code.replaceAll('_', '-');

/** A checklist item that is one yes-or-no question. */
function question(code: ReleaseChecklistItem, key: keyof ReleasePlan, legend: string, hint: string): PlanForm {
  return {
    slug: itemSlug(code),
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

export const CHECKLIST_FORMS: PlanForm[] = [
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
