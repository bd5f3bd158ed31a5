// Optional sign-in with OpenID Connect (NHS CIS2, Azure AD): the authorization code flow with PKCE,
// state and nonce, through openid-client. openid-client checks the ID token's signature, issuer, audience,
// nonce and lifetime, and that the discovered metadata names the issuer we configured (ASVS 5.0 V10.5,
// V6.8.2). The pure part, what the ID token's claims mean to Reconnect, is `identityFromClaims`.
import * as client from 'openid-client';
import { z } from 'zod';
import type { OidcConfig } from '../config.ts';
import type { Role } from '../access/viewer.ts';

type RoleMap = OidcConfig['roleMap'];

/**
 * The strings one role claim value offers for matching: an Azure AD app role or group ("Reconnect.Practitioner"),
 * or a CIS2 role profile code "S8000:G8000:R8000" (as a string, or as an object's `role_code`), which also
 * matches on each of its parts so that the map can name just the job role code ("R8000").
 */
function candidatesOf(value: unknown): string[] {
  const code = typeof value === 'object' && value !== null && 'role_code' in value ? value.role_code : value;
  if (typeof code !== 'string' || code === '') return [];
  return code.includes(':') ? [code, ...code.split(':')] : [code];
}

/** The role claim's values (a string or an array), as given; for the audit trail when nothing maps. */
export function roleClaimValues(claim: unknown): string[] {
  return [claim].flat().flatMap((value) => candidatesOf(value).slice(0, 1));
}

/** Our role for a role claim (a string or an array): the first entry of the map that any value matches. */
export function mapRole(claim: unknown, roleMap: RoleMap): Role | undefined {
  const offered = new Set([claim].flat().flatMap(candidatesOf));
  return roleMap.find(([claimValue]) => offered.has(claimValue))?.[1];
}

export interface FederatedIdentity {
  /** The provider's subject identifier: with the issuer, who this is (ASVS 5.0 V10.5.2, OpenID Connect Core 5.7). */
  subject: string;
  email: string;
  name: string;
  role: Role;
}

export type ClaimsVerdict =
  | { admitted: true; identity: FederatedIdentity }
  | { admitted: false; reason: 'no_subject' | 'no_email' | 'no_role'; email?: string; roles: string[] };

const emailSchema = z.email().max(320);

/** NHS CIS2 lists a user's role profiles in `nhsid_nrbac_roles`, at the userinfo endpoint (and in some tokens). */
const CIS2_ROLES = 'nhsid_nrbac_roles';

const listOf = (value: unknown): unknown[] => (value === undefined || value === null ? [] : [value].flat());

const personRoleIdOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'person_roleid' in value ? value.person_roleid : undefined;

/**
 * Every role value the provider sent: the configured claim in the ID token and at the userinfo endpoint, and
 * CIS2's `nhsid_nrbac_roles` from either. When CIS2 says which role profile the user chose at sign-in
 * (`selected_roleid`), only that profile counts: a user signs in to one role at a time.
 */
export function roleValuesOf(
  claims: Record<string, unknown>,
  userinfo: Record<string, unknown>,
  roleClaim: string,
): unknown[] {
  const cis2 = [...listOf(claims[CIS2_ROLES]), ...listOf(userinfo[CIS2_ROLES])];
  const selected = userinfo.selected_roleid ?? claims.selected_roleid;
  const chosen =
    typeof selected === 'string' && cis2.some((entry) => personRoleIdOf(entry) === selected)
      ? cis2.filter((entry) => personRoleIdOf(entry) === selected)
      : cis2;
  const named = roleClaim === CIS2_ROLES ? [] : [...listOf(claims[roleClaim]), ...listOf(userinfo[roleClaim])];
  return [...named, ...chosen];
}

