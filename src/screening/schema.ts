import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max, `Must be ${max} characters or fewer`);

/** API.md `POST /api/v1/referrals/{id}/screening`. For `more_information`, `reason` is the question. */
export const screeningDecisionSchema = z
  .object({
    decision: z.enum(['accept', 'decline', 'more_information'], {
      message: 'Choose accept, decline or more_information',
    }),
    reason: text(5000).optional(),
    signposting: text(5000).optional(),
    /** A manager's reason for accepting a referral that does not meet a hard requirement (issue 10). */
    overrideReason: text(5000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'decline') {
      if (!value.reason)
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the referral is declined' });
      if (!value.signposting)
        ctx.addIssue({
          code: 'custom',
          path: ['signposting'],
          message: 'Enter where the person or referrer can go instead',
        });
    }
    if (value.decision === 'more_information' && !value.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter the question for the referrer' });
    }
  });

export type ScreeningDecision = z.infer<typeof screeningDecisionSchema>;
