// SQL for contacts with the person (issue "Episode lifecycle": "Did-not-attends are visible on the
// caseload"). The callers have already decided which episodes the viewer may see.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { contacts, users } from '../db/schema.ts';
import { isUuid } from '../http/ids.ts';
import type { ContactBody } from './schema.ts';

export type ContactRow = typeof contacts.$inferSelect;
/** A contact on the episode page, with the name of who recorded it. */
export type RecentContact = ContactRow & { by: string | null };

/** How many of the latest contacts the episode page lists. */
export const RECENT_CONTACTS = 10;

export interface ContactSummary {
  /** The latest contact of any outcome (null when none). */
  lastContactAt: Date | null;
  lastOutcome: ContactBody['outcome'] | null;
  /** The latest contact the person attended. */
  lastAttendedAt: Date | null;
  /** Did-not-attends in the 30 days up to `now`. */
  didNotAttendLast30Days: number;
}

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export async function addContact(db: Queryable, values: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db.insert(contacts).values(values).returning();
  if (!row) throw new Error('A contact insert returned no row');
  return row;
}

/**
 * One query for a whole caseload: each episode's last contact and recent did-not-attends. Every id asked
 * for has an entry (episodes with no contacts get nulls and 0). Pass the service clock's `now`.
 */
export async function contactSummariesFor(
  db: Queryable,
  episodeIds: readonly string[],
  now: Date,
): Promise<Map<string, ContactSummary>> {
  const summaries = new Map<string, ContactSummary>(
    episodeIds.map((id) => [
      id,
      { lastContactAt: null, lastOutcome: null, lastAttendedAt: null, didNotAttendLast30Days: 0 },
    ]),
  );
  if (!episodeIds.length) return summaries;
  const since = new Date(now.getTime() - THIRTY_DAYS_MS);
  const rows = await db
    .select({
      episodeId: contacts.episodeId,
      lastContactAt: sql<string>`max(${contacts.at})`,
      lastOutcome: sql<string>`(array_agg(${contacts.outcome} order by ${contacts.at} desc, ${contacts.recordedAt} desc))[1]`,
      lastAttendedAt: sql<string | null>`max(${contacts.at}) filter (where ${contacts.outcome} = 'attended')`,
      didNotAttend:
        sql<number>`count(*) filter (where ${contacts.outcome} = 'did_not_attend' and ${contacts.at} > ${since.toISOString()} and ${contacts.at} <= ${now.toISOString()})`.mapWith(
          Number,
        ),
    })
    .from(contacts)
    .where(inArray(contacts.episodeId, [...episodeIds]))
    .groupBy(contacts.episodeId);
  for (const r of rows) {
    summaries.set(r.episodeId, {
      lastContactAt: new Date(r.lastContactAt),
      lastOutcome: r.lastOutcome as ContactBody['outcome'],
      lastAttendedAt: r.lastAttendedAt ? new Date(r.lastAttendedAt) : null,
      didNotAttendLast30Days: r.didNotAttend,
    });
  }
  return summaries;
}

/** A contact as `json_build_object` gives it back (repository.ts findEpisodePage): instants as strings. */
export type ContactJson = Omit<RecentContact, 'at' | 'recordedAt'> & { at: string; recordedAt: string };

export function contactFromJson(c: ContactJson): RecentContact {
  return { ...c, at: new Date(c.at), recordedAt: new Date(c.recordedAt) };
}

/** One contact of an episode the caller already found visible, with who recorded it. */
export async function contactOf(
  db: Queryable,
  episodeId: string,
  contactId: string,
): Promise<RecentContact | undefined> {
  if (!isUuid(contactId)) return undefined;
  const [row] = await db
    .select({ contact: contacts, by: users.name })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.recordedBy))
    .where(and(eq(contacts.id, contactId), eq(contacts.episodeId, episodeId)));
  return row ? { ...row.contact, by: row.by } : undefined;
}

/** Every contact of an episode the caller already found visible, oldest first (the FHIR facade's Encounters). */
export function contactsOf(db: Queryable, episodeId: string): Promise<ContactRow[]> {
  return db.select().from(contacts).where(eq(contacts.episodeId, episodeId)).orderBy(contacts.at, contacts.id);
}

/** Which episode a contact belongs to, for a read by the contact's id alone; the caller checks the episode. */
export async function episodeOfContact(db: Queryable, contactId: string): Promise<string | undefined> {
  if (!isUuid(contactId)) return undefined;
  const [row] = await db.select({ episodeId: contacts.episodeId }).from(contacts).where(eq(contacts.id, contactId));
  return row?.episodeId;
}
