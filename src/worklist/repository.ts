/**
 * The worklist's SQL: its state for a set of sites in a handful of set-based queries, never one per case
 * (issue: a site with 500 open episodes, and the national worklist, p99 < 50 ms on PostgreSQL).
 *
 * Need-to-know is applied in the query (access/scopes.ts workScope; STYLE.md: scoped at the repository), so
 * a restricted record a viewer may not see is never loaded, counted or turned into an item. The unscoped
 * variant is for the system itself (the email digest to a site's team), named so and used only there.
 */
import { and, eq, exists, inArray, isNull, max, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import {
  accessGrants,
  contacts,
  episodeCoWorkers,
  episodeEvents,
  episodes,
  handovers,
  planActions,
  planReviews,
  referrals,
  releasePlans,
  episodeOutcomes,
  episodeStates,
  users,
} from '../db/schema.ts';
import { workScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import type { BreakGlassCase, EpisodeCase, RecordedEpisodeEvent, ScreeningCase, WorklistState } from './types.ts';

export interface LoadOptions {
  siteCodes: readonly string[];
  /** The viewer's need-to-know (referralScope); absent only for the system's own use. */
  scope?: SQL;
  /** Only episodes this user works on (lead worker, co-worker, owner of an open action), and no screening. */
  mineOf?: string;
  /** One episode, open or closed (a case study replays the safety net over a closed episode too). */
  episodeId?: string;
}

export const OPEN_ACTIONS = ['not_started', 'in_progress'];

/** Open: not closed, or reopened since (kept by the database with every event: migration 0028, episode_states). */
export const open = exists(sql`(select 1 from ${episodeStates} st where st.episode_id = ${episodes.id} and st.open)`);

/**
 * The episodes a user works on, as a union of three indexed lookups (lead worker, co-worker, owner of an
 * open action), so "my items" and the navigation's count never scan a site's every episode.
 */
export function worksOn(userId: string): SQL {
  return sql`${episodes.id} in (
    select ${episodes.id} from ${episodes} where ${episodes.leadWorkerId} = ${userId}
    union select ${episodeCoWorkers.episodeId} from ${episodeCoWorkers} where ${episodeCoWorkers.userId} = ${userId} and ${episodeCoWorkers.removedAt} is null
    union select ${planActions.episodeId} from ${planActions} where ${planActions.ownerUserId} = ${userId} and ${inArray(planActions.status, OPEN_ACTIONS)})`;
}

/** The person as the case's referral names them (never the shared person record). */
export const personName = sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`;

async function loadScreening(db: Queryable, o: LoadOptions): Promise<ScreeningCase[]> {
  const rows = await db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      personName,
      siteCode: referrals.siteCode,
      screeningDueAt: referrals.screeningDueAt,
      pausedAt: referrals.screeningPausedAt,
    })
    .from(referrals)
    .where(and(inArray(referrals.siteCode, [...o.siteCodes]), eq(referrals.status, 'awaiting_screening'), o.scope));
  return rows.map(({ pausedAt, ...r }) => ({ ...r, paused: pausedAt !== null }));
}

export type Details = {
  consent?: { given?: boolean; date?: string };
  criteria?: { substanceMisuse?: boolean | null };
} | null;

async function loadEpisodes(db: Queryable, o: LoadOptions): Promise<EpisodeCase[]> {
  const rows = await db
    .select({
      episodeId: episodes.id,
      referralId: episodes.referralId,
      reference: referrals.reference,
      personName,
      siteCode: episodes.siteCode,
      leadWorkerId: episodes.leadWorkerId,
      openedOn: episodes.openedOn,
      details: referrals.details,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .where(
      and(
        inArray(episodes.siteCode, [...o.siteCodes]),
        o.episodeId ? eq(episodes.id, o.episodeId) : open,
        o.scope,
        o.mineOf ? worksOn(o.mineOf) : undefined,
      ),
    );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.episodeId);
  const [events, plans, lastContacts, handoverRows, actions, reviews, coWorkers, links] = await Promise.all([
    db.select().from(episodeEvents).where(inArray(episodeEvents.episodeId, ids)).orderBy(episodeEvents.id),
    db
      .select({ episodeId: releasePlans.episodeId, plan: releasePlans.plan, updatedAt: releasePlans.updatedAt })
      .from(releasePlans)
      .where(inArray(releasePlans.episodeId, ids)),
    db
      .select({ episodeId: contacts.episodeId, at: max(contacts.at) })
      .from(contacts)
      .where(and(inArray(contacts.episodeId, ids), eq(contacts.outcome, 'attended')))
      .groupBy(contacts.episodeId),
    db
      .select({
        episodeId: handovers.episodeId,
        kind: handovers.kind,
        status: handovers.status,
        toSiteCode: handovers.toSiteCode,
      })
      .from(handovers)
      .where(inArray(handovers.episodeId, ids)),
    db
      .select({
        id: planActions.id,
        episodeId: planActions.episodeId,
        description: planActions.description,
        dueOn: planActions.dueOn,
        status: planActions.status,
        ownerUserId: planActions.ownerUserId,
      })
      .from(planActions)
      .where(and(inArray(planActions.episodeId, ids), inArray(planActions.status, OPEN_ACTIONS))),
    db
      .select({ episodeId: planReviews.episodeId, on: max(planReviews.reviewedOn) })
      .from(planReviews)
      .where(inArray(planReviews.episodeId, ids))
      .groupBy(planReviews.episodeId),
    db
      .select({ episodeId: episodeCoWorkers.episodeId, userId: episodeCoWorkers.userId })
      .from(episodeCoWorkers)
      .where(and(inArray(episodeCoWorkers.episodeId, ids), isNull(episodeCoWorkers.removedAt))),
    db
      .select({
        episodeId: episodeOutcomes.episodeId,
        gpRegisteredOn: episodeOutcomes.gpRegisteredOn,
        substanceMisuseEngagedOn: episodeOutcomes.substanceMisuseEngagedOn,
      })
      .from(episodeOutcomes)
      .where(inArray(episodeOutcomes.episodeId, ids)),
  ]);
  const group = <T extends { episodeId: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const x of list) map.set(x.episodeId, [...(map.get(x.episodeId) ?? []), x]);
    return map;
  };
  const eventsBy = group(events);
  const planBy = new Map(plans.map((p) => [p.episodeId, p]));
  const contactBy = new Map(lastContacts.map((c) => [c.episodeId, c.at]));
  const handoversBy = group(handoverRows);
  const actionsBy = group(actions);
  const reviewBy = new Map(reviews.map((r) => [r.episodeId, r.on]));
  const coWorkersBy = group(coWorkers);
  const linksBy = new Map(links.map((l) => [l.episodeId, l]));
  return rows.map((r) => {
    const plan = planBy.get(r.episodeId);
    return {
      episodeId: r.episodeId,
      referralId: r.referralId,
      reference: r.reference,
      personName: r.personName,
      siteCode: r.siteCode,
      leadWorkerId: r.leadWorkerId,
      openedOn: r.openedOn,
      coWorkerIds: (coWorkersBy.get(r.episodeId) ?? []).map((c) => c.userId),
      events: (eventsBy.get(r.episodeId) ?? []).map(
        (e) => ({ ...(e.data as object), kind: e.kind, on: e.on, recordedAt: e.recordedAt }) as RecordedEpisodeEvent,
      ),
      releasePlan: plan ? { plan: plan.plan as ReleasePlan, updatedAt: plan.updatedAt } : null,
      lastAttendedContactAt: contactBy.get(r.episodeId) ?? null,
      handovers: (handoversBy.get(r.episodeId) ?? []).map(({ kind, status, toSiteCode }) => ({
        kind,
        status,
        toSiteCode,
      })),
      actions: (actionsBy.get(r.episodeId) ?? []).map(({ episodeId: _, ...a }) => a),
      lastPlanReviewOn: reviewBy.get(r.episodeId) ?? null,
      ...fromReferralDetails(r.details as Details),
      linksMade: linksBy.get(r.episodeId) ?? null,
    };
  });
}

/** What the rules read of the referral's body: its consent and whether substance misuse was identified. */
export function fromReferralDetails(details: Details): Pick<EpisodeCase, 'consent' | 'substanceMisuseNeed'> {
  const consent = details?.consent;
  return {
    consent: consent?.date ? { given: consent.given === true, date: consent.date } : null,
    substanceMisuseNeed:
      typeof details?.criteria?.substanceMisuse === 'boolean' ? details.criteria.substanceMisuse : null,
  };
}

export async function loadWorklistState(
  db: Queryable,
  allSites: readonly SiteDefinition[],
  o: LoadOptions,
): Promise<WorklistState> {
  if (!o.siteCodes.length) return { sites: allSites, screening: [], episodes: [] };
  const [screening, episodeCases] = await Promise.all([
    o.mineOf ? Promise.resolve([]) : loadScreening(db, o),
    loadEpisodes(db, o),
  ]);
  return { sites: allSites, screening, episodes: episodeCases };
}

/**
 * What the viewer may see at these sites besides the episodes (need-to-know in the query): the referrals waiting
 * for screening (none for "my items") and the break-glass uses they review. The episodes' items come by their
 * state versions (caseStateRepository.ts, answers.ts).
 */
export async function viewerScreeningState(
  db: Queryable,
  allSites: readonly SiteDefinition[],
  viewer: Viewer,
  siteCodes: readonly string[],
  mine = false,
  /** The sites among `siteCodes` whose break-glass uses this viewer reviews (access/service.ts reviewSites). */
  reviewSites: readonly string[] = [],
): Promise<Omit<WorklistState, 'episodes'>> {
  if (mine || !siteCodes.length) return { sites: allSites, screening: [], breakGlass: [] };
  const [screening, breakGlass] = await Promise.all([
    loadScreening(db, { siteCodes, scope: workScope(viewer) }),
    loadUnreviewedBreakGlass(db, viewer, reviewSites),
  ]);
  return { sites: allSites, screening, breakGlass };
}

/** Break-glass uses nobody has reviewed yet, of referrals at these sites that the viewer may see. */
async function loadUnreviewedBreakGlass(
  db: Queryable,
  viewer: Viewer,
  siteCodes: readonly string[],
): Promise<BreakGlassCase[]> {
  if (!siteCodes.length) return [];
  return db
    .select({
      grantId: accessGrants.id,
      referralId: referrals.id,
      reference: referrals.reference,
      personName,
      siteCode: referrals.siteCode,
      usedByName: users.name,
      usedAt: accessGrants.grantedAt,
    })
    .from(accessGrants)
    .innerJoin(referrals, eq(referrals.id, accessGrants.referralId))
    .innerJoin(users, eq(users.id, accessGrants.userId))
    .where(
      and(
        eq(accessGrants.kind, 'break_glass'),
        isNull(accessGrants.reviewedAt),
        inArray(referrals.siteCode, [...siteCodes]),
        workScope(viewer),
      ),
    );
}

/** The names of lead workers of items the viewer was already shown. */
export async function namesOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
