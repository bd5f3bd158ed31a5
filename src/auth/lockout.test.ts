import { describe, expect, it } from 'vitest';
import { AFTER_SUCCESS, afterFailure, isLocked, LOCKOUT } from './lockout.ts';

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
