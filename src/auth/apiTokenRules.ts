// API tokens' lifetime, pure: when one expires, whether it still opens the API, and when its last use is worth
// writing down. `now` is always passed in.

/** A token lasts 90 days unless asked otherwise (issue 14: "an expiry (default 90 days)"). */
export const DEFAULT_TOKEN_DAYS = 90;
/** At most a year: a token that outlives the reason it was made for is a standing risk (ASVS 5.0 V7.3). */
export const MAX_TOKEN_DAYS = 366;
/** Last use is kept to the minute: at most one UPDATE a minute per token, however busy it is. */
export const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_TOKEN_NAME_LENGTH = 100;

const DAY_MS = 86_400_000;

export type TokenStatus = 'active' | 'expired' | 'revoked';
export type RevokedReason = 'revoked' | 'user_disabled' | 'sessions_ended' | 'two_factor_reset';

export interface TokenLifetime {
  expiresAt: Date;
  revokedAt: Date | null;
}

export function expiryFor(now: Date, days: number = DEFAULT_TOKEN_DAYS): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/** Revoked wins over expired: it says what someone did, not only what time did. */
export function tokenStatus(token: TokenLifetime, now: Date): TokenStatus {
  if (token.revokedAt) return 'revoked';
  return token.expiresAt.getTime() > now.getTime() ? 'active' : 'expired';
}

/** Whether a request at `now` should record itself as the token's last use. */
export function lastUseWorthRecording(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}

/** A token's lifetime in days as asked for on the command line: a whole number from 1 to MAX_TOKEN_DAYS. */
export function parseTokenDays(value: string | undefined): number | { error: string } {
  if (value === undefined) return DEFAULT_TOKEN_DAYS;
  const days = /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
    return { error: `Give the token's lifetime as a whole number of days from 1 to ${MAX_TOKEN_DAYS}` };
  return days;
}

/** A token's name says what it is for ("Probation case system"); control characters are refused. */
export function parseTokenName(value: string | undefined, now: Date): string | { error: string } {
  if (value === undefined) return `Issued ${now.toISOString().slice(0, 10)}`;
  const name = value.trim();
  if (!name) return { error: 'Give the token a name that says what it is for' };
  if (name.length > MAX_TOKEN_NAME_LENGTH)
    return { error: `The name must be ${MAX_TOKEN_NAME_LENGTH} characters or fewer` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return { error: 'The name must not contain control characters' };
  return name;
}
