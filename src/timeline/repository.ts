// SQL for the timeline: what happened to a person's records, in order (timeline_events). Every team's
// service writes its own entries through the timeline service; pages read them back per referral.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { timelineEvents, users } from '../db/schema.ts';

export interface TimelineEvent {
  at: Date;
  personId: string;
  referralId?: string | undefined;
  actorId?: string | null | undefined;
  kind: string;
  summary: string;
  /** The contact the entry is about (`contact.recorded`). */
  contactId?: string | undefined;
}

export interface TimelineEntry {
  at: Date;
  kind: string;
  summary: string;
  actorName: string | null;
}

export async function insertEvent(db: Queryable, event: TimelineEvent): Promise<void> {
  await db.insert(timelineEvents).values({ ...event, actorId: event.actorId ?? null });
}

/** The same insert as SQL, for a write that records its entry in its own statement (a data-modifying WITH). */
export function eventInsert(event: TimelineEvent): SQL {
  return sql`insert into ${timelineEvents} (at, person_id, referral_id, actor_id, kind, summary, contact_id)
    values (${event.at.toISOString()}::timestamptz, ${event.personId}::uuid, ${event.referralId ?? null}::uuid,
      ${event.actorId ?? null}::uuid, ${event.kind}, ${event.summary}, ${event.contactId ?? null}::uuid)`;
}

export function eventsOfReferral(
  db: Queryable,
  referralId: string,
  kinds?: readonly string[],
): Promise<TimelineEntry[]> {
  return db
    .select({
      at: timelineEvents.at,
      kind: timelineEvents.kind,
      summary: timelineEvents.summary,
      actorName: users.name,
    })
    .from(timelineEvents)
    .leftJoin(users, eq(users.id, timelineEvents.actorId))
    .where(and(eq(timelineEvents.referralId, referralId), kinds ? inArray(timelineEvents.kind, [...kinds]) : undefined))
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
}
