import { describe, expect, it } from 'vitest';
import {
  accountLocked,
  AFTER_CODE_SUCCESS,
  AFTER_SUCCESS,
  afterCodeFailure,
  afterFailure,
  codesLocked,
  isLocked,
  LOCKOUT,
} from './lockout.ts';

const now = new Date('2026-11-10T09:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('sign-in lockout (ASVS 5.0 V6.3.1: limit repeated failures)', () => {
  it.each([
    [1, false],
    [4, false],
    [5, true],
    [6, true],
  ])('after %i failures in a row the account is locked: %s', (failures, locked) => {
    let state = AFTER_SUCCESS;
    for (let i = 0; i < failures; i++) state = afterFailure(state, now);
    expect(isLocked(state, now)).toBe(locked);
  });

  it('unlocks by itself after the lock period, and counts again from one', () => {
    let state = AFTER_SUCCESS;
    for (let i = 0; i < LOCKOUT.attempts; i++) state = afterFailure(state, now);
    expect(isLocked(state, later(LOCKOUT.minutes - 1))).toBe(true);
    expect(isLocked(state, later(LOCKOUT.minutes))).toBe(false);
    expect(afterFailure(state, later(LOCKOUT.minutes + 1))).toEqual({ failedSignIns: 1, lockedUntil: null });
  });
});

// Issue 14: "a correct password resets the failure count, so codes can be guessed forever by re-entering the
// password. Count second-factor failures on their own, lock on them, and never reset them by a password."
describe('second-factor lockout, counted apart from passwords (ASVS 5.0 V6.3.1)', () => {
  const codeFailures = (n: number, at = now) => {
    let state = AFTER_CODE_SUCCESS;
    for (let i = 0; i < n; i++) state = afterCodeFailure(state, at);
    return state;
  };

  it.each([
    [1, false],
    [4, false],
    [5, true],
    [6, true],
  ])('after %i wrong codes the account is locked: %s', (failures, locked) => {
    expect(codesLocked(codeFailures(failures), now)).toBe(locked);
    expect(accountLocked({ ...AFTER_SUCCESS, ...codeFailures(failures) }, now)).toBe(locked);
  });

  it('is not touched by a correct password (which clears only the password count)', () => {
    const user = { failedSignIns: 3, lockedUntil: null, ...codeFailures(4) };
    const afterPassword = { ...user, ...AFTER_SUCCESS };
    expect(afterPassword.failedCodes).toBe(4);
    expect(codesLocked(afterCodeFailure(afterPassword, now), now)).toBe(true);
  });

  it('once locked, every further wrong code locks again until a code is accepted', () => {
    const locked = codeFailures(5);
    const afterLock = later(LOCKOUT.minutes + 1);
    expect(codesLocked(locked, afterLock)).toBe(false);
    const again = afterCodeFailure(locked, afterLock);
    expect(again.failedCodes).toBe(6);
    expect(codesLocked(again, later(LOCKOUT.minutes + 2))).toBe(true);
    expect(codesLocked({ ...again, ...AFTER_CODE_SUCCESS }, afterLock)).toBe(false);
  });

  it('locks the account for a password sign-in too while it lasts', () => {
    expect(accountLocked({ ...AFTER_SUCCESS, ...codeFailures(5) }, later(LOCKOUT.minutes - 1))).toBe(true);
    expect(accountLocked({ ...AFTER_SUCCESS, ...codeFailures(5) }, later(LOCKOUT.minutes))).toBe(false);
  });
});
