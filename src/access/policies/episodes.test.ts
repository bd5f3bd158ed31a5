// The named actions of episodes and caseloads (./episodes.ts, ./caseload.ts), table-driven: who may do what
// to an episode they can already see (PRODUCT.md "Who uses it", journey steps 3-6; issue 14 for caseloads).
import { describe, expect, it } from 'vitest';
import { can, type Action } from '../policy.ts';
import type { Role, Viewer } from '../viewer.ts';
import { SITES } from '../../../test/support/factories.ts';

const HERE = SITES.hampshire;
const THERE = SITES.birmingham;
const viewer = (role: Role, siteCodes: string[] = [HERE]): Viewer => ({
  id: `${role}-${siteCodes.join('+')}`,
  email: 'someone@example.org',
  name: 'Someone',
  role,
  organisation: null,
  siteCodes,
  asOf: new Date('2026-11-10T09:00:00Z'),
});
const episode = { siteCode: HERE, leadWorkerId: null };

describe('what may be done to an episode of care', () => {
  const rows: [Action, Role, boolean][] = [
    ['openEpisode', 'practitioner', true],
    ['openEpisode', 'manager', true],
    ['openEpisode', 'referrer', false],
    ['workOnEpisode', 'practitioner', true],
    ['workOnEpisode', 'referrer', false],
    ['workOnEpisode', 'admin', false],
    // Issue "Episode lifecycle": reopening and an extension beyond the support window are a manager's.
    ['reopenEpisode', 'manager', true],
    ['reopenEpisode', 'practitioner', false],
    ['extendSupport', 'manager', true],
    ['extendSupport', 'practitioner', false],
  ];
  it.each(rows)('%s: a %s of the site may: %s', (action, role, allowed) => {
    expect(can(viewer(role), action as 'workOnEpisode', episode)).toBe(allowed);
  });

  it('is for the episode’s own site only', () => {
    for (const action of ['openEpisode', 'workOnEpisode', 'reopenEpisode', 'extendSupport'] as const)
      expect(can(viewer('manager', [THERE]), action, episode)).toBe(false);
  });
});

describe('caseloads (issue 14: a caseload names only someone of the viewer’s own team)', () => {
  it('are for practitioners and managers with a site, at their own sites', () => {
    expect(can(viewer('practitioner'), 'viewCaseloads')).toBe(true);
    expect(can(viewer('practitioner', []), 'viewCaseloads')).toBe(false);
    expect(can(viewer('commissioner'), 'viewCaseloads')).toBe(false);
    expect(can(viewer('practitioner'), 'viewCaseloadAt', { siteCode: HERE })).toBe(true);
    expect(can(viewer('practitioner'), 'viewCaseloadAt', { siteCode: THERE })).toBe(false);
  });

  const rows: [string, { role: Role; siteCodes: string[] }, boolean][] = [
    ['a practitioner of the same site', { role: 'practitioner', siteCodes: [HERE] }, true],
    ['a manager of the same site among others', { role: 'manager', siteCodes: [THERE, HERE] }, true],
    ['a practitioner of another site only', { role: 'practitioner', siteCodes: [THERE] }, false],
    ['a referrer, whatever their sites', { role: 'referrer', siteCodes: [HERE] }, false],
    ['an admin of the same site', { role: 'admin', siteCodes: [HERE] }, false],
    ['someone with no site', { role: 'practitioner', siteCodes: [] }, false],
  ];
  it.each(rows)('names %s: %s', (_, worker, allowed) => {
    expect(can(viewer('practitioner'), 'viewCaseloadOf', worker)).toBe(allowed);
  });
});
