// A tiny OpenID Connect provider on 127.0.0.1 for the sign-in tests: discovery, an /authorize that signs in at
// once as whoever the test chose, a /token that checks the client secret, redirect URI and PKCE verifier and
// returns an RS256-signed ID token, a /userinfo that answers for the access token it issued (as NHS CIS2 lists
// role profiles there), and the key set to check it with. Signed with node:crypto, so the tests
// need no JOSE library of their own.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeClaims {
  email?: string;
  name?: string;
  roles?: unknown;
  [claim: string]: unknown;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  nonce: string | undefined;
  codeChallenge: string;
  claims: FakeClaims;
  userinfo: Record<string, unknown>;
}

export interface FakeIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * The claims the next sign-in's ID token carries (beyond iss, aud, nonce, iat, exp; `sub` is made from the
   * email unless given), and what /userinfo answers for it (beyond the same `sub`).
   */
  signInAs(claims: FakeClaims, userinfo?: Record<string, unknown>): void;
  /** The next /authorize answers with this OAuth error instead of a code. */
  refuseNext(error: string): void;
  /** The environment that points Reconnect at this provider. */
  env(redirectUrl: string, roleMap?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startFakeIdentityProvider(): Promise<FakeIdentityProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const clientId = 'reconnect-test-client';
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, Record<string, unknown>>();
  let nextClaims: FakeClaims = {};
  let nextUserinfo: Record<string, unknown> = {};
  let nextError: string | undefined;
  let issuer = '';

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const p = url.searchParams;
      const back = new URL(p.get('redirect_uri') ?? '');
      if (p.get('state')) back.searchParams.set('state', p.get('state')!);
      if (nextError) {
        back.searchParams.set('error', nextError);
        nextError = undefined;
      } else if (
        p.get('client_id') !== clientId ||
        p.get('response_type') !== 'code' ||
        p.get('code_challenge_method') !== 'S256' ||
        !p.get('code_challenge')
      ) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          clientId,
          redirectUri: p.get('redirect_uri')!,
          nonce: p.get('nonce') ?? undefined,
          codeChallenge: p.get('code_challenge')!,
          claims: nextClaims,
          userinfo: nextUserinfo,
        });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = await formBody(req);
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        json(res, 401, { error: 'invalid_client' });
        return;
      }
      if (
        !issued ||
        form.get('grant_type') !== 'authorization_code' ||
        form.get('redirect_uri') !== issued.redirectUri ||
        createHash('sha256').update(verifier).digest('base64url') !== issued.codeChallenge
      ) {
        json(res, 400, { error: 'invalid_grant' });
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const subject = createHash('sha256')
        .update(issued.claims.email ?? 'anonymous')
        .digest('hex')
        .slice(0, 24);
      const idToken = signJwt(
        { iss: issuer, aud: clientId, sub: subject, nonce: issued.nonce, iat: now, exp: now + 300, ...issued.claims },
        privateKey,
        kid,
      );
      const accessToken = randomBytes(16).toString('hex');
      accessTokens.set(accessToken, { sub: issued.claims.sub ?? subject, ...issued.userinfo });
      json(res, 200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        id_token: idToken,
      });
      return;
    }
    if (url.pathname === '/userinfo') {
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const answer = accessTokens.get(bearer);
      if (!answer) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return res.end();
      }
      json(res, 200, answer);
      return;
    }
    json(res, 404, { error: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      json(res, 500, { error: 'server_error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(claims, userinfo = {}) {
      nextClaims = claims;
      nextUserinfo = userinfo;
    },
    refuseNext(error) {
      nextError = error;
    },
    env(redirectUrl, roleMap = { 'Reconnect.Practitioner': 'practitioner', 'Reconnect.Manager': 'manager' }) {
      return {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: clientId,
        OIDC_CLIENT_SECRET: clientSecret,
        OIDC_REDIRECT_URL: redirectUrl,
        OIDC_ROLE_MAP: JSON.stringify(roleMap),
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
