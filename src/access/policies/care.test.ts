// Who may read and change an episode's care record (access/policies/care.ts), for every kind of user.
import { describe, expect, it } from 'vitest';
import { can } from '../policy.ts';
import type { Role, Viewer } from '../viewer.ts';
import { SITES } from '../../../test/support/factories.ts';

const SITE = SITES.lancashire;
const viewer = (role: Role, siteCodes: string[] = []): Viewer => ({
  id: `${role}-id`,
  email: `${role}@example.org`,
  name: role,
  role,
  organisation: null,
  siteCodes,
  asOf: new Date('2026-11-10T09:00:00Z'),
});
const record = { siteCode: SITE };

// PRODUCT.md "Who uses it": the care team is the site's practitioners and managers; referrers follow their
// referrals; admins, commissioners and researchers see no person-level records. docs/api/care.md "Who may".
describe.each([
  ['a practitioner of the site', viewer('practitioner', [SITE]), true, true],
  ['a manager of the site', viewer('manager', [SITE]), true, true],
  ['a practitioner elsewhere, granted access by name', viewer('practitioner', ['reconnect-hampshire']), true, false],
  ['a manager elsewhere', viewer('manager', ['reconnect-hampshire']), true, false],
  ['the referrer', viewer('referrer'), false, false],
  ['an admin', viewer('admin'), false, false],
  ['a commissioner', viewer('commissioner'), false, false],
  ['a researcher', viewer('researcher'), false, false],
])('%s', (_who, user, reads, changes) => {
  it(`${reads ? 'reads' : 'does not read'} the care record`, () => {
    expect(can(user, 'readCareRecord', record)).toBe(reads);
  });
  it(`${changes ? 'changes' : 'does not change'} it`, () => {
    expect(can(user, 'changeCareRecord', record)).toBe(changes);
  });
});
