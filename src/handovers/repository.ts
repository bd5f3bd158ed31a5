// SQL in and out for handovers. Who may see a handover is decided in the query (STYLE.md: scoped at the
// repository), two ways (access/scopes.ts):
// - the sending side: the team's practitioners and managers who may see the sending episode (its referral's
//   need-to-know, referralScope, applies as it does to the episode);
// - the receiving side: the receiving site's practitioners and managers, but only its managers when the
//   sending referral is restricted (need-to-know follows the person; issue 4).
// The receiving side sees only the handover's own fields, never the sending referral or episode: the
// presenter decides what each side is shown from `sending`.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import { episodes, handovers, referrals, releasePlans, users } from '../db/schema.ts';
import { updateIfVersion } from '../db/updateIfVersion.ts';
import {
  handoverReceivingScope as receivingScope,
  handoverSendingScope as sendingScope,
  referralScope,
  staffOfSite,
} from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';
import { searchNameOf } from '../identifiers/names.ts';
import type { HandoverKind, HandoverStatus } from './rules.ts';

export type HandoverRow = typeof handovers.$inferSelect;
export type ReferralRow = typeof referrals.$inferSelect;
export type NewReferral = typeof referrals.$inferInsert;

const COLUMNS = (viewer: Viewer) => ({
  handover: handovers,
  personId: episodes.personId,
  givenName: referrals.givenName,
  familyName: referrals.familyName,
  dateOfBirth: referrals.dateOfBirth,
  sendingReferralId: referrals.id,
  sendingReference: referrals.reference,
  restricted: referrals.restricted,
  sending: sql<boolean>`(${sendingScope(viewer)})`.mapWith(Boolean),
  receiving: sql<boolean>`(${receivingScope(viewer)})`.mapWith(Boolean),
});

export interface VisibleHandover {
  handover: HandoverRow;
  /** The person the sending episode is of (for the sending referral's timeline; never shown to the receiving side). */
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sendingReferralId: string;
  sendingReference: string;
  restricted: boolean;
  sending: boolean;
  receiving: boolean;
}

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
/** The navigation's "Handovers (N waiting)": requests to the viewer's teams, as one scalar subquery (web/navCounts.ts). */
export function countWaitingIncomingSql(viewer: Viewer): SQL {
  return sql`(select count(*)::int from ${handovers}
    inner join ${episodes} on ${episodes.id} = ${handovers.episodeId}
    inner join ${referrals} on ${referrals.id} = ${episodes.referralId}
    where ${and(eq(handovers.status, 'requested'), receivingScope(viewer))})`;
}

export interface OpenHandover {
  status: Extract<HandoverStatus, 'requested' | 'accepted'>;
  toSite: string;
  kind: HandoverKind;
}

/**
 * Episode id → its live handover: a request still waiting, or an accepted one (accepted wins over
 * requested; then the newest). The worklist's `out_of_area_no_handover` (issue 5) stays until a handover
 * is accepted; declined and withdrawn requests are history. The caller has already decided which episodes
 * the viewer may see: pass only those ids.
 */
export async function openHandoversFor(
  db: Queryable,
  episodeIds: readonly string[],
): Promise<Map<string, OpenHandover>> {
  const result = new Map<string, OpenHandover>();
  if (!episodeIds.length) return result;
  const rows = await db
    .select({
      episodeId: handovers.episodeId,
      status: handovers.status,
      toSite: handovers.toSiteCode,
      kind: handovers.kind,
    })
    .from(handovers)
    .where(and(inArray(handovers.episodeId, [...episodeIds]), inArray(handovers.status, ['requested', 'accepted'])))
    .orderBy(desc(handovers.requestedAt), desc(handovers.id));
  for (const row of rows) {
    const known = result.get(row.episodeId);
    if (known && (known.status === 'accepted' || row.status !== 'accepted')) continue;
    result.set(row.episodeId, {
      status: row.status as OpenHandover['status'],
      toSite: row.toSite,
      kind: row.kind as HandoverKind,
    });
  }
  return result;
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

/** Locks the episode row for the rest of the transaction, so two requests for one episode queue up. */
export async function lockEpisode(db: Queryable, episodeId: string): Promise<void> {
  await db.select({ id: episodes.id }).from(episodes).where(eq(episodes.id, episodeId)).for('update');
}

export async function insertHandover(db: Queryable, values: typeof handovers.$inferInsert): Promise<HandoverRow> {
  const [row] = await db.insert(handovers).values(values).returning();
  if (!row) throw new Error('A handover insert returned no row');
  return row;
}

/** Updates only while the version is still `expectedVersion`; undefined when stale. */
export function updateHandoverIfVersion(
  db: Queryable,
  id: string,
  expectedVersion: number,
  changes: Partial<HandoverRow>,
): Promise<HandoverRow | undefined> {
  return updateIfVersion(db, handovers, id, expectedVersion, changes);
}

/**
 * The sending referral, read for the receiving team's acceptance only: the person as it names them, and
 * its need-to-know, which follows the person. Through the handover, whoever is asking (the caller has
 * already decided they may act on it).
 */
export async function sendingReferralOf(db: Queryable, episodeId: string): Promise<ReferralRow> {
  const [row] = await db
    .select({ referral: referrals })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(eq(episodes.id, episodeId));
  if (!row) throw new Error(`Episode ${episodeId} not found`);
  return row.referral;
}

/** The next referral reference, RC-NNNN, from the same sequence as every referral (referrals/repository.ts). */
export async function nextReference(db: Queryable): Promise<string> {
  const [row] = rowsOf<{ n: string }>(await db.execute(sql`select nextval('referral_reference_seq')::text as n`));
  if (!row) throw new Error('The referral reference sequence gave nothing');
  return `RC-${row.n}`;
}

/** The receiving team's own referral, made when it accepts (receivingRules.ts says what it holds). */
export async function insertReferral(db: Queryable, values: NewReferral): Promise<ReferralRow> {
  const searchName = searchNameOf(values.givenName, values.familyName);
  const [row] = await db
    .insert(referrals)
    .values({ ...values, searchName })
    .returning();
  if (!row) throw new Error('A referral insert returned no row');
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

/** The person and reference of a referral the viewer may see (the episode's part of the page names them). */
export async function personOfReferral(
  db: Queryable,
  viewer: Viewer,
  referralId: string,
): Promise<{ reference: string; name: string } | undefined> {
  const [row] = await db
    .select({ reference: referrals.reference, givenName: referrals.givenName, familyName: referrals.familyName })
    .from(referrals)
    .where(and(eq(referrals.id, referralId), referralScope(viewer)));
  return row && { reference: row.reference, name: `${row.givenName} ${row.familyName}` };
}

/** A user's name (who asked, for the receiving referral's source). */
export async function userName(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
  return row?.name;
}

/** The receiving site's team: who may be the lead worker of the episode it opens. */
export function siteStaff(db: Queryable, siteCode: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(staffOfSite(siteCode))
    .orderBy(asc(users.name));
}
