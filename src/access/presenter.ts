// Break-glass uses as the API returns them and as the review pages show them.
import type { BreakGlassUseRow } from './repository.ts';

export const OUTCOME_TEXT: Record<string, string> = {
  appropriate: 'Appropriate',
  not_appropriate: 'Not appropriate',
};

export function presentBreakGlassUse(row: BreakGlassUseRow) {
  return {
    id: row.id,
    referralId: row.referralId,
    reference: row.reference,
    site: row.siteCode,
    usedBy: { id: row.usedById, name: row.usedByName },
    usedAt: row.usedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    reason: row.reason,
    review: row.reviewedAt
      ? {
          outcome: row.reviewOutcome,
          note: row.reviewNote,
          reviewedBy: { id: row.reviewedById, name: row.reviewedByName },
          reviewedAt: row.reviewedAt.toISOString(),
        }
      : null,
  };
}

/** The page's view of one use. */
export function breakGlassUseView(row: BreakGlassUseRow) {
  return {
    ...row,
    outcomeText: row.reviewOutcome ? (OUTCOME_TEXT[row.reviewOutcome] ?? row.reviewOutcome) : undefined,
  };
}
