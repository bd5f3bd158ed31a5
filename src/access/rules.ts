// Pure rules of need-to-know that other modules apply when they store a record.

/** Priority groups 1 and 2 (national security, extremism) are need-to-know from intake (PRODUCT.md "Standards"). */
export function restrictedFromIntake(priorityGroup: number | null | undefined): boolean {
  return priorityGroup === 1 || priorityGroup === 2;
}

/** How a site manager judges a break-glass use (issue 14). */
export const BREAK_GLASS_OUTCOMES = ['appropriate', 'not_appropriate'] as const;
export type BreakGlassOutcome = (typeof BREAK_GLASS_OUTCOMES)[number];
