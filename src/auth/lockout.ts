// Temporary lock after repeated failures (ASVS 5.0 V6.3.1): five wrong passwords or codes in a row lock the
// account for fifteen minutes. Pure, with `now` passed in. The per-address rate limit is separate.
export const LOCKOUT = { attempts: 5, minutes: 15 } as const;

export interface LockoutState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

export function afterFailure(state: LockoutState, now: Date): LockoutState {
  // A lock that has run out starts the count again.
  const failed = (state.lockedUntil && state.lockedUntil <= now ? 0 : state.failedSignIns) + 1;
  return failed >= LOCKOUT.attempts
    ? { failedSignIns: failed, lockedUntil: new Date(now.getTime() + LOCKOUT.minutes * 60_000) }
    : { failedSignIns: failed, lockedUntil: state.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null };
}

export const AFTER_SUCCESS: LockoutState = { failedSignIns: 0, lockedUntil: null };
