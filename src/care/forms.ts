// The formulation and support plan forms (the assessment's domain form is assessmentForms.ts): each form's
// posted fields as the API's body, validated by the API's own schema, and the API's field paths as the
// ids of the page's inputs for the error summary; and the service's refusals as the page's message.
import type { ZodType } from 'zod';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import {
  actionChangeSchema,
  actionSchema,
  formulationSchema,
  goalSchema,
  reviewSchema,
  type ActionBody,
  type ActionChangeBody,
  type FormulationBody,
  type GoalBody,
  type ReviewBody,
} from './schema.ts';

export interface PageMessage {
  status: number;
  text: string;
}

/** A refused change as the page's message: 412 says someone else changed it; 409 gives the service's reason; 400 its fields. */
export function refusal(error: unknown, what: string): { message?: PageMessage; errors?: FieldError[] } {
  if (!(error instanceof HttpError)) throw error;
  if (error.statusCode === 412)
    return {
      message: {
        status: 412,
        text: `Someone else changed ${what} after you opened it, so your change was not saved. Check it below, then try again.`,
      },
    };
  if (error.statusCode === 409) return { message: { status: 409, text: error.message } };
  if (error.statusCode === 400) return { errors: error.errors };
  throw error;
}

/** The version a form was shown with; -1 (never a version, so 412) when absent or not a number. */
export const versionFrom = (posted: Posted, key = 'version'): number => {
  const n = Number(str(posted, key));
  return Number.isInteger(n) && n >= 0 ? n : -1;
};

const yesNo = (value: string): boolean | undefined => (value === 'yes' ? true : value === 'no' ? false : undefined);

/** The 5 Ps (issue), with the question each answers, in the person's terms where possible. */
export const FIVE_PS = [
  { name: 'presenting', label: 'Presenting', hint: 'What are the difficulties now, as the person sees them?' },
  {
    name: 'predisposing',
    label: 'Predisposing',
    hint: 'What in their history made them vulnerable, including trauma?',
  },
  { name: 'precipitating', label: 'Precipitating', hint: 'What triggered the current difficulties?' },
  { name: 'perpetuating', label: 'Perpetuating', hint: 'What keeps them going?' },
  { name: 'protective', label: 'Protective', hint: 'What strengths, people and resources help?' },
] as const;

/** The formulation form as the body of `POST .../formulations`, or its errors by field. */
export function formulationFrom(posted: Posted): { body: FormulationBody } | { errors: FieldError[] } {
  const personsView = str(posted, 'personsView');
  const parsed = formulationSchema.safeParse({
    ...Object.fromEntries(FIVE_PS.map((p) => [p.name, str(posted, p.name)])),
    writtenWithPerson: yesNo(str(posted, 'writtenWithPerson')),
    ...(personsView ? { personsView } : {}),
  });
  return parsed.success ? { body: parsed.data } : { errors: fieldErrors(parsed.error) };
}

/** The formulation form as drawn: the posted values (else the current revision's) and the error summary. */
export function formulationFormView(
  current: { writtenWithPerson: boolean; personsView: string | null } | undefined,
  extra: { posted?: Posted | undefined; errors?: FieldError[] | undefined; message?: PageMessage | undefined },
) {
  const fieldErrorsOf = extra.errors ?? [];
  const errors = [
    ...(extra.message ? [{ text: extra.message.text, href: '#formulation-form' }] : []),
    // Each field's input has its own name as id (views/formulation.njk).
    ...fieldErrorsOf.map((e) => ({ text: e.message, href: `#${e.field}` })),
  ];
  const values: Posted =
    extra.posted ??
    (current
      ? {
          ...current,
          writtenWithPerson: current.writtenWithPerson ? 'yes' : 'no',
          personsView: current.personsView ?? '',
        }
      : {});
  return {
    status: extra.message?.status ?? (errors.length ? 400 : 200),
    errors,
    values,
    fieldErrors: Object.fromEntries(fieldErrorsOf.map((e) => [e.field, e.message])),
  };
}

/** The support plan page's forms (views/plan.njk shows the posted values of the one named). */
export type PlanFormName = 'goal' | 'action' | 'status' | 'review';

/** One of the support plan page's forms: how its fields become the API's body, and where its inputs are. */
export interface PlanForm<T> {
  name: PlanFormName;
  /** The part of the page the form is in: where a refusal without a field links to, and where saving returns to. */
  anchor: string;
  /** The API's field paths → the ids of the page's inputs. */
  inputs: Record<string, string>;
  schema: ZodType<T>;
  /** The body to validate, and the errors of fields left empty (which name the field better than the schema). */
  read(posted: Posted): { input: unknown; errors: FieldError[] };
}

export const goalForm: PlanForm<GoalBody> = {
  name: 'goal',
  anchor: 'add-goal',
  inputs: { needDomain: 'goal-needDomain', description: 'goal-description' },
  schema: goalSchema,
  read(posted) {
    const input = { needDomain: str(posted, 'needDomain'), description: str(posted, 'description') };
    return {
      input,
      errors: input.needDomain ? [] : [{ field: 'needDomain', message: 'Select the assessed need the goal is for' }],
    };
  },
};

