// The shared pieces every access decision is built from: who is staff, who works at a site, who manages
// it. Only access/ uses these; everywhere else asks a named action (policy.ts) or a scope (scopes.ts).
import type { Role, Viewer } from './viewer.ts';

/** The team: practitioners of any discipline and their managers (PRODUCT.md "Who uses it"). */
export const STAFF_ROLES: readonly Role[] = ['practitioner', 'manager'];

export const isStaff = (viewer: Viewer): boolean => STAFF_ROLES.includes(viewer.role);

/** One of a site's own practitioners or managers. */
export const worksAt = (viewer: Viewer, siteCode: string): boolean =>
  isStaff(viewer) && viewer.siteCodes.includes(siteCode);

/** A manager of the site (team lead or clinical lead). */
export const managesSite = (viewer: Viewer, siteCode: string): boolean =>
  viewer.role === 'manager' && viewer.siteCodes.includes(siteCode);
