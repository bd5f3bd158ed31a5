// How an episode reads on pages: its status and release in words, and the names behind its ids. Shared by
// the episode, caseload, team and handover pages.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { referrals, userSites, users } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { EpisodeView } from './presenter.ts';

export const STAFF_ROLES = ['practitioner', 'manager'];

export const STATUS_TEXT: Record<EpisodeView['status'], string> = {
  awaiting_window: 'Waiting for pre-release support',
  pre_release: 'Before release',
  post_release: 'After release',
  paused: 'Paused: back in custody',
  closed: 'Closed',
};

export function releaseText(v: EpisodeView): string {
  if (v.status === 'closed') return 'Closed';
  if (v.daysSinceRelease !== null && v.status === 'post_release')
    return v.daysSinceRelease === 0
      ? 'Released today'
      : `Released ${v.daysSinceRelease} day${v.daysSinceRelease === 1 ? '' : 's'} ago`;
  if (v.daysToRelease !== null) {
    if (v.daysToRelease === 0) return 'Release due today';
    return v.daysToRelease > 0
      ? `${v.daysToRelease} day${v.daysToRelease === 1 ? '' : 's'} to release`
      : `Release date passed ${-v.daysToRelease} days ago`;
  }
  return 'No release date';
}

/** The people and reference behind episodes the service has already let the viewer see. */
export async function referralNames(db: Queryable, viewer: Viewer, referralIds: string[]) {
  if (!referralIds.length) return new Map<string, { reference: string; name: string }>();
  const rows = await db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
    })
    .from(referrals)
    .where(and(inArray(referrals.id, referralIds), referralScope(viewer)));
  return new Map(rows.map((r) => [r.id, { reference: r.reference, name: `${r.givenName} ${r.familyName}` }]));
}

export async function userNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active practitioners and managers of a site: who can be a lead worker. */
export async function staffOf(db: Queryable, siteCode: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteCode, siteCode), inArray(users.role, STAFF_ROLES), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}

export const canWorkAt = (viewer: Viewer, site: string) =>
  STAFF_ROLES.includes(viewer.role) && viewer.siteCodes.includes(site);
