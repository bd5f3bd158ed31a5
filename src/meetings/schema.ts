// zod input schemas of meetings and their actions (API.md `POST /api/v1/episodes/{id}/meetings`,
// `PATCH /api/v1/actions/{id}`).
import { z } from 'zod';
import { isoDate, optionalText, text, uuid } from '../partners/schema.ts';
import { ACTION_STATUSES, MEETING_KINDS, closingNoteProblem, mappaProblems } from './rules.ts';

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Must be one of ${values.join(', ')}` });
const yesNo = (what: string) => z.boolean({ error: `Answer ${what} with true or false` });

const attendeeSchema = z.object({
  name: text(200, 'Enter the attendee’s name'),
  organisation: text(200, 'Enter the attendee’s organisation'),
  role: optionalText(200),
  present: yesNo('whether they were present'),
  /** Added: the directory entry of their organisation, when it is in the directory. */
  partnerId: uuid.optional(),
});

/**
 * An action with its owner, a person at an agency (API.md). Added: `ownerPartnerId` (their organisation in
 * the directory), `ownerUserId` (a team member owns it) and `ownedByTeam` (the team owns it: it is on every
 * team member's "my actions" until someone closes it).
 */
const actionSchema = z.object({
  description: text(2000, 'Describe the action'),
  ownerName: text(200, 'Enter who owns the action'),
  ownerOrganisation: text(200, 'Enter the owner’s organisation'),
  dueOn: isoDate,
  ownerPartnerId: uuid.optional(),
  ownerUserId: uuid.optional(),
  ownedByTeam: z.boolean({ error: 'Answer ownedByTeam with true or false' }).optional(),
});
export type ActionBody = z.output<typeof actionSchema>;

export const meetingSchema = z
  .object({
    kind: oneOf(MEETING_KINDS),
    heldOn: isoDate,
    mappaLevel: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'Must be 1, 2 or 3' }).optional(),
    mappaCategory: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'Must be 1, 2, 3 or 4' })
      .optional(),
    /** Added: the agency that convened or chaired it, when not the team. */
    convenedByPartnerId: uuid.optional(),
    attendees: z.array(attendeeSchema).min(1, 'List who was invited, and whether each was present').max(60),
    summary: text(10_000, 'Summarise the meeting'),
    decisions: optionalText(10_000),
    /** Added (seed 001: "inform and/or attend"): what the team contributed. */
    teamContribution: z
      .object({
        attended: yesNo('whether the team attended'),
        informed: yesNo('whether the team sent information'),
        note: optionalText(5000),
      })
      .optional(),
    actions: z.array(actionSchema).max(50, 'Record at most 50 actions').default([]),
  })
  .superRefine((m, ctx) => {
    for (const p of mappaProblems(m)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
    m.actions.forEach((a, i) => {
      if (a.ownerUserId && a.ownedByTeam)
        ctx.addIssue({
          code: 'custom',
          path: ['actions', i, 'ownedByTeam'],
          message: 'An action is owned by one team member or by the team, not both',
        });
    });
  });
export type MeetingBody = z.output<typeof meetingSchema>;

export const actionUpdateSchema = z
  .object({ status: oneOf(ACTION_STATUSES), note: optionalText(5000) })
  .superRefine((a, ctx) => {
    const problem = closingNoteProblem(a.status, a.note);
    if (problem) ctx.addIssue({ code: 'custom', path: ['note'], message: problem });
  });
export type ActionUpdate = z.output<typeof actionUpdateSchema>;

export const actionListSchema = z.object({
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'all']).default('open')),
});
