// zod input schemas of the partner directory, the network, consent, the sharing log and partner notes
// (API.md "Partners, meetings and the chronology"). The field helpers are shared with meetings/schema.ts.
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { NETWORK_ROLES, PARTNER_KINDS } from './rules.ts';
import { LAWFUL_BASES, SHARING_DIRECTIONS, needsJustification } from './sharingRules.ts';

export const isoDate = z
  .string({ error: 'Enter a date like 2026-11-10' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Enter a date like 2026-11-10', abort: true })
  .refine(isRealIsoDate, 'Must be a real calendar date');
export const text = (max: number, required: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, `Must be ${max} characters or fewer`);
/** Optional text: blank (a form's empty field) counts as not given. */
export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string({ error: 'Must be text' }).trim().max(max, `Must be ${max} characters or fewer`).optional(),
  );
export const uuid = z
  .string({ error: 'Must be an id from the API' })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Must be an id from the API');
const email = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.email('Enter an email address like name@example.org').max(320).optional(),
);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Must be one of ${values.join(', ')}` });

/** API.md `POST /api/v1/partners`; `address` added. */
export const partnerSchema = z.object({
  name: text(200, 'Enter the organisation’s name'),
  kind: oneOf(PARTNER_KINDS),
  area: optionalText(200),
  email,
  phone: optionalText(50),
  address: optionalText(500),
});
export type PartnerBody = z.output<typeof partnerSchema>;

export const partnerQuerySchema = z.object({
  q: optionalText(200),
  kind: z.preprocess((v) => (v === '' ? undefined : v), oneOf(PARTNER_KINDS).optional()),
});
export type PartnerQuery = z.output<typeof partnerQuerySchema>;

/** "COM", "care coordinator" and `care_coordinator` all name the same role. */
const networkRole = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      : v,
  oneOf(NETWORK_ROLES),
);

/** API.md `POST /api/v1/episodes/{id}/network`. */
export const networkMemberSchema = z
  .object({
    partnerId: uuid,
    name: text(200, 'Enter the professional’s name'),
    role: networkRole,
    email,
    phone: optionalText(50),
    from: isoDate,
    to: isoDate.optional(),
  })
  .refine((m) => m.to === undefined || m.to >= m.from, { path: ['to'], message: 'Must be on or after the start' });
export type NetworkMemberBody = z.output<typeof networkMemberSchema>;

/** The end of a professional's period in the network (they moved on, or the case moved). */
export const networkEndSchema = z.object({ to: isoDate });

/** API.md `PUT /api/v1/episodes/{id}/consents/{partnerId}`. */
export const consentSchema = z.object({
  given: z.boolean({ error: 'Answer whether the person consents with true or false' }),
  recordedOn: isoDate,
  scope: optionalText(1000),
});
export type ConsentBody = z.output<typeof consentSchema>;

/**
 * API.md `POST /api/v1/episodes/{id}/sharing`; `declined` added: a request to share that the team refused,
 * recorded with why (HM Government 2018: record the decision whether or not you share).
 */
export const sharingSchema = z
  .object({
    direction: oneOf(SHARING_DIRECTIONS),
    partnerId: uuid,
    sharedOn: isoDate,
    what: text(5000, 'Say what was shared or asked for'),
    lawfulBasis: oneOf(LAWFUL_BASES).optional(),
    justification: optionalText(5000),
  })
  .superRefine((s, ctx) => {
    if (s.direction !== 'declined' && !s.lawfulBasis)
      ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: 'Choose the lawful basis for sharing' });
    if (needsJustification(s.lawfulBasis, s.direction) && !s.justification)
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message:
          s.direction === 'declined'
            ? 'Say why the request was declined'
            : 'Say why sharing without consent is justified (what, why it is necessary, why this much)',
      });
  });
export type SharingBody = z.output<typeof sharingSchema>;

/** API.md `POST /api/v1/episodes/{id}/partner-notes`: `occurredAt` a date and time, or a date. */
export const partnerNoteSchema = z.object({
  partnerId: uuid,
  occurredAt: z.union([z.iso.datetime({ offset: true }), isoDate], {
    error: 'Enter when it happened, like 2026-11-10T14:30:00Z or 2026-11-10',
  }),
  author: optionalText(200),
  text: text(10_000, 'Enter what the partner said'),
});
export type PartnerNoteBody = z.output<typeof partnerNoteSchema>;
