// Need-to-know, enforced in the query itself (the Medplum pattern): every read of a person's records goes
// through one of these conditions, so a record a viewer may not see is never loaded, counted or matched.
// They are built from the same few pieces, so the rules below hold the same way everywhere.
//
// - Referrers see what they submitted.
// - Practitioners see their sites' unrestricted referrals; managers see all their sites' referrals.
// - Restricted records (priority groups 1 and 2, any a manager restricts, and any made for a person who
//   already has restricted records) are visible to their referrer, the site's managers, the lead worker
//   of their episode of care, and users a manager has granted access by name, until it expires
//   (PRODUCT.md "Standards": national-security cases are need-to-know).
// - Break-glass gives one user time-limited access to one unrestricted referral outside their sites.
// - Admins, commissioners and researchers see no person-level records (PRODUCT.md "Who uses it").
// - An episode of care, and everything recorded in it, is seen by whoever may see its referral.
import { and, eq, exists, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { accessGrants, episodes, handovers, referrals, userSites, users } from '../db/schema.ts';
import { isStaff, STAFF_ROLES } from './roles.ts';
import type { Viewer } from './viewer.ts';

const NOTHING = sql`false`;

/** A live grant (by name or break-glass) to the referral for this viewer. */
function granted(viewer: Viewer): SQL {
  return exists(
    sql`(select 1 from ${accessGrants} where ${and(
      eq(accessGrants.referralId, referrals.id),
      eq(accessGrants.userId, viewer.id),
      isNull(accessGrants.revokedAt),
      gt(accessGrants.expiresAt, viewer.asOf),
    )})`,
  );
}

/**
 * The lead worker allocated to the referral's episode of care: the episode read by its referral (at most one,
 * a unique index), never the set of every episode the viewer ever led. As `exists`, the planner may hash that
 * set, which grows with every case they have had: ten years of history read for a record of another site.
 */
function leads(viewer: Viewer): SQL {
  return sql`coalesce((select ${episodes.leadWorkerId} from ${episodes} where ${eq(episodes.referralId, referrals.id)}) = ${viewer.id}, false)`;
}

const atSites = (viewer: Viewer): SQL =>
  viewer.siteCodes.length ? inArray(referrals.siteCode, viewer.siteCodes) : NOTHING;

const unrestricted = eq(referrals.restricted, false);

/** The referrals (and, through them, episodes) this viewer may see. */
export function referralScope(viewer: Viewer): SQL {
  const own = eq(referrals.submittedBy, viewer.id);
  switch (viewer.role) {
    case 'manager':
      return or(own, atSites(viewer), granted(viewer)) ?? NOTHING;
    case 'practitioner':
      return or(own, and(atSites(viewer), unrestricted), granted(viewer), leads(viewer)) ?? NOTHING;
    case 'referrer':
      return own;
    case 'admin':
    case 'commissioner':
    case 'researcher':
      return NOTHING;
  }
}

/**
 * Work, not one's own referrals: within what the viewer may see, a restricted record reaches a
 * practitioner's worklist only when they lead its episode or were granted access by name. A practitioner
 * who referred someone in a restricted group follows it as its referrer, not as a task: they may not
 * screen it (policy.ts `screen`).
 */
export function workScope(viewer: Viewer): SQL {
  const scope = referralScope(viewer);
  if (viewer.role !== 'practitioner') return scope;
  return and(scope, or(unrestricted, leads(viewer), granted(viewer))) ?? NOTHING;
}

/** The sending side of a handover: the team's staff who may see the sending episode (over `referrals`). */
export function handoverSendingScope(viewer: Viewer): SQL {
  return isStaff(viewer) ? referralScope(viewer) : NOTHING;
}

/**
 * The receiving side of a handover: the receiving site's staff, but only its managers when the sending
 * referral is restricted (need-to-know follows the person; issue 4). Over `handovers` joined to `referrals`.
 */
export function handoverReceivingScope(viewer: Viewer): SQL {
  if (!isStaff(viewer) || !viewer.siteCodes.length) return NOTHING;
  const atSite = inArray(handovers.toSiteCode, viewer.siteCodes);
  return viewer.role === 'manager' ? atSite : (and(atSite, unrestricted) ?? NOTHING);
}

/**
 * The site's team, over `users`: its active practitioners and managers (PRODUCT.md "Who uses it"). Who can
 * be a lead worker or a co-worker, and who is offered as one.
 */
export function staffOfSite(siteCode: string): SQL {
  return (
    and(
      inArray(users.role, [...STAFF_ROLES]),
      isNull(users.disabledAt),
      exists(
        sql`(select 1 from ${userSites} where ${and(eq(userSites.userId, users.id), eq(userSites.siteCode, siteCode))})`,
      ),
    ) ?? NOTHING
  );
}
