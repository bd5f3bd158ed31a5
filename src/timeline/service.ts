// The timeline's verbs. Writers call `record` inside their own transaction, so an entry exists exactly
// when the change it describes does. Reading is for callers that have already checked the viewer may see
// the referral (they hold it from a scoped query).
import type { Queryable } from '../db/client.ts';
import * as repo from './repository.ts';

export type { TimelineEntry, TimelineEvent } from './repository.ts';

export function createTimelineService() {
  return {
    record: (db: Queryable, event: repo.TimelineEvent) => repo.insertEvent(db, event),
    /** The entry as SQL, for a write that records it in the same statement (referrals/repository.ts insertReferral). */
    recordWith: (event: repo.TimelineEvent) => repo.eventInsert(event),
    /** `kinds` narrows to those kinds (the referrer's view, referrals/rules.ts timelineKindsFor). */
    ofReferral: (db: Queryable, referralId: string, kinds?: readonly string[]) =>
      repo.eventsOfReferral(db, referralId, kinds),
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
/** What a service needs to write the timeline. */
export type TimelineWriter = Pick<TimelineService, 'record'>;
