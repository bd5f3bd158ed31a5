// The pure rules of the screening queue (PRODUCT.md journey, step 2: "Screening within the site's deadline").

export const QUEUE_STATUSES = ['open', 'awaiting_screening', 'information_requested', 'accepted', 'declined'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** "Waiting for a decision": awaiting screening, or waiting for the referrer's answer. */
export function statusesOf(status: QueueStatus): { statuses: string[] } | { status: string } {
  return status === 'open' ? { statuses: ['awaiting_screening', 'information_requested'] } : { status };
}

/** Overdue: still awaiting screening, the clock running (not paused for the referrer), and past due. */
export function isOverdue(
  r: { status: string; screeningPausedAt: Date | null; screeningDueAt: Date },
  now: Date,
): boolean {
  return r.status === 'awaiting_screening' && !r.screeningPausedAt && r.screeningDueAt < now;
}
