// Need-to-know, enforced in the query itself (the Medplum pattern): every read of referrals goes through
// this condition, so a record a user may not see is never loaded, counted or matched.
//
// - Referrers see what they submitted.
// - Practitioners see their sites' unrestricted referrals; managers see all their sites' referrals.
// - Restricted records (priority groups 1 and 2, and any a manager restricts) are visible to their
//   referrer, the site's managers, the lead worker of their episode of care, and users a manager has
//   granted access by name, until it expires
//   (PRODUCT.md "Standards": national-security cases are need-to-know).
// - Break-glass gives one user time-limited access to one unrestricted referral outside their sites.
// - Admins, commissioners and researchers see no person-level records (PRODUCT.md "Who uses it").
import { and, eq, exists, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { accessGrants, episodes, referrals } from '../db/schema.ts';
import type { Viewer } from './viewer.ts';

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

/** The lead worker allocated to the referral's episode of care. */
function allocated(viewer: Viewer): SQL {
  return exists(
    sql`(select 1 from ${episodes} where ${and(eq(episodes.referralId, referrals.id), eq(episodes.leadWorkerId, viewer.id))})`,
  );
}

export function referralScope(viewer: Viewer): SQL {
  const own = eq(referrals.submittedBy, viewer.id);
  const sites = viewer.siteCodes;
  switch (viewer.role) {
    case 'manager':
      return or(own, sites.length ? inArray(referrals.siteCode, sites) : sql`false`, granted(viewer))!;
    case 'practitioner':
      return or(
        own,
        sites.length ? and(inArray(referrals.siteCode, sites), eq(referrals.restricted, false)) : sql`false`,
        granted(viewer),
        allocated(viewer),
      )!;
    case 'referrer':
      return own;
    default:
      return sql`false`;
  }
}
