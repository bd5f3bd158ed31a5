// SQL in and out for handovers. Who may see a handover is decided in the query (STYLE.md: scoped at the
// repository), two ways:
// - the sending side: the team's practitioners and managers who may see the sending episode (its referral's
//   need-to-know, access/referralScope.ts, applies as it does to the episode);
// - the receiving side: the receiving site's practitioners and managers, but only its managers when the
//   sending referral is restricted (need-to-know follows the person; issue 4).
// The receiving side sees only the handover's own fields, never the sending referral or episode: the
// presenter decides what each side is shown from `sending`.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, handovers, referrals, releasePlans, userSites, users } from '../db/schema.ts';
import { handoverReceivingScope as receivingScope, handoverSendingScope as sendingScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export type HandoverRow = typeof handovers.$inferSelect;

const COLUMNS = (viewer: Viewer) => ({
  handover: handovers,
  givenName: referrals.givenName,
  familyName: referrals.familyName,
  dateOfBirth: referrals.dateOfBirth,
  sendingReferralId: referrals.id,
  sendingReference: referrals.reference,
  restricted: referrals.restricted,
  sending: sql<boolean>`(${sendingScope(viewer)})`.mapWith(Boolean),
  receiving: sql<boolean>`(${receivingScope(viewer)})`.mapWith(Boolean),
});

export type VisibleHandover = {
  handover: HandoverRow;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sendingReferralId: string;
  sendingReference: string;
  restricted: boolean;
  sending: boolean;
  receiving: boolean;
};

function visibleQuery(db: Queryable, viewer: Viewer) {
  return db
    .select(COLUMNS(viewer))
    .from(handovers)
    .innerJoin(episodes, eq(episodes.id, handovers.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId));
}

export async function findVisibleHandover(
  db: Queryable,
  viewer: Viewer,
  id: string,
): Promise<VisibleHandover | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await visibleQuery(db, viewer).where(
    and(eq(handovers.id, id), sql`(${sendingScope(viewer)} or ${receivingScope(viewer)})`),
  );
  return row;
}

export interface HandoverFilter {
  site?: string | undefined;
  direction?: 'incoming' | 'outgoing' | undefined;
  status?: string | undefined;
  episodeId?: string;
}

export async function listVisibleHandovers(
  db: Queryable,
  viewer: Viewer,
  filter: HandoverFilter,
): Promise<VisibleHandover[]> {
  const side =
    filter.direction === 'incoming'
      ? receivingScope(viewer)
      : filter.direction === 'outgoing'
        ? sendingScope(viewer)
        : sql`(${sendingScope(viewer)} or ${receivingScope(viewer)})`;
  const site = !filter.site
    ? undefined
    : filter.direction === 'incoming'
      ? eq(handovers.toSiteCode, filter.site)
      : filter.direction === 'outgoing'
        ? eq(handovers.fromSiteCode, filter.site)
        : sql`(${handovers.toSiteCode} = ${filter.site} or ${handovers.fromSiteCode} = ${filter.site})`;
  return visibleQuery(db, viewer)
    .where(
      and(
        side,
        site,
        filter.status ? eq(handovers.status, filter.status) : undefined,
        filter.episodeId ? eq(handovers.episodeId, filter.episodeId) : undefined,
      ),
    )
    .orderBy(desc(handovers.requestedAt), desc(handovers.id))
    .limit(500);
}

/** Incoming requests waiting for the viewer's teams: the navigation's "Handovers (N waiting)". */
export async function countWaitingIncoming(db: Queryable, viewer: Viewer): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(handovers)
    .innerJoin(episodes, eq(episodes.id, handovers.episodeId))
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(and(eq(handovers.status, 'requested'), receivingScope(viewer)));
  return Number(row?.n ?? 0);
}

/** The request still waiting for an answer on an episode, if any (one at a time). */
export async function openRequestOf(db: Queryable, episodeId: string): Promise<HandoverRow | undefined> {
  const [row] = await db
    .select()
    .from(handovers)
    .where(and(eq(handovers.episodeId, episodeId), eq(handovers.status, 'requested')))
    .limit(1);
  return row;
}

/** The episode a handover hangs off, whoever is asking (the caller has already decided they may act on it). */
export async function episodeRow(db: Queryable, episodeId: string): Promise<typeof episodes.$inferSelect> {
  const [row] = await db.select().from(episodes).where(eq(episodes.id, episodeId));
  if (!row) throw new Error(`Episode ${episodeId} not found`);
  return row;
}

/** Locks the episode row for the rest of the transaction, so two requests for one episode queue up. */
export async function lockEpisode(db: Queryable, episodeId: string): Promise<void> {
  await db.select({ id: episodes.id }).from(episodes).where(eq(episodes.id, episodeId)).for('update');
}

export async function insertHandover(db: Queryable, values: typeof handovers.$inferInsert): Promise<HandoverRow> {
  const [row] = await db.insert(handovers).values(values).returning();
  return row!;
}

/** Updates only while the version is still `expectedVersion`; undefined when stale. */
export async function updateHandoverIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<HandoverRow>,
): Promise<HandoverRow | undefined> {
  const [row] = await db
    .update(handovers)
    .set({ ...changes, version: sql`${handovers.version} + 1` })
    .where(and(eq(handovers.id, id), eq(handovers.version, expectedVersion)))
    .returning();
  return row;
}

/** Active managers of a site: told of each request to it. */
export async function managersOf(db: Queryable, siteCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteCode, siteCode), eq(users.role, 'manager'), sql`${users.disabledAt} is null`));
  return rows.map((r) => r.id);
}

/** The sending referral, read for the receiving team's acceptance only (its restriction follows the person). */
export async function referralRow(db: Queryable, id: string): Promise<typeof referrals.$inferSelect> {
  const [row] = await db.select().from(referrals).where(eq(referrals.id, id));
  if (!row) throw new Error(`Referral ${id} not found`);
  return row;
}

/** Where the release plan says the person is going (release_plans.plan.destination), if it says. */
export async function releaseDestinationOf(
  db: Queryable,
  episodeId: string,
): Promise<{ postcode?: string; localAuthority?: string } | undefined> {
  const [row] = await db
    .select({ plan: releasePlans.plan })
    .from(releasePlans)
    .where(eq(releasePlans.episodeId, episodeId));
  const destination = (row?.plan as { destination?: { postcode?: string; localAuthority?: string } } | undefined)
    ?.destination;
  return destination && (destination.localAuthority || destination.postcode) ? destination : undefined;
}
