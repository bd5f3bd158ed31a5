// The body of `PUT /api/v1/episodes/{id}/release-plan` (API.md "Episodes of care"; docs/api/release-plan.md).
// Every field is optional and merged into the stored plan; `null` removes a field. Nested objects are
// replaced whole. Unknown fields are refused, so a misspelt one is not silently lost.
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { isValidPostcode, normalisePostcode } from '../identifiers/postcode.ts';
import { ValidationFailed, type FieldError } from '../http/errors.ts';
import { ACCOMMODATION_STATUSES, RELEASE_TYPES } from './types.ts';

const isoDate = z
  .string({ error: 'Must be a date like 2026-11-10' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date like 2026-11-10')
  .refine(isRealIsoDate, 'Must be a real calendar date');
const text = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Must be ${max} characters or fewer`);
const yesNo = z.boolean({ error: 'Must be true or false' });

export const releasePlanBodySchema = z.strictObject({
  expectedReleaseDate: isoDate.optional(),
  releaseDateChangeReason: text(500, 'the reason the release date changed').optional(),
  releaseType: z.enum(RELEASE_TYPES, { error: `Must be one of ${RELEASE_TYPES.join(', ')}` }).nullish(),
  releaseUncertain: yesNo.nullish(),
  destination: z
    .strictObject({
      address: text(500, 'the address').optional(),
      postcode: z
        .string({ error: 'Enter the postcode' })
        .trim()
        .min(1, 'Enter the postcode')
        .refine(isValidPostcode, 'Enter a real UK postcode, like SW1A 1AA')
        .transform(normalisePostcode)
        .optional(),
      localAuthority: text(200, 'the local authority').optional(),
    })
    // Issue 10, "A destination known only by its town": "Accept either a postcode or a local authority".
    .refine((d) => d.postcode !== undefined || d.localAuthority !== undefined, {
      path: ['localAuthority'],
      message: 'Enter the postcode or the local authority (the town or council area) they are going to',
    })
    .nullish(),
  approvedPremises: text(200, 'the name of the approved premises').nullish(),
  gp: z.strictObject({ registered: yesNo, practice: text(200, 'the name of the GP practice').optional() }).nullish(),
  medicationOnRelease: yesNo.nullish(),
  substanceMisuse: z
    .strictObject({
      needed: yesNo,
      appointmentDate: isoDate.optional(),
      service: text(200, 'the name of the service').optional(),
    })
    .nullish(),
  mentalHealthHandover: z
    .strictObject({
      needed: yesNo,
      done: yesNo.optional(),
      service: text(200, 'the name of the service').optional(),
    })
    .nullish(),
  accommodation: z
    .strictObject({
      status: z.enum(ACCOMMODATION_STATUSES, { error: `Must be one of ${ACCOMMODATION_STATUSES.join(', ')}` }),
      dutyToReferDate: isoDate.optional(),
      dutyToReferLocalAuthority: text(200, 'the local authority').optional(),
    })
    .nullish(),
  idAndMoney: yesNo.nullish(),
  localProbationInformed: yesNo.nullish(),
  communityServicesInformed: yesNo.nullish(),
  needsFlaggedToCourt: yesNo.nullish(),
  meetAtTheGate: z.strictObject({ planned: yesNo, by: text(200, 'who will meet them').optional() }).nullish(),
  contingencyPlan: text(5000, 'the contingency plan').nullish(),
});

export type ReleasePlanBody = z.output<typeof releasePlanBodySchema>;

/** Parses the body or throws 400; an unknown field is named by its own path (`gp.registred`), not its parent's. */
export function parseReleasePlanBody(input: unknown): ReleasePlanBody {
  const result = releasePlanBodySchema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'Unknown field' }));
    return [{ field: path.join('.') || 'body', message: issue.message }];
  });
  throw new ValidationFailed(errors);
}
