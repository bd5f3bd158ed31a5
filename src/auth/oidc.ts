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
  email: string;
  name: string;
  role: Role;
}

export type ClaimsVerdict =
  | { admitted: true; identity: FederatedIdentity }
  | { admitted: false; reason: 'no_email' | 'no_role'; email?: string; roles: string[] };

const emailSchema = z.email().max(320);

/**
 * Who the ID token says this is, in Reconnect's terms: an email address (Azure AD often sends only
 * `preferred_username`, the sign-in name), a name, and a role from the role claim. Refused without a usable
 * email address, with one the identity provider says is unverified, or without a role that maps.
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  settings: Pick<OidcConfig, 'roleClaim' | 'roleMap'>,
): ClaimsVerdict {
  const roles = roleClaimValues(claims[settings.roleClaim])
    .slice(0, 20)
    .map((value) => value.slice(0, 100));
  const candidate = [claims.email, claims.preferred_username].find(
    (value) => typeof value === 'string' && emailSchema.safeParse(value.trim()).success,
  );
  const email = typeof candidate === 'string' ? candidate.trim() : undefined;
  if (!email || (claims.email === candidate && claims.email_verified === false))
    return { admitted: false, reason: 'no_email', roles };
  const role = mapRole(claims[settings.roleClaim], settings.roleMap);
  if (!role) return { admitted: false, reason: 'no_role', email, roles };
  const given = [claims.given_name, claims.family_name]
    .filter((part) => typeof part === 'string' && part.trim())
    .join(' ');
  const name = (typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : given || email).slice(
    0,
    200,
  );
  return { admitted: true, identity: { email, name, role } };
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

    /** Exchanges the code for tokens and returns the verified ID token's claims; throws on any failure. */
    async claimsFromCallback(search: string, pending: PendingSignIn): Promise<Record<string, unknown>> {
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
      return { ...claims };
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
