// zod input schemas of the handover endpoints (docs/api/handovers.md).
import { z } from 'zod';
import { consultationSchema } from '../episodes/schema.ts';
import { HANDOVER_KINDS } from './rules.ts';

const text = (max: number, required: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, `Must be ${max} characters or fewer`);

/** Issue 5: what is shared is what the person agreed to share; without their agreement nothing is sent. */
export const CONSENT_MESSAGE =
  'The person must agree to what is shared: ask them, then confirm they agreed to this summary being shared with the receiving team';

export const requestHandoverSchema = z.object({
  kind: z.enum(HANDOVER_KINDS, { error: `Must be one of ${HANDOVER_KINDS.join(', ')}` }),
  toSite: text(100, 'Choose the receiving site from GET /api/v1/sites'),
  reason: text(2000, 'Give the reason for the handover'),
  summary: text(10_000, 'Write the summary to share with the receiving team'),
  consentToShare: z.literal(true, { error: CONSENT_MESSAGE }),
});
export type RequestHandoverBody = z.output<typeof requestHandoverSchema>;

export const decisionSchema = z
  .object({
    decision: z.enum(['accept', 'decline'], { error: 'Must be accept or decline' }),
    note: z.string().trim().max(5000, 'Must be 5000 characters or fewer').optional(),
    leadWorkerId: z.uuid('Must be an id from the API').optional(),
    /** An Enhanced RECONNECT receiving site opens an episode only after its consultation meeting (as POST /api/v1/episodes). */
    consultation: consultationSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'decline' && !body.note)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'Say why the handover is declined: the sending team is told',
      });
  });
export type DecisionBody = z.output<typeof decisionSchema>;

export const withdrawSchema = z.object({
  note: z.string().trim().max(5000, 'Must be 5000 characters or fewer').optional(),
});

export const listQuerySchema = z.object({
  site: z.string().max(100).optional(),
  direction: z.enum(['incoming', 'outgoing'], { error: 'Must be incoming or outgoing' }).optional(),
  status: z
    .enum(['requested', 'accepted', 'declined', 'withdrawn'], {
      error: 'Must be requested, accepted, declined or withdrawn',
    })
    .optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;
