// SQL for the professionals around the person and the notes partners send. Callers hold the episode from
// the scoped read (repository.ts visibleEpisode), so these read by episode id; `currentNetworks` is the one
// read across episodes, and it joins the referral and applies the viewer's scope itself.
import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, networkMembers, partnerNotes, partners, referrals, users } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export type NetworkMemberRow = typeof networkMembers.$inferSelect;
export type NetworkMemberWithPartner = NetworkMemberRow & { partnerName: string; partnerKind: string };

const withPartner = {
  member: networkMembers,
  partnerName: partners.name,
  partnerKind: partners.kind,
};

export async function insertMember(
  db: Queryable,
  values: typeof networkMembers.$inferInsert,
): Promise<NetworkMemberRow> {
  const [row] = await db.insert(networkMembers).values(values).returning();
  if (!row) throw new Error('The network member was not stored');
  return row;
}

export async function membersOf(db: Queryable, episodeId: string): Promise<NetworkMemberWithPartner[]> {
  const rows = await db
    .select(withPartner)
    .from(networkMembers)
    .innerJoin(partners, eq(partners.id, networkMembers.partnerId))
    .where(eq(networkMembers.episodeId, episodeId))
    .orderBy(asc(networkMembers.fromOn), asc(networkMembers.id));
  return rows.map((r) => ({ ...r.member, partnerName: r.partnerName, partnerKind: r.partnerKind }));
}

/**
 * The members current on `today` of each episode the viewer may see, for the episode page and the release
 * plan ("who to tell about a release"): one query for any number of episodes.
 */
export async function currentNetworks(
  db: Queryable,
  viewer: Viewer,
  episodeIds: readonly string[],
  today: string,
): Promise<NetworkMemberWithPartner[]> {
  const ids = episodeIds.filter(isUuid);
  if (!ids.length) return [];
  const rows = await db
    .select(withPartner)
    .from(networkMembers)
    .innerJoin(partners, eq(partners.id, networkMembers.partnerId))
    .innerJoin(episodes, eq(episodes.id, networkMembers.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(
      and(
        inArray(networkMembers.episodeId, ids),
        lte(networkMembers.fromOn, today),
        or(isNull(networkMembers.toOn), gte(networkMembers.toOn, today)),
        referralScope(viewer),
      ),
    )
    .orderBy(desc(networkMembers.fromOn), asc(networkMembers.name));
  return rows.map((r) => ({ ...r.member, partnerName: r.partnerName, partnerKind: r.partnerKind }));
}

export async function findMember(
  db: Queryable,
  episodeId: string,
  memberId: string,
): Promise<NetworkMemberRow | undefined> {
  if (!isUuid(memberId)) return undefined;
  const [row] = await db
    .select()
    .from(networkMembers)
    .where(and(eq(networkMembers.id, memberId), eq(networkMembers.episodeId, episodeId)));
  return row;
}

export function updateMember(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<NetworkMemberRow>,
): Promise<NetworkMemberRow | undefined> {
  return updateIfVersion(db, networkMembers, id, expectedVersion, changes);
}

export type PartnerNoteRow = typeof partnerNotes.$inferSelect;
export type PartnerNoteWithNames = PartnerNoteRow & { partnerName: string; recordedByName: string | null };

export async function insertNote(db: Queryable, values: typeof partnerNotes.$inferInsert): Promise<PartnerNoteRow> {
  const [row] = await db.insert(partnerNotes).values(values).returning();
  if (!row) throw new Error('The partner note was not stored');
  return row;
}

/** Newest first by when it happened. */
export async function notesOf(db: Queryable, episodeId: string): Promise<PartnerNoteWithNames[]> {
  const rows = await db
    .select({ note: partnerNotes, partnerName: partners.name, recordedByName: users.name })
    .from(partnerNotes)
    .innerJoin(partners, eq(partners.id, partnerNotes.partnerId))
    .leftJoin(users, eq(users.id, partnerNotes.recordedBy))
    .where(eq(partnerNotes.episodeId, episodeId))
    .orderBy(desc(partnerNotes.occurredAt), desc(partnerNotes.recordedAt))
    .limit(1000);
  return rows.map((r) => ({ ...r.note, partnerName: r.partnerName, recordedByName: r.recordedByName }));
}

/** Partners already in the episode's network: offered first on its forms. */
export async function networkPartnerIds(db: Queryable, episodeId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: networkMembers.partnerId })
    .from(networkMembers)
    .where(eq(networkMembers.episodeId, episodeId));
  return rows.map((r) => r.id);
}
