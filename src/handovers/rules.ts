// Which moves between teams are allowed, and how the sending episode closes. Pure: no database, no clock.
//
// Sources: PRODUCT.md journey step 4 ("Step up (RECONNECT → ER) and step down") and step 6 ("Out-of-area
// releases hand over to the team covering that area"); issue 4 (transfer when moved out of area, step up,
// step down) and issue 5 (out-of-area handover). Seed 001: ER "will only accept referrals from ...
// RECONNECT" among others, so a step up arrives as a referral from a RECONNECT service.
//
// Decisions (the sources are silent on these):
// - A transfer stays within the service model (RECONNECT → RECONNECT, ER → ER); a change of model is a
//   step up or a step down, so it is named that way.
// - An out-of-area release may go to a site of any model: the team that covers the area is the one
//   to hand over to, whatever its model.
// - Nobody hands over to their own site.
import type { ServiceModel } from '../sites/policy.ts';

export const HANDOVER_KINDS = ['transfer', 'step_up', 'step_down', 'out_of_area'] as const;
export type HandoverKind = (typeof HANDOVER_KINDS)[number];

export const HANDOVER_STATUSES = ['requested', 'accepted', 'declined', 'withdrawn'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/** Closure codes of the sending episode (issue 4: "Closure codes include moved_and_transferred and stepped_up_or_down"). */
export type HandoverClosureReason = 'moved_and_transferred' | 'stepped_up_or_down';

export const KIND_TEXT: Record<HandoverKind, string> = {
  transfer: 'Transfer (moved to another area)',
  step_up: 'Step up to Enhanced RECONNECT',
  step_down: 'Step down to RECONNECT',
  out_of_area: 'Out-of-area release handover',
};

export const STATUS_TEXT: Record<HandoverStatus, string> = {
  requested: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

const MODEL_TEXT: Record<ServiceModel, string> = { RECONNECT: 'RECONNECT', ENHANCED_RECONNECT: 'Enhanced RECONNECT' };

export interface SiteFacts {
  code: string;
  name: string;
  model: ServiceModel;
}

/** Why this kind of handover cannot go from one site to the other, in plain English; null when it can. */
export function handoverRefusal(kind: HandoverKind, from: SiteFacts, to: SiteFacts): string | null {
  if (from.code === to.code) return `${to.name} is this episode’s own team: choose another site to hand over to.`;
  switch (kind) {
    case 'step_up':
      if (from.model !== 'RECONNECT' || to.model !== 'ENHANCED_RECONNECT') {
        return `A step up goes from a RECONNECT team to an Enhanced RECONNECT team; this is ${MODEL_TEXT[from.model]} to ${MODEL_TEXT[to.model]}.`;
      }
      return null;
    case 'step_down':
      if (from.model !== 'ENHANCED_RECONNECT' || to.model !== 'RECONNECT') {
        return `A step down goes from an Enhanced RECONNECT team to a RECONNECT team; this is ${MODEL_TEXT[from.model]} to ${MODEL_TEXT[to.model]}.`;
      }
      return null;
    case 'transfer':
      if (from.model !== to.model) {
        return `A transfer goes to another ${MODEL_TEXT[from.model]} team; ${to.name} is ${MODEL_TEXT[to.model]}, so ask for a ${from.model === 'RECONNECT' ? 'step up' : 'step down'} instead.`;
      }
      return null;
    case 'out_of_area':
      return null;
  }
}

/** The sending episode's closure code once the receiving team accepts (issue 4). */
export function closureReasonFor(kind: HandoverKind): HandoverClosureReason {
  return kind === 'step_up' || kind === 'step_down' ? 'stepped_up_or_down' : 'moved_and_transferred';
}

/** The kind that fits a move between two models, for suggesting on the request form. */
export function kindBetween(from: ServiceModel, to: ServiceModel): HandoverKind {
  if (from === to) return 'transfer';
  return from === 'RECONNECT' ? 'step_up' : 'step_down';
}
