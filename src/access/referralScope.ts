// Need-to-know, enforced in the query itself (the Medplum pattern): every read of referrals goes through
// this condition, so a record a user may not see is never loaded, counted or matched.
// Restricted records (priority groups 1 and 2, and any a manager restricts) are visible to their
// referrer and to the site's managers only (PRODUCT.md "Standards": national-security cases are need-to-know).
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { referrals } from '../db/schema.ts';
import type { Viewer } from './viewer.ts';

export function referralScope(viewer: Viewer): SQL {
  const own = eq(referrals.submittedBy, viewer.id);
  const sites = viewer.siteCodes;
  switch (viewer.role) {
    case 'manager':
      return sites.length ? or(own, inArray(referrals.siteCode, sites))! : own;
    case 'practitioner':
      return sites.length
        ? or(own, and(inArray(referrals.siteCode, sites), eq(referrals.restricted, false)))!
        : own;
    case 'referrer':
      return own;
    default:
      // Admins, commissioners and researchers see no person-level records (PRODUCT.md "Who uses it").
      return sql`false`;
  }
}
