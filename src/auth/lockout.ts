// Temporary locks after repeated failures (ASVS 5.0 V6.3.1). Pure, with `now` passed in. The rate limits per
// account and per client are separate (signInLimits.ts).
//
// Passwords: five wrong in a row lock the account for fifteen minutes; a lock that has run out starts the
// count again, and a correct password clears it.
//
// Second-factor codes are counted on their own, because a correct password is what an attacker who knows
// the password re-enters to get more guesses: only an accepted code (or recovery code) clears the count.
// Five wrong codes lock the account for fifteen minutes, and from then on, until a code is accepted, every
// wrong code locks it again: one guess per lock period, not five.
export const LOCKOUT = { attempts: 5, minutes: 15 } as const;

export interface LockoutState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

export interface SecondFactorLockoutState {
  failedCodes: number;
  codesLockedUntil: Date | null;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

export function codesLocked(state: SecondFactorLockoutState, now: Date): boolean {
  return state.codesLockedUntil !== null && state.codesLockedUntil > now;
}

/** Locked by either count: no password is checked and no code is tried while it lasts. */
export function accountLocked(state: LockoutState & SecondFactorLockoutState, now: Date): boolean {
  return isLocked(state, now) || codesLocked(state, now);
}

const lockEnds = (now: Date) => new Date(now.getTime() + LOCKOUT.minutes * 60_000);

export function afterFailure(state: LockoutState, now: Date): LockoutState {
  // A lock that has run out starts the count again.
  const failed = (state.lockedUntil && state.lockedUntil <= now ? 0 : state.failedSignIns) + 1;
  return failed >= LOCKOUT.attempts
    ? { failedSignIns: failed, lockedUntil: lockEnds(now) }
    : { failedSignIns: failed, lockedUntil: state.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null };
}

export function afterCodeFailure(state: SecondFactorLockoutState, now: Date): SecondFactorLockoutState {
  const failed = state.failedCodes + 1;
  return failed >= LOCKOUT.attempts
    ? { failedCodes: failed, codesLockedUntil: lockEnds(now) }
    : { failedCodes: failed, codesLockedUntil: null };
}

/** A correct password clears the password count only. */
export const AFTER_SUCCESS: LockoutState = { failedSignIns: 0, lockedUntil: null };

/** An accepted second factor clears the code count. */
export const AFTER_CODE_SUCCESS: SecondFactorLockoutState = { failedCodes: 0, codesLockedUntil: null };
