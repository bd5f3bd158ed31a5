// zod input schemas of the episode endpoints (API.md "Episodes of care").
import { z } from 'zod';
import { isRealIsoDate } from '../identifiers/dates.ts';
import { isValidPostcode, normalisePostcode } from '../identifiers/postcode.ts';
import { unlessAllTeams } from '../teamChoice/rules.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date like 2026-11-10')
  .refine(isRealIsoDate, 'Must be a real calendar date');
const text = (max: number, required: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, `Must be ${max} characters or fewer`);
const uuid = z.uuid('Must be an id from the API');

export const CONSULTATION_ROLES = ['com', 'pom', 'practitioner', 'other'] as const;
export const CONTACT_TYPES = ['in_prison', 'community', 'home_visit', 'phone', 'video', 'professional'] as const;
export const CONTACT_OUTCOMES = ['attended', 'did_not_attend', 'cancelled'] as const;

/** PRODUCT.md journey, step 3: the consultation meeting (COM, POM, ER team, other agencies), decision and rationale. */
export const consultationSchema = z.object({
  date: isoDate,
  attendees: z
    .array(
      z.object({
        role: z.enum(CONSULTATION_ROLES, { error: `Must be one of ${CONSULTATION_ROLES.join(', ')}` }),
        name: text(200, 'Enter the attendee’s name'),
        organisation: text(200, 'Enter the attendee’s organisation'),
      }),
    )
    .min(1, 'List who attended the consultation')
    .max(50),
  decision: z.enum(['accept', 'decline'], { error: 'Must be accept or decline' }),
  rationale: text(5000, 'Give the rationale for the decision'),
});
export type Consultation = z.output<typeof consultationSchema>;

export const openEpisodeSchema = z.object({
  referralId: uuid,
  consultation: consultationSchema.optional(),
  leadWorkerId: uuid.optional(),
});
export type OpenEpisodeBody = z.output<typeof openEpisodeSchema>;

export const contactSchema = z
  .object({
    at: z.iso.datetime({ offset: true, error: 'Must be a date and time like 2026-11-10T14:30:00Z' }),
    type: z.enum(CONTACT_TYPES, { error: `Must be one of ${CONTACT_TYPES.join(', ')}` }),
    outcome: z.enum(CONTACT_OUTCOMES, { error: `Must be one of ${CONTACT_OUTCOMES.join(', ')}` }),
    durationMinutes: z
      .number()
      .int('Must be whole minutes')
      .min(0, 'Must be 0 minutes or more')
      .max(1440, 'Must be at most 1440 minutes (a day)')
      .optional(),
    notes: z.string().trim().max(10_000, 'Must be 10000 characters or fewer').optional(),
    /** Who was present besides the worker (issue "Episode lifecycle"), names and roles as the worker writes them. */
    present: z
      .array(z.string().trim().min(1, 'Must not be empty').max(200, 'Must be 200 characters or fewer'))
      .max(30, 'Must list at most 30 people')
      .optional(),
    cancelledReason: z
      .string()
      .trim()
      .min(1, 'Give the reason the contact was cancelled')
      .max(2000, 'Must be 2000 characters or fewer')
      .optional(),
  })
  .superRefine((contact, ctx) => {
    if (contact.outcome === 'cancelled' && !contact.cancelledReason) {
      ctx.addIssue({ code: 'custom', path: ['cancelledReason'], message: 'Give the reason the contact was cancelled' });
    }
    if (contact.outcome === 'attended' && contact.durationMinutes === 0) {
      ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'Must be at least 1 minute' });
    }
  })
  // Issue 10: "Did not attend needs no duration": a contact that did not happen has none, whatever was sent.
  .transform((contact) => (contact.outcome === 'attended' ? contact : { ...contact, durationMinutes: undefined }));
export type ContactBody = z.output<typeof contactSchema>;

