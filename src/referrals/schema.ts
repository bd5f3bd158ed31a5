/**
 * The referral body of API.md, as zod schemas.
 *
 * - makeReferralBodySchema(now): strict, for submission (POST /api/v1/referrals). Required: site,
 *   source.type, person.givenName, person.familyName, person.dateOfBirth, consent.given,
 *   custody.status, roshLevel. Every given identifier must be valid, and at least one of NHS number,
 *   prison number or CRN is required: that issue is reported on the field path `person` (it belongs
 *   to no single input; the form shows it above the identifier fields). A factory because "date of
 *   birth in the past" depends on the clock, which is passed in, never read here.
 * - eligibilityFactsSchema: lenient, for the dry run (POST /api/v1/eligibility) and drafts. Every
 *   field optional; types and real calendar dates still checked (the engine relies on them), but
 *   identifiers are only normalised, not validated (they do not affect eligibility).
 *
 * Both trim strings, treat blank optional fields as missing, strip unknown keys, and normalise
 * identifiers (NHS number without spaces; prison number, CRN and PNC ID upper case).
 */
import { z } from 'zod';
import { isValidCrn, normaliseCrn } from '../identifiers/crn.ts';
import { addMonthsIso, isRealIsoDate, londonDate } from '../identifiers/dates.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../identifiers/nhsNumber.ts';
import { isValidPncId, normalisePncId } from '../identifiers/pncId.ts';
import { isValidPostcode, normalisePostcode } from '../identifiers/postcode.ts';
import { isValidPrisonNumber, normalisePrisonNumber } from '../identifiers/prisonNumber.ts';
import { ROSH_LEVELS, SOURCE_TYPES } from '../sites/policy.ts';
import { BSOL_CRITERIA, CUSTODY_STATUSES } from '../eligibility/facts.ts';
import type { EligibilityFacts } from '../eligibility/facts.ts';

export const MESSAGES = {
  nhsNumber: 'Enter a valid NHS number (10 digits with a correct check digit)',
  prisonNumber: 'Enter a prison number in the format A1234BC',
  crn: 'Enter a CRN in the format X123456 (one letter and six digits)',
  pncId: 'Enter a PNC ID in the format 2002/0073319Z, with a correct check letter',
  postcode: 'Enter a real UK postcode, like SW1A 1AA',
  date: 'Enter a real date in the format YYYY-MM-DD',
  identifierRequired: 'Enter at least one of NHS number, prison number or CRN',
  dateOfBirthInPast: 'Date of birth must be in the past',
  dateOfBirthTooEarly: 'Date of birth must be after 1 January 1900',
  consentDateInFuture: 'Consent date must be today or in the past',
  releaseAfterBirth: 'Release date must be after the date of birth',
  expectedReleaseAfterBirth: 'Expected release date must be after the date of birth',
  expectedReleaseTooLate: 'Expected release date must be within the person’s lifetime: check the year',
  releaseDateInFuture: 'Release date must be today or in the past; use the expected release date for a future release',
  expectedReleaseInPast:
    'Expected release date must be today or in the future: if they have been released, say they are in the community and give the release date',
  adultsOnly: 'The person must be 18 or over: RECONNECT and Enhanced RECONNECT are services for adults',
  phone: 'Enter a phone number, like 01632 960 001 or +44 1632 960 001',
} as const;

/** A UK or international phone number as people write it: digits with spaces, brackets, dashes and a leading +. */
export function isPhoneNumber(value: string): boolean {
  if (!/^\+?[\d\s()-]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 10 && digits <= 15;
}

const tooLong = (max: number): string => `Must be ${max} characters or fewer`;

/** Blank strings (an empty form field) count as not given. */
function blankAsMissing<S extends z.ZodType>(schema: S) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.nullish(),
  );
}

function requiredText(what: string, max: number) {
  return z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, tooLong(max));
}

const optionalText = (max: number) => blankAsMissing(z.string({ error: 'Must be text' }).trim().max(max, tooLong(max)));

/** An ISO calendar date that really exists (2026-02-31 never rolls over into March). */
export const isoDateSchema = z.string({ error: MESSAGES.date }).trim().refine(isRealIsoDate, MESSAGES.date);

function identifier(isValid: (s: string) => boolean, normalise: (s: string) => string, message: string) {
  return blankAsMissing(
    z.string({ error: message }).trim().max(50, message).refine(isValid, message).transform(normalise),
  );
}

