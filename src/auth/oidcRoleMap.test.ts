// What an identity provider's ID token means to Reconnect (pure): which role its claim maps to, and who it
// names. The rules an administrator configures with OIDC_ROLE_MAP and OIDC_ROLE_CLAIM.
import { describe, expect, it } from 'vitest';
import { identityFromClaims, mapRole, roleClaimValues, roleValuesOf } from './oidc.ts';
import type { Role } from '../access/viewer.ts';

const map: [string, Role][] = [
  ['R8000', 'practitioner'],
  ['Reconnect.Manager', 'manager'],
  ['Reconnect.Practitioner', 'practitioner'],
];
const settings = { roleClaim: 'roles', roleMap: map };

describe('mapping the role claim to a Reconnect role', () => {
  it.each<[string, unknown, Role | undefined]>([
    ['a single string', 'Reconnect.Manager', 'manager'],
    ['an array (Azure AD app roles)', ['Other', 'Reconnect.Practitioner'], 'practitioner'],
    ['a CIS2 role profile code, by its job role part', 'S8000:G8000:R8000', 'practitioner'],
    ['CIS2 nhsid_nrbac_roles objects', [{ person_roleid: '1', role_code: 'S8000:G8000:R8000' }], 'practitioner'],
    ['no value that maps', ['Reconnect.Cleaner'], undefined],
    ['a missing claim', undefined, undefined],
    ['an empty array', [], undefined],
    ['a number', 8000, undefined],
    ['a value that differs only in case (app roles are case-sensitive)', 'reconnect.manager', undefined],
  ])('%s', (_label, claim, expected) => {
    expect(mapRole(claim, map)).toBe(expected);
  });

  it('takes the first entry of the map when several values map, whatever order the claim lists them in', () => {
    expect(mapRole(['Reconnect.Practitioner', 'Reconnect.Manager'], map)).toBe('manager');
    expect(mapRole(['Reconnect.Practitioner', 'Reconnect.Manager'], [...map].reverse())).toBe('practitioner');
  });

  it('lists the claim values as given, for the audit event when nothing maps', () => {
    expect(roleClaimValues(['A', { role_code: 'S1:G2:R3' }, 7])).toEqual(['A', 'S1:G2:R3']);
    expect(roleClaimValues('B')).toEqual(['B']);
    expect(roleClaimValues(undefined)).toEqual([]);
  });
});

describe('who the ID token names', () => {
  it('takes the email, name and mapped role', () => {
    expect(
      identityFromClaims(
        { sub: 'u1', email: ' jo.bloggs@nhs.net ', name: 'Jo Bloggs', roles: ['Reconnect.Manager'] },
        settings,
      ),
    ).toEqual({
      admitted: true,
      identity: { subject: 'u1', email: 'jo.bloggs@nhs.net', name: 'Jo Bloggs', role: 'manager' },
    });
  });

  it('falls back to preferred_username (Azure AD) for the email, and to given and family names for the name', () => {
    expect(
      identityFromClaims(
        { sub: 'u2', preferred_username: 'sam@trust.nhs.uk', given_name: 'Sam', family_name: 'Patel', roles: 'R8000' },
        settings,
      ),
    ).toEqual({
      admitted: true,
      identity: { subject: 'u2', email: 'sam@trust.nhs.uk', name: 'Sam Patel', role: 'practitioner' },
    });
  });

  it('reads roles from the claim the administrator names', () => {
    const cis2 = { roleClaim: 'nhsid_nrbac_roles', roleMap: map };
    expect(
      identityFromClaims(
        { sub: 'u3', email: 'a@nhs.net', nhsid_nrbac_roles: [{ role_code: 'S8000:G8000:R8000' }] },
        cis2,
      ),
    ).toMatchObject({ admitted: true, identity: { role: 'practitioner' } });
    expect(identityFromClaims({ sub: 'u3', email: 'a@nhs.net', roles: ['R8000'] }, cis2)).toMatchObject({
      admitted: false,
      reason: 'no_role',
    });
  });

  it('refuses a user with no role that maps, saying which values came', () => {
    expect(identityFromClaims({ sub: 'u3', email: 'a@nhs.net', roles: ['Reconnect.Cleaner'] }, settings)).toEqual({
      admitted: false,
      reason: 'no_role',
      email: 'a@nhs.net',
      roles: ['Reconnect.Cleaner'],
    });
  });

  it.each([
    [
      'no email at all (a CIS2 UUID as the user name)',
      { sub: 'u4', preferred_username: '555042709107', roles: ['R8000'] },
    ],
    [
      'an email the provider marks unverified',
      { sub: 'u4', email: 'a@nhs.net', email_verified: false, roles: ['R8000'] },
    ],
    ['something that is not an email address', { sub: 'u4', email: 'not an email', roles: ['R8000'] }],
  ])('refuses %s', (_label, claims) => {
    expect(identityFromClaims(claims, settings)).toMatchObject({ admitted: false, reason: 'no_email' });
  });
});