export const releaseSchema = z.object({
  releasedOn: isoDate,
  releasedFrom: z.enum(['prison', 'court'], { error: 'Must be prison or court' }),
  destination: z
    .object({
      // The release plan's postcode rule (releasePlanning/schema.ts), so both say the same.
      postcode: text(10, 'Enter the postcode')
        .refine(isValidPostcode, 'Enter a real UK postcode, like SW1A 1AA')
        .transform(normalisePostcode)
        .optional(),
      localAuthority: text(200, 'Enter the local authority').optional(),
    })
    // Issue 10, "A destination known only by its town": a release from court to "Southampton".
    .refine((d) => d.postcode !== undefined || d.localAuthority !== undefined, {
      path: ['localAuthority'],
      message: 'Enter the postcode or the local authority (the town or council area) they went to',
    })
    .optional(),
  /** The user saw what the release plan still misses and records the release anyway (issue 10). */
  confirmIncomplete: z.boolean({ error: 'Must be true or false' }).optional(),
});
export type ReleaseBody = z.output<typeof releaseSchema>;

export const recallSchema = z.object({
  on: isoDate.optional(),
  reason: text(2000, 'Give the reason for the recall'),
});
export type RecallBody = z.output<typeof recallSchema>;

export const EPISODE_STATUSES = ['awaiting_window', 'pre_release', 'post_release', 'paused', 'closed'] as const;
export const listQuerySchema = z.object({
  site: z.string().max(100).optional().transform(unlessAllTeams),
  status: z.enum(EPISODE_STATUSES, { error: `Must be one of ${EPISODE_STATUSES.join(', ')}` }).optional(),
});

/**
 * Why an episode closed (issue "Episode lifecycle": "a coded reason"). `died`, `moved_and_transferred` and
 * `stepped_up_or_down` end support without the person finishing it, so goals may be left unjudged then.
 */
export const CLOSURE_REASONS = [
  'support_completed',
  'disengaged',
  'moved_and_transferred',
  'recalled_long_term',
  'died',
  'declined_further_support',
  'stepped_up_or_down',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
/** Closures where an open goal may stay without an outcome: the person did not get to finish the plan with this team. */
export const CLOSURES_WITHOUT_GOAL_OUTCOMES: readonly ClosureReason[] = [
  'died',
  'moved_and_transferred',
  'stepped_up_or_down',
];
export const GOAL_OUTCOMES = ['achieved', 'partly_achieved', 'not_achieved'] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];

export const closureSchema = z.object({
  reason: z.enum(CLOSURE_REASONS, { error: `Must be one of ${CLOSURE_REASONS.join(', ')}` }),
  summary: text(10_000, 'Write the end-of-service summary'),
  goalOutcomes: z
    .array(
      z.object({
        goalId: uuid,
        outcome: z.enum(GOAL_OUTCOMES, { error: `Must be one of ${GOAL_OUTCOMES.join(', ')}` }),
      }),
    )
    .max(200)
    .optional(),
});
export type ClosureBody = z.output<typeof closureSchema>;

export const reopenSchema = z.object({ reason: text(2000, 'Give the reason for reopening the episode') });
export type ReopenBody = z.output<typeof reopenSchema>;

export const extensionSchema = z.object({
  until: isoDate,
  reason: text(2000, 'Give the reason for extending support'),
});
export type ExtensionBody = z.output<typeof extensionSchema>;

export const expectedReleaseDateSchema = z.object({
  expectedReleaseDate: isoDate,
  reason: text(2000, 'Give the reason for the change'),
});
export type ExpectedReleaseDateBody = z.output<typeof expectedReleaseDateSchema>;

/** Kept for callers of the first API shape: closing is now `closureSchema` (coded reason, goal outcomes). */
export const closeSchema = closureSchema;
export type CloseBody = ClosureBody;

export const timelineQuerySchema = z.object({
  order: z.enum(['oldest', 'newest'], { error: 'Must be oldest or newest' }).optional(),
});