export const nhsNumberSchema = identifier(isValidNhsNumber, normaliseNhsNumber, MESSAGES.nhsNumber);
export const prisonNumberSchema = identifier(isValidPrisonNumber, normalisePrisonNumber, MESSAGES.prisonNumber);
export const crnSchema = identifier(isValidCrn, normaliseCrn, MESSAGES.crn);
export const pncIdSchema = identifier(isValidPncId, normalisePncId, MESSAGES.pncId);
/** Not in the referral body; exported for the release plan's destination postcode. */
export const postcodeSchema = identifier(isValidPostcode, normalisePostcode, MESSAGES.postcode);

const sourceTypeSchema = z.enum(SOURCE_TYPES, {
  error: `Choose who is making the referral: one of ${SOURCE_TYPES.join(', ')}`,
});
const custodyStatusSchema = z.enum(CUSTODY_STATUSES, { error: 'Choose in_custody or in_community' });
const roshLevelSchema = z.enum(ROSH_LEVELS, { error: `Choose the RoSH level: one of ${ROSH_LEVELS.join(', ')}` });
const yesNo = (what: string) => z.boolean({ error: `Answer ${what} with true or false` });
const optionalYesNo = (what: string) => yesNo(what).nullish();
/** API.md: "`priorityGroup`: 1 (NSD), 2 (at risk of extremism), 3 (complex high / very high risk), or null". */
const priorityGroupSchema = z
  .union([z.literal(1), z.literal(2), z.literal(3)], { error: 'Priority group must be 1, 2, 3 or null' })
  .nullish();
const criteriaSchema = z
  .object(
    Object.fromEntries(BSOL_CRITERIA.map((key) => [key, optionalYesNo(key)])) as Record<
      (typeof BSOL_CRITERIA)[number],
      ReturnType<typeof optionalYesNo>
    >,
  )
  .nullish();

const optionalDate = blankAsMissing(isoDateSchema);

/** Facts shared by both schemas that are optional in both. */
const optionalFacts = {
  openToProbation: optionalYesNo('open to probation'),
  priorityGroup: priorityGroupSchema,
  criteria: criteriaSchema,
  iirmsEligible: optionalYesNo('eligible for IIRMS'),
  healthNeeds: optionalText(5000),
  complexHealthNeeds: optionalYesNo('complex health needs'),
  unlikelyToEngage: optionalYesNo('unlikely to engage'),
};

const sourceDetails = {
  organisation: optionalText(200),
  name: optionalText(100),
  email: blankAsMissing(
    z
      .string()
      .trim()
      .max(254, tooLong(254))
      .pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')),
  ),
  // Issue 10, "Smaller holes": "phone numbers take any text".
  phone: blankAsMissing(z.string().trim().max(50, tooLong(50)).refine(isPhoneNumber, MESSAGES.phone)),
};

const custodyDetails = {
  establishment: optionalText(200),
  expectedReleaseDate: optionalDate,
  releaseDate: optionalDate,
  releaseType: optionalText(100),
  resettlementArea: optionalText(200),
};

/** 18 or over on `today` (both ISO dates). */
export function isAdultOn(dateOfBirth: string, today: string): boolean {
  return addMonthsIso(dateOfBirth, 18 * 12) <= today;
}