/** The goal an action is for is posted beside it (`goalId`): it is the action's place in the API's path. */
export const actionForm: PlanForm<ActionBody> = {
  name: 'action',
  anchor: 'add-action',
  inputs: {
    goalId: 'action-goal',
    description: 'action-description',
    owner: 'action-owner',
    'owner.kind': 'action-owner',
    'owner.userId': 'action-owner-user',
    'owner.agency': 'action-owner-agency',
    dueOn: 'action-dueOn-day',
  },
  schema: actionSchema,
  read(posted) {
    const errors: FieldError[] = [];
    if (!str(posted, 'goalId')) errors.push({ field: 'goalId', message: 'Select the goal the action is for' });
    const kind = str(posted, 'ownerKind');
    if (!kind) errors.push({ field: 'owner', message: 'Select who will do it' });
    if (kind === 'team_member' && !str(posted, 'ownerUserId'))
      errors.push({ field: 'owner.userId', message: 'Select the team member' });
    if (kind === 'agency' && !str(posted, 'ownerAgency'))
      errors.push({ field: 'owner.agency', message: 'Name the agency' });
    const due = dateFrom(posted, 'dueOn', 'the date it is due');
    if ('error' in due) errors.push({ field: 'dueOn', message: due.error });
    const owner =
      kind === 'team_member'
        ? { kind, userId: str(posted, 'ownerUserId') }
        : kind === 'agency'
          ? { kind, agency: str(posted, 'ownerAgency') }
          : { kind };
    return { input: { description: str(posted, 'description'), owner, dueOn: 'iso' in due ? due.iso : '' }, errors };
  },
};

export const statusForm: PlanForm<ActionChangeBody> = {
  name: 'status',
  anchor: 'plan',
  inputs: { status: 'plan' },
  schema: actionChangeSchema,
  read: (posted) => ({ input: { status: str(posted, 'status') }, errors: [] }),
};

export const reviewForm: PlanForm<ReviewBody> = {
  name: 'review',
  anchor: 'record-review',
  inputs: {
    reviewedOn: 'review-reviewedOn-day',
    notes: 'review-notes',
    withPerson: 'review-withPerson',
    nextReviewOn: 'review-nextReviewOn-day',
  },
  schema: reviewSchema,
  read(posted) {
    const errors: FieldError[] = [];
    const reviewed = dateFrom(posted, 'reviewedOn', 'the date of the review');
    if ('error' in reviewed) errors.push({ field: 'reviewedOn', message: reviewed.error });
    const hasNext = ['day', 'month', 'year'].some((p) => str(posted, `nextReviewOn-${p}`));
    const next = hasNext ? dateFrom(posted, 'nextReviewOn', 'the date of the next review') : undefined;
    if (next && 'error' in next) errors.push({ field: 'nextReviewOn', message: next.error });
    const withPerson = str(posted, 'withPerson');
    if (!withPerson) errors.push({ field: 'withPerson', message: 'Select whether the person took part' });
    return {
      input: {
        reviewedOn: 'iso' in reviewed ? reviewed.iso : '',
        notes: str(posted, 'notes'),
        withPerson: withPerson === 'yes',
        ...(next && 'iso' in next ? { nextReviewOn: next.iso } : {}),
      },
      errors,
    };
  },
};

const PLAN_FORMS: Record<PlanFormName, Pick<PlanForm<unknown>, 'anchor' | 'inputs'>> = {
  goal: goalForm,
  action: actionForm,
  status: statusForm,
  review: reviewForm,
};

/** The form's body, or every error at once: the empty fields first, then the schema's on other fields. */
export function parsePlanForm<T>(form: PlanForm<T>, posted: Posted): { body: T } | { errors: FieldError[] } {
  const { input, errors: empty } = form.read(posted);
  const parsed = form.schema.safeParse(input);
  const errors = [
    ...empty,
    ...(parsed.success ? [] : fieldErrors(parsed.error).filter((e) => !empty.some((p) => p.field === e.field))),
  ];
  return errors.length || !parsed.success ? { errors } : { body: parsed.data };
}

/** The plan page's forms as drawn: which one was posted, its values and its error summary. */
export function planFormView(extra: {
  form?: PlanFormName | undefined;
  posted?: Posted | undefined;
  errors?: FieldError[] | undefined;
  message?: PageMessage | undefined;
}) {
  const form = extra.form ? PLAN_FORMS[extra.form] : undefined;
  const inputs: Record<string, string> = form?.inputs ?? {};
  const anchor = form?.anchor ?? 'plan';
  const errors = [
    ...(extra.message ? [{ text: extra.message.text, href: `#${anchor}` }] : []),
    ...(extra.errors ?? []).map((e) => ({ text: e.message, href: `#${inputs[e.field] ?? anchor}` })),
  ];
  return {
    status: extra.message?.status ?? (errors.length ? 400 : 200),
    errors,
    form: extra.form,
    posted: extra.posted ?? {},
    fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [inputs[e.field] ?? e.field, e.message])),
  };
}
