// SQL for the partner directory, and the one scoped read every multi-agency record starts from: the episode
// as the viewer may see it (episodes joined to their referral under referralScope, so an episode is visible
// exactly when its referral is; access/scopes.ts).
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, partners, referrals } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export type PartnerRow = typeof partners.$inferSelect;

/** An episode as a multi-agency page needs it: where it is, whose it is, and the person as its referral names them. */
export interface VisibleEpisode {
  id: string;
  referralId: string;
  personId: string;
  siteCode: string;
  leadWorkerId: string | null;
  reference: string;
  personName: string;
}

export async function visibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<VisibleEpisode | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      id: episodes.id,
      referralId: episodes.referralId,
      personId: episodes.personId,
      siteCode: episodes.siteCode,
      leadWorkerId: episodes.leadWorkerId,
      reference: referrals.reference,
      personName: sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row;
}

export async function insertPartner(db: Queryable, values: typeof partners.$inferInsert): Promise<PartnerRow> {
  const [row] = await db.insert(partners).values(values).returning();
  if (!row) throw new Error('The partner was not stored');
  return row;
}

export function updatePartner(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<PartnerRow>,
): Promise<PartnerRow | undefined> {
  return updateIfVersion(db, partners, id, expectedVersion, changes);
}

export async function findPartner(db: Queryable, id: string): Promise<PartnerRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(partners).where(eq(partners.id, id));
  return row;
}

/** `%` and `_` are literal in what people type. */
const like = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every word of `q` in the name, area or email; optionally one kind. Alphabetical, at most `limit`. */
export function searchPartners(
  db: Queryable,
  filter: { q?: string | undefined; kind?: string | undefined },
  limit = 500,
): Promise<PartnerRow[]> {
  const words = (filter.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  const conditions: (SQL | undefined)[] = words.map((w) =>
    or(ilike(partners.name, like(w)), ilike(partners.area, like(w)), ilike(partners.email, like(w))),
  );
  if (filter.kind) conditions.push(eq(partners.kind, filter.kind));
  return db
    .select()
    .from(partners)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${partners.name})`), asc(partners.id))
    .limit(limit);
}

/** The directory's entries of one kind: the candidates a new entry is compared with for duplicates. */
export function partnersOfKind(db: Queryable, kind: string): Promise<PartnerRow[]> {
  return db.select().from(partners).where(eq(partners.kind, kind)).limit(5000);
}

export async function partnersByIds(db: Queryable, ids: readonly string[]): Promise<PartnerRow[]> {
  const valid = [...new Set(ids)].filter(isUuid);
  if (!valid.length) return [];
  return db.select().from(partners).where(inArray(partners.id, valid));
}
