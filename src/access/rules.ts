// Pure rules of need-to-know that other modules apply when they store a record.

/** Priority groups 1 and 2 (national security, extremism) are need-to-know from intake (PRODUCT.md "Standards"). */
export function restrictedFromIntake(priorityGroup: number | null | undefined): boolean {
  return priorityGroup === 1 || priorityGroup === 2;
}
