// The pure rules of referral intake: the screening deadline and its pause, and why a new referral is
// restricted. `now` is passed in; nothing here reads the clock or the database.
import { restrictedFromIntake } from '../access/rules.ts';

export const REFERRAL_STATUSES = ['awaiting_screening', 'information_requested', 'accepted', 'declined'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Screening is due the site's screening hours after receipt ("within 48 hours", seed 001). */
export function screeningDueAt(receivedAt: Date, screeningHours: number): Date {
  return new Date(receivedAt.getTime() + screeningHours * 3_600_000);
}

/**
 * The deadline once the referrer answers a request for more information: the clock was paused while the
 * team waited (PRODUCT.md journey, step 2: "asks for more information (clock paused)"), so the time spent
 * waiting is added back.
 */
export function resumedScreeningDueAt(dueAt: Date, pausedAt: Date | null, now: Date): Date {
  return pausedAt ? new Date(dueAt.getTime() + (now.getTime() - pausedAt.getTime())) : dueAt;
}

export type RestrictionSource = 'priority_group' | 'manager' | 'person';

/**
 * Why a new referral is restricted, if it is: priority groups 1 and 2 are need-to-know from intake, and a
 * referral for a person who already has need-to-know records is restricted with them (issue: trust,
 * second pass).
 */
export function restrictionAtIntake(priorityGroup: number | null | undefined, personNeedToKnow: boolean) {
  if (restrictedFromIntake(priorityGroup)) return 'priority_group' as const;
  return personNeedToKnow ? ('person' as const) : null;
}

/**
 * What a referrer's view of the referral's timeline holds (issue 10, "The referrer sees the clinical record"):
 * "A referrer sees status, decisions, questions to answer and what they are told; the clinical record is the
 * team's." So: the referral arriving, the screening decision and its questions, their own answers, the
 * consultation meeting's decision, and that support started. Never an assessment, formulation, contact,
 * restriction, release detail or closure reason.
 */
export const REFERRER_TIMELINE_KINDS = [
  'referral.received',
  'referral.information_given',
  'screening.accept',
  'screening.decline',
  'screening.more_information',
  'consultation.accept',
  'consultation.decline',
  'episode.opened',
] as const;

/** The timeline kinds a viewer reads: every kind for the team (undefined), the referrer's few otherwise. */
export function timelineKindsFor(readsAsTeam: boolean): readonly string[] | undefined {
  return readsAsTeam ? undefined : REFERRER_TIMELINE_KINDS;
}
