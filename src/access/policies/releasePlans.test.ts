// Who may change an episode's release plan (access/policies/releasePlans.ts), open or closed.
import { describe, expect, it } from 'vitest';
import { can } from '../policy.ts';
import type { Role, Viewer } from '../viewer.ts';
import { SITES } from '../../../test/support/factories.ts';

const SITE = SITES.hampshire;
const viewer = (role: Role, siteCodes: string[] = []): Viewer => ({
  id: `${role}-id`,
  email: `${role}@example.org`,
  name: role,
  role,
  organisation: null,
  siteCodes,
  asOf: new Date('2026-11-10T09:00:00Z'),
});

// PRODUCT.md journey step 6 and docs/api/release-plan.md: the site's practitioners and managers plan the
// release; a closed episode's plan is read-only (the API answers 409, its forms are not offered).
describe.each([
  ['a practitioner of the site', viewer('practitioner', [SITE]), true],
  ['a manager of the site', viewer('manager', [SITE]), true],
  ['a practitioner of another site', viewer('practitioner', ['reconnect-east-of-england']), false],
  ['the referrer', viewer('referrer'), false],
  ['an admin', viewer('admin'), false],
])('%s', (_who, user, team) => {
  it(`${team ? 'may' : 'may not'} change the plan, open or closed`, () => {
    expect(can(user, 'changeReleasePlan', { siteCode: SITE, closed: false })).toBe(team);
    expect(can(user, 'changeReleasePlan', { siteCode: SITE, closed: true })).toBe(team);
  });
  it(`${team ? 'uses' : 'does not use'} the plan's forms while the episode is open, and nobody once it is closed`, () => {
    expect(can(user, 'useReleasePlanForms', { siteCode: SITE, closed: false })).toBe(team);
    expect(can(user, 'useReleasePlanForms', { siteCode: SITE, closed: true })).toBe(false);
  });
});
