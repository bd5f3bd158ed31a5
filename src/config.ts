// Every environment variable is read here, once (HMPPS `server/config.ts` pattern): defaults suit the
// embedded mode on a developer's machine; production fails fast when a value it needs is missing.
import { isIP } from 'node:net';
import path from 'node:path';
import { isRole, type Role } from './access/viewer.ts';
import { DEVELOPMENT_AUDIT_CHAIN_KEY } from './audit/chainKey.ts';

/** The published development key of the extract's pseudonyms: never for real data (production needs its own). */
export const DEVELOPMENT_PSEUDONYMISATION_KEY = 'reconnect-development-pseudonymisation-key-not-for-production';

export interface Config {
  port: number;
  host: string;
  production: boolean;
  /** A postgres:// URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /**
   * The database owner's postgres:// URL, used only to migrate: with it the app connects through
   * `databaseUrl` as a role that cannot change or remove audit events (docs/security.md). Without it,
   * `databaseUrl` does both, as before.
   */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  /** Server-side session lifetimes (OWASP ASVS 5.0 V7.3: idle and absolute timeouts). */
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Secret used to sign the CSRF cookie. */
  cookieSecret: string;
  /** The key of the audit chain's HMACs (AUDIT_CHAIN_KEY), held outside the database; a fixed key in development. */
  auditChainKey: string;
  /** True when `auditChainKey` is the published development key (the CLI says so). */
  auditChainKeyIsDevelopment: boolean;
  /**
   * The key of the evaluation extract's pseudonymous person ids (PSEUDONYMISATION_KEY, HMAC-SHA-256;
   * evaluation/pseudonym.ts): different in every deployment, never shown to researchers. A fixed key in development.
   */
  pseudonymisationKey: string;
  /** Secure cookies (and the `__Host-` prefix) need HTTPS; on by default in production. */
  secureCookies: boolean;
  /**
   * Which proxies in front of the service to believe about the client's address (X-Forwarded-For), for the
   * sign-in rate limit per client and the logs: Fastify's `trustProxy`. false (the default) uses the socket's
   * address; a number trusts that many hops; a list names the load balancer's addresses or CIDR ranges.
   */
  trustProxy: TrustProxy;
  logLevel: string;
  /** Re-read templates on every request (development only: it is slow). */
  watchTemplates: boolean;
  /** Two-factor authentication (TOTP) for every role but referrer. Off only where RECONNECT_MFA=off (the demo). */
  mfaRequired: boolean;
  /** Optional OpenID Connect sign-in (NHS CIS2, Azure AD); undefined unless OIDC_ISSUER is set. */
  oidc: OidcConfig | undefined;
  /** Background jobs (pg-boss): the email outbox and the worklist digest. */
  jobs: JobsConfig;
  /** Email: SMTP when configured, otherwise the local outbox page only (development). */
  email: EmailConfig;
}

export interface JobsConfig {
  /** Start the job runner with the server (RECONNECT_JOBS=off turns it off; off in tests unless asked). */
  enabled: boolean;
  /** When the worklist digest runs (cron, in `digestTimezone`): hourly in working hours by default. */
  digestCron: string;
  digestTimezone: string;
}

export type SmtpConfig =
  { url: string } | { host: string; port: number; secure: boolean; user: string | undefined; pass: string | undefined };

export interface EmailConfig {
  /** undefined: no SMTP server; rows are marked sent and read on the /admin/outbox page. */
  smtp: SmtpConfig | undefined;
  from: string;
  /** This service's address, for the links in emails. */
  publicUrl: string;
  /** Sending attempts before a row is marked failed. */
  maxAttempts: number;
  /** A row left in 'sending' longer than this (a crash between claim and send) is tried again. */
  sendingTimeoutMinutes: number;
}

function smtpFrom(env: NodeJS.ProcessEnv): SmtpConfig | undefined {
  if (env.SMTP_URL) {
    if (!/^smtps?:\/\//.test(env.SMTP_URL)) throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
    return { url: env.SMTP_URL };
  }
  if (!env.SMTP_HOST) return undefined;
  const port = intFrom(env.SMTP_PORT, 587, 'SMTP_PORT');
  return {
    host: env.SMTP_HOST,
    port,
    secure: env.SMTP_SECURE ? env.SMTP_SECURE === 'true' : port === 465,
    user: env.SMTP_USER || undefined,
    pass: env.SMTP_PASS || undefined,
  };
}

function emailFrom(env: NodeJS.ProcessEnv, port: number): EmailConfig {
  const smtp = smtpFrom(env);
  if (smtp && !env.EMAIL_FROM) throw new Error('EMAIL_FROM (the sender address) is required when SMTP is configured');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl)) throw new Error('PUBLIC_URL must be an http:// or https:// URL');
  const maxAttempts = intFrom(env.EMAIL_MAX_ATTEMPTS, 5, 'EMAIL_MAX_ATTEMPTS');
  return {
    smtp,
    from: env.EMAIL_FROM || 'Reconnect <reconnect@localhost>',
    publicUrl,
    maxAttempts: Math.max(1, maxAttempts),
    sendingTimeoutMinutes: Math.max(1, intFrom(env.EMAIL_SENDING_TIMEOUT_MINUTES, 10, 'EMAIL_SENDING_TIMEOUT_MINUTES')),
  };
}

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Must be this service's /sign-in/oidc/callback, registered with the identity provider. */
  redirectUrl: URL;
  /** The ID token claim holding the user's roles (a string or an array). */
  roleClaim: string;
  /** Claim value → our role; when several values map, the first in this map wins. */
  roleMap: [string, Role][];
  /** The sign-in page's button text. */
  label: string;
}

