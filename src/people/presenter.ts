// The person banner above every page of a person's record (issue 10, "a person banner (name, NHS number,
// date of birth, status) on every page of a record"): who this is, said the same way on every page. Fed by
// episodes/bannerService.ts from records the viewer may already see, drawn by web/views/_personBanner.njk.
import { formatDate } from '../web/format.ts';

export interface PersonBanner {
  name: string;
  /** "943 476 5919" (the NHS number's 3-3-4 groups), or "Not known". */
  nhsNumber: string;
  dateOfBirth: string;
  /** The record's status in the service's words ("Awaiting screening", "After release"). */
  status: string;
}

/** Ten digits in the NHS's 3-3-4 groups; anything else as it is. */
export function formatNhsNumber(value: string | null | undefined): string {
  const digits = (value ?? '').replace(/\D/g, '');
  if (digits.length !== 10) return value?.trim() || 'Not known';
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

export function presentPersonBanner(
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null },
  status: string,
): PersonBanner {
  return {
    name: `${person.givenName} ${person.familyName}`,
    nhsNumber: formatNhsNumber(person.nhsNumber),
    dateOfBirth: formatDate(person.dateOfBirth) || 'Not known',
    status,
  };
}
