// Every environment variable is read here, once (HMPPS `server/config.ts` pattern): defaults suit the
// embedded mode on a developer's machine; production fails fast when a value it needs is missing.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  production: boolean;
  /** A postgres:// URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Server-side session lifetimes (OWASP ASVS 5.0 V7.3: idle and absolute timeouts). */
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Secret used to sign the CSRF cookie. */
  cookieSecret: string;
  /** Secure cookies (and the `__Host-` prefix) need HTTPS; on by default in production. */
  secureCookies: boolean;
  logLevel: string;
  /** Re-read templates on every request (development only: it is slow). */
  watchTemplates: boolean;
  /** Two-factor authentication (TOTP) for every role but referrer. Off only where RECONNECT_MFA=off (the demo). */
  mfaRequired: boolean;
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
  const cookieSecret = env.COOKIE_SECRET ?? (production ? '' : 'reconnect-development-cookie-secret-not-for-production');
  if (production && cookieSecret.length < 32) {
    throw new Error('COOKIE_SECRET (32+ characters) is required when NODE_ENV=production');
  }
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    production,
    databaseUrl,
    dataDir: path.resolve(env.RECONNECT_DATA_DIR ?? 'data'),
    sessionIdleMinutes: intFrom(env.SESSION_IDLE_MINUTES, 30, 'SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: intFrom(env.SESSION_ABSOLUTE_HOURS, 12, 'SESSION_ABSOLUTE_HOURS'),
    cookieSecret,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : production,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    watchTemplates: env.NODE_ENV === 'development',
    mfaRequired: env.RECONNECT_MFA ? env.RECONNECT_MFA !== 'off' : env.NODE_ENV !== 'test',
  };
}
