// SQL for consent to share and the information-sharing log of an episode. Callers hold the episode from the
// scoped read (repository.ts visibleEpisode). Both tables are append-only: a consent decision or a
// disclosure, once recorded, is history (what a subject access request or an IG review reads).
import { asc, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { informationSharing, partners, sharingConsents, users } from '../db/schema.ts';
import type { ConsentRecord, ConsentStatus } from './sharingRules.ts';

export type ConsentRow = typeof sharingConsents.$inferSelect;
export type ConsentWithNames = ConsentRecord & { partnerName: string; recordedByName: string | null };
export type SharingRow = typeof informationSharing.$inferSelect;
export type SharingWithNames = SharingRow & { partnerName: string; recordedByName: string | null };

export async function insertConsent(db: Queryable, values: typeof sharingConsents.$inferInsert): Promise<ConsentRow> {
  const [row] = await db.insert(sharingConsents).values(values).returning();
  if (!row) throw new Error('The consent was not stored');
  return row;
}

/** Every consent decision of the episode, oldest first. */
export async function consentsOf(db: Queryable, episodeId: string): Promise<ConsentWithNames[]> {
  const rows = await db
    .select({
      id: sharingConsents.id,
      partnerId: sharingConsents.partnerId,
      status: sharingConsents.status,
      recordedOn: sharingConsents.recordedOn,
      scope: sharingConsents.scope,
      recordedAt: sharingConsents.recordedAt,
      partnerName: partners.name,
      recordedByName: users.name,
    })
    .from(sharingConsents)
    .innerJoin(partners, eq(partners.id, sharingConsents.partnerId))
    .leftJoin(users, eq(users.id, sharingConsents.recordedBy))
    .where(eq(sharingConsents.episodeId, episodeId))
    .orderBy(asc(sharingConsents.recordedOn), asc(sharingConsents.recordedAt));
  return rows.map((r) => ({ ...r, status: r.status as ConsentStatus }));
}

export async function insertSharing(
  db: Queryable,
  values: typeof informationSharing.$inferInsert,
): Promise<SharingRow> {
  const [row] = await db.insert(informationSharing).values(values).returning();
  if (!row) throw new Error('The sharing entry was not stored');
  return row;
}

/** The log of the episode, newest first. */
export async function sharingOf(db: Queryable, episodeId: string): Promise<SharingWithNames[]> {
  const rows = await db
    .select({ entry: informationSharing, partnerName: partners.name, recordedByName: users.name })
    .from(informationSharing)
    .innerJoin(partners, eq(partners.id, informationSharing.partnerId))
    .leftJoin(users, eq(users.id, informationSharing.recordedBy))
    .where(eq(informationSharing.episodeId, episodeId))
    .orderBy(desc(informationSharing.sharedOn), desc(informationSharing.recordedAt))
    .limit(5000);
  return rows.map((r) => ({ ...r.entry, partnerName: r.partnerName, recordedByName: r.recordedByName }));
}