/** Strict schema for submitting a referral; `now` decides what "in the past" means. */
export function makeReferralBodySchema(now: Date) {
  const today = londonDate(now);
  const realDate = (value: string | null | undefined): value is string =>
    typeof value === 'string' && isRealIsoDate(value);
  return z
    .object({
      site: z
        .string({ error: 'Select which team you are referring to' })
        .trim()
        .min(1, 'Select which team you are referring to')
        .max(100, tooLong(100)),
      source: z.object({ type: sourceTypeSchema, ...sourceDetails }, { error: 'Enter who is making the referral' }),
      person: z
        .object(
          {
            givenName: requiredText('their first name', 100),
            familyName: requiredText('their last name', 100),
            dateOfBirth: isoDateSchema
              .refine((d) => !isRealIsoDate(d) || d < today, MESSAGES.dateOfBirthInPast)
              .refine((d) => !isRealIsoDate(d) || d >= '1900-01-01', MESSAGES.dateOfBirthTooEarly)
              // Issue 10: "an 11-year-old passes the person step (RECONNECT and ER serve adults)".
              .refine((d) => !isRealIsoDate(d) || d >= today || isAdultOn(d, today), MESSAGES.adultsOnly),
            nhsNumber: nhsNumberSchema,
            prisonNumber: prisonNumberSchema,
            crn: crnSchema,
            pncId: pncIdSchema,
          },
          { error: 'Enter the person’s details' },
        )
        .superRefine((person, ctx) => {
          if (!person.nhsNumber && !person.prisonNumber && !person.crn)
            ctx.addIssue({ code: 'custom', message: MESSAGES.identifierRequired, path: [] });
        }),
      consent: z.object(
        {
          given: yesNo('whether the person has consented'),
          date: optionalDate.refine((d) => !realDate(d) || d <= today, MESSAGES.consentDateInFuture),
        },
        { error: 'Say whether the person has consented to the referral' },
      ),
      custody: z.object(
        { status: custodyStatusSchema, ...custodyDetails },
        { error: 'Say whether the person is in custody or in the community' },
      ),
      roshLevel: roshLevelSchema,
      ...optionalFacts,
    })
    .superRefine((body, ctx) => {
      const born = body.person.dateOfBirth;
      if (!realDate(born)) return;
      const { expectedReleaseDate, releaseDate } = body.custody;
      if (realDate(expectedReleaseDate) && expectedReleaseDate <= born) {
        ctx.addIssue({
          code: 'custom',
          message: MESSAGES.expectedReleaseAfterBirth,
          path: ['custody', 'expectedReleaseDate'],
        });
      } else if (realDate(expectedReleaseDate) && expectedReleaseDate > addMonthsIso(born, 120 * 12)) {
        // A year typed wrongly (2207 for 2027) would otherwise put the person in no window at all.
        ctx.addIssue({
          code: 'custom',
          message: MESSAGES.expectedReleaseTooLate,
          path: ['custody', 'expectedReleaseDate'],
        });
      }
      // Issue 10: '"in prison" takes a past expected release date'.
      if (body.custody.status === 'in_custody' && realDate(expectedReleaseDate) && expectedReleaseDate < today) {
        ctx.addIssue({
          code: 'custom',
          message: MESSAGES.expectedReleaseInPast,
          path: ['custody', 'expectedReleaseDate'],
        });
      }
      if (realDate(releaseDate) && releaseDate <= born) {
        ctx.addIssue({ code: 'custom', message: MESSAGES.releaseAfterBirth, path: ['custody', 'releaseDate'] });
      } else if (realDate(releaseDate) && releaseDate > today) {
        ctx.addIssue({ code: 'custom', message: MESSAGES.releaseDateInFuture, path: ['custody', 'releaseDate'] });
      }
    });
}

export type ReferralBodySchema = ReturnType<typeof makeReferralBodySchema>;
export type ReferralBody = z.infer<ReferralBodySchema>;

/** Lenient: every field optional, for the eligibility dry run and for drafts. */
export const eligibilityFactsSchema = z.object({
  site: optionalText(100),
  source: z.object({ type: sourceTypeSchema.nullish(), ...sourceDetails }).nullish(),
  person: z
    .object({
      givenName: optionalText(100),
      familyName: optionalText(100),
      dateOfBirth: optionalDate,
      nhsNumber: blankAsMissing(z.string().trim().max(50, tooLong(50)).transform(normaliseNhsNumber)),
      prisonNumber: blankAsMissing(z.string().trim().max(50, tooLong(50)).transform(normalisePrisonNumber)),
      crn: blankAsMissing(z.string().trim().max(50, tooLong(50)).transform(normaliseCrn)),
      pncId: blankAsMissing(z.string().trim().max(50, tooLong(50)).transform(normalisePncId)),
    })
    .nullish(),
  consent: z.object({ given: optionalYesNo('whether the person has consented'), date: optionalDate }).nullish(),
  custody: z.object({ status: custodyStatusSchema.nullish(), ...custodyDetails }).nullish(),
  roshLevel: roshLevelSchema.nullish(),
  ...optionalFacts,
});

export type EligibilityFactsBody = z.infer<typeof eligibilityFactsSchema>;

/**
 * Either parsed body, as the engine's input. Also a compile-time check that both schemas produce
 * facts the engine understands: if a schema drifts from EligibilityFacts this stops compiling.
 */
export function toEligibilityFacts(body: ReferralBody | EligibilityFactsBody): EligibilityFacts {
  return body;
}