/**
 * Who the provider says this is, in Reconnect's terms: its subject identifier, an email address (Azure AD often
 * sends only `preferred_username`, the sign-in name), a name, and a role from the role values (the ID token's
 * claims, and the userinfo endpoint's when it was asked). Refused without a subject, without a usable email
 * address, with one the identity provider says is unverified, or without a role that maps.
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  settings: Pick<OidcConfig, 'roleClaim' | 'roleMap'>,
  userinfo: Record<string, unknown> = {},
): ClaimsVerdict {
  const values = roleValuesOf(claims, userinfo, settings.roleClaim);
  const roles = roleClaimValues(values)
    .slice(0, 20)
    .map((value) => value.slice(0, 100));
  const subject = typeof claims.sub === 'string' && claims.sub.length <= 255 ? claims.sub : '';
  const candidate = [claims.email, claims.preferred_username].find(
    (value) => typeof value === 'string' && emailSchema.safeParse(value.trim()).success,
  );
  const email = typeof candidate === 'string' ? candidate.trim() : undefined;
  if (!subject) return { admitted: false, reason: 'no_subject', ...(email ? { email } : {}), roles };
  if (!email || (claims.email === candidate && claims.email_verified === false))
    return { admitted: false, reason: 'no_email', roles };
  const role = mapRole(values, settings.roleMap);
  if (!role) return { admitted: false, reason: 'no_role', email, roles };
  const given = [claims.given_name, claims.family_name]
    .filter((part) => typeof part === 'string' && part.trim())
    .join(' ');
  const name = (typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : given || email).slice(
    0,
    200,
  );
  return { admitted: true, identity: { subject, email, name, role } };
}

/** What the callback needs to check the answer belongs to the request this browser started (ASVS 5.0 V10.1.2). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a callback failed, in words a user can act on; never the library's message. */
export type CallbackFailure = 'idp_refused' | 'token_exchange_failed';

export function callbackFailureOf(error: unknown): CallbackFailure {
  return error instanceof client.AuthorizationResponseError ? 'idp_refused' : 'token_exchange_failed';
}

const LOCAL_HOSTS = ['127.0.0.1', 'localhost'];

export interface CallbackClaims {
  claims: Record<string, unknown>;
  userinfo: Record<string, unknown>;
  /** Why the userinfo endpoint did not answer; the ID token's claims are used alone. */
  userinfoError?: unknown;
}

export function createOidcClient(settings: OidcConfig) {
  let discovered: Promise<client.Configuration> | undefined;

  /** Discovery happens at the first sign-in, not at start-up, so the service starts when the provider is down. */
  function configuration(): Promise<client.Configuration> {
    // Plain HTTP only to this machine: the tests' fake identity provider (config.ts refuses it elsewhere).
    const local = settings.issuer.protocol === 'http:' && LOCAL_HOSTS.includes(settings.issuer.hostname);
    discovered ??= client
      .discovery(
        settings.issuer,
        settings.clientId,
        undefined,
        client.ClientSecretPost(settings.clientSecret),
        // Plain http is allowed only for an issuer on this machine (a test identity provider), never elsewhere.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        local ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  return {
    /** Where to send the browser, and what to keep until it comes back. */
    async authorizationRequest(): Promise<{ url: URL; pending: PendingSignIn }> {
      const config = await configuration();
      const pending = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl.href,
        scope: 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    },

    /**
     * Exchanges the code for tokens and returns the verified ID token's claims, and what the userinfo endpoint
     * says (where the provider has one: CIS2 lists role profiles there); throws when the exchange fails.
     */
    async claimsFromCallback(search: string, pending: PendingSignIn): Promise<CallbackClaims> {
      const config = await configuration();
      // The registered redirect URL with the query the provider sent, so the redirect_uri sent to the token
      // endpoint is exactly the registered one, whatever host header or proxy the request came through.
      const currentUrl = new URL(settings.redirectUrl);
      currentUrl.search = search;
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      if (!config.serverMetadata().userinfo_endpoint) return { claims: { ...claims }, userinfo: {} };
      try {
        // openid-client checks the answer's `sub` is the ID token's (OpenID Connect Core 5.3.2).
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        return { claims: { ...claims }, userinfo: { ...userinfo } };
      } catch (error) {
        return { claims: { ...claims }, userinfo: {}, userinfoError: error };
      }
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
