// The release plan's pages in order (NHS service manual, one thing per page): the release details, the
// destination, then each checklist item (checklistForms.ts).
import type { FieldError } from '../http/errors.ts';
import { str } from '../web/formFields.ts';
import { RELEASE_TYPES } from './types.ts';
import { CHECKLIST_FORMS } from './checklistForms.ts';
import { dateParts, optionalDate, orNull, orUndefined, yesNo, yn, type PlanForm } from './forms.ts';

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
  ...CHECKLIST_FORMS,
];

export function formFor(slug: string): PlanForm | undefined {
  return PLAN_FORMS.find((f) => f.slug === slug);
}