// Issue 14: "OIDC users are matched by email; match on issuer plus `sub` ... and read NHS CIS2's roles from
// `nhsid_nrbac_roles` at the userinfo endpoint as well as from a claim."
describe('the subject, and roles from the userinfo endpoint', () => {
  it('refuses an ID token without a subject identifier', () => {
    expect(identityFromClaims({ email: 'a@nhs.net', roles: ['R8000'] }, settings)).toMatchObject({
      admitted: false,
      reason: 'no_subject',
    });
  });

  const profile = (id: string, code: string) => ({ person_roleid: id, role_code: code, org_code: 'RW1' });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, Role | undefined]>([
    [
      'CIS2 role profiles at the userinfo endpoint',
      {},
      { nhsid_nrbac_roles: [profile('1', 'S8000:G8000:R8000')] },
      'practitioner',
    ],
    [
      'CIS2 role profiles in the ID token',
      { nhsid_nrbac_roles: [profile('1', 'S8000:G8000:R8000')] },
      {},
      'practitioner',
    ],
    ['the configured claim at the userinfo endpoint', {}, { roles: ['Reconnect.Manager'] }, 'manager'],
    ['the configured claim in the ID token', { roles: 'Reconnect.Manager' }, {}, 'manager'],
    ['neither', { roles: 'Reconnect.Cleaner' }, { nhsid_nrbac_roles: [profile('1', 'S1:G1:R1')] }, undefined],
    [
      'only the role profile the user selected at sign-in',
      { selected_roleid: '2' },
      { nhsid_nrbac_roles: [profile('1', 'S8000:G8000:R8000'), profile('2', 'S1:G1:R1')] },
      undefined,
    ],
    [
      'the selected profile when it maps',
      { selected_roleid: '1' },
      { nhsid_nrbac_roles: [profile('1', 'S8000:G8000:R8000'), profile('2', 'S1:G1:R1')] },
      'practitioner',
    ],
    [
      'every profile when the selected one is not listed',
      { selected_roleid: '9' },
      { nhsid_nrbac_roles: [profile('1', 'S1:G1:R1'), profile('2', 'S8000:G8000:R8000')] },
      'practitioner',
    ],
  ])('reads %s', (_label, claims, userinfo, expected) => {
    const verdict = identityFromClaims({ sub: 'u5', email: 'a@nhs.net', ...claims }, settings, userinfo);
    expect(verdict.admitted ? verdict.identity.role : undefined).toBe(expected);
  });

  it('does not count CIS2 profiles twice when the configured claim is nhsid_nrbac_roles', () => {
    const entry = profile('1', 'S8000:G8000:R8000');
    expect(roleValuesOf({ nhsid_nrbac_roles: [entry] }, {}, 'nhsid_nrbac_roles')).toEqual([entry]);
  });
});