function oidcFrom(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_ROLE_MAP'] as const;
  const optional = ['OIDC_ROLE_CLAIM', 'OIDC_LABEL'];
  const missing = names.filter((name) => !env[name]);
  if (missing.length === names.length && !optional.some((name) => env[name])) return undefined;
  if (missing.length)
    throw new Error(
      `OpenID Connect sign-in is partly configured: set ${missing.join(', ')} too, or unset every OIDC_ variable`,
    );
  const url = (name: string): URL => {
    try {
      return new URL(env[name] ?? '');
    } catch {
      throw new Error(`${name} must be a URL, got "${env[name]}"`);
    }
  };
  const issuer = url('OIDC_ISSUER');
  // Plain HTTP only to this machine (the tests' fake identity provider); anywhere else, TLS.
  if (
    issuer.protocol !== 'https:' &&
    !(issuer.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(issuer.hostname))
  ) {
    throw new Error('OIDC_ISSUER must be an https:// URL');
  }
  const redirectUrl = url('OIDC_REDIRECT_URL');
  if (redirectUrl.pathname !== '/sign-in/oidc/callback' || redirectUrl.search) {
    throw new Error("OIDC_REDIRECT_URL must be this service's address followed by /sign-in/oidc/callback");
  }
  let roleMap: unknown;
  try {
    roleMap = JSON.parse(env.OIDC_ROLE_MAP ?? '');
  } catch {
    roleMap = undefined;
  }
  const entries = roleMap && typeof roleMap === 'object' && !Array.isArray(roleMap) ? Object.entries(roleMap) : [];
  if (!entries.length || entries.some(([, role]) => typeof role !== 'string' || !isRole(role))) {
    throw new Error('OIDC_ROLE_MAP must be a JSON object from claim values to roles, like {"R8000":"practitioner"}');
  }
  return {
    issuer,
    redirectUrl,
    // Both are set: a missing one was refused above.
    clientId: env.OIDC_CLIENT_ID ?? '',
    clientSecret: env.OIDC_CLIENT_SECRET ?? '',
    roleClaim: env.OIDC_ROLE_CLAIM || 'roles',
    roleMap: entries as [string, Role][],
    label: env.OIDC_LABEL || 'Sign in with your NHS smartcard or account',
  };
}

export type TrustProxy = boolean | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset or "false", the socket's address; "true", every proxy (only when nothing but the load
 * balancer can reach the service); a whole number, that many proxies; otherwise a comma-separated list of the
 * proxies' addresses or CIDR ranges (or loopback, linklocal, uniquelocal).
 */
export function trustProxyFrom(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every(isAddressOrRange)) return entries;
  throw new Error(
    `TRUST_PROXY must be true, false, a number of proxies, or a comma-separated list of addresses or CIDR ranges, got "${value}"`,
  );
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL');
  }
  const cookieSecret =
    env.COOKIE_SECRET ?? (production ? '' : 'reconnect-development-cookie-secret-not-for-production');
  if (production && cookieSecret.length < 32) {
    throw new Error('COOKIE_SECRET (32+ characters) is required when NODE_ENV=production');
  }
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL || undefined;
  if (migrationDatabaseUrl && !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl)) {
    throw new Error('MIGRATION_DATABASE_URL must be a postgres:// URL');
  }
  if (migrationDatabaseUrl && !databaseUrl) {
    throw new Error('MIGRATION_DATABASE_URL needs DATABASE_URL too (the role the app connects as)');
  }
  const auditChainKey = env.AUDIT_CHAIN_KEY || (production ? '' : DEVELOPMENT_AUDIT_CHAIN_KEY);
  if (auditChainKey.length < 32) {
    throw new Error(
      production
        ? 'AUDIT_CHAIN_KEY (32+ characters, kept outside the database) is required when NODE_ENV=production'
        : 'AUDIT_CHAIN_KEY must be 32 or more characters',
    );
  }
  const pseudonymisationKey = env.PSEUDONYMISATION_KEY || (production ? '' : DEVELOPMENT_PSEUDONYMISATION_KEY);
  if (pseudonymisationKey.length < 32) {
    throw new Error(
      production
        ? 'PSEUDONYMISATION_KEY (32+ characters, kept secret from researchers) is required when NODE_ENV=production'
        : 'PSEUDONYMISATION_KEY must be 32 or more characters',
    );
  }
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    production,
    databaseUrl,
    migrationDatabaseUrl,
    dataDir: path.resolve(env.RECONNECT_DATA_DIR ?? 'data'),
    sessionIdleMinutes: intFrom(env.SESSION_IDLE_MINUTES, 30, 'SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: intFrom(env.SESSION_ABSOLUTE_HOURS, 12, 'SESSION_ABSOLUTE_HOURS'),
    cookieSecret,
    auditChainKey,
    auditChainKeyIsDevelopment: auditChainKey === DEVELOPMENT_AUDIT_CHAIN_KEY,
    pseudonymisationKey,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : production,
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    watchTemplates: env.NODE_ENV === 'development',
    mfaRequired: env.RECONNECT_MFA ? env.RECONNECT_MFA !== 'off' : env.NODE_ENV !== 'test',
    oidc: oidcFrom(env),
    jobs: {
      enabled: env.RECONNECT_JOBS ? env.RECONNECT_JOBS !== 'off' : env.NODE_ENV !== 'test',
      digestCron: env.DIGEST_CRON || '0 8-17 * * 1-5',
      digestTimezone: env.DIGEST_TIMEZONE || 'Europe/London',
    },
    email: emailFrom(env, intFrom(env.PORT, 3000, 'PORT')),
  };
}
