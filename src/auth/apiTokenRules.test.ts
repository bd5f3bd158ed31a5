// Issue 14: "API tokens cannot be revoked and never expire … Give tokens a name, an expiry (default 90 days),
// last-used time, and revocation"; "Last-used time updates must not add a write per API request beyond one
// cheap UPDATE at most once a minute per token."
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_DAYS,
  expiryFor,
  lastUseWorthRecording,
  parseTokenDays,
  parseTokenName,
  tokenStatus,
} from './apiTokenRules.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('a token expires 90 days after it is made unless given another lifetime', () => {
  it.each([
    [undefined, '2027-03-01T12:00:00.000Z'],
    [1, '2026-12-02T12:00:00.000Z'],
    [366, '2027-12-02T12:00:00.000Z'],
  ])('%s days → %s', (days, expected) => {
    expect(expiryFor(NOW, days).toISOString()).toBe(expected);
  });
  it('defaults to 90', () => {
    expect(DEFAULT_TOKEN_DAYS).toBe(90);
  });
});

describe('a token opens the API only while neither revoked nor expired', () => {
  it.each([
    ['expires tomorrow', { expiresAt: at('2026-12-02T12:00:00Z'), revokedAt: null }, 'active'],
    ['expires this very moment', { expiresAt: NOW, revokedAt: null }, 'expired'],
    ['expired yesterday', { expiresAt: at('2026-11-30T12:00:00Z'), revokedAt: null }, 'expired'],
    [
      'revoked, not yet expired',
      { expiresAt: at('2027-01-01T00:00:00Z'), revokedAt: at('2026-11-30T00:00:00Z') },
      'revoked',
    ],
    [
      'revoked and expired',
      { expiresAt: at('2026-11-30T12:00:00Z'), revokedAt: at('2026-11-01T00:00:00Z') },
      'revoked',
    ],
  ] as const)('%s → %s', (_what, token, status) => {
    expect(tokenStatus(token, NOW)).toBe(status);
  });
});

describe('last use is written at most once a minute', () => {
  it.each([
    ['never used', null, true],
    ['used a second ago', at('2026-12-01T11:59:59Z'), false],
    ['used 59.999 seconds ago', at('2026-12-01T11:59:00.001Z'), false],
    ['used a minute ago', at('2026-12-01T11:59:00Z'), true],
    ['used yesterday', at('2026-11-30T12:00:00Z'), true],
  ] as const)('%s → %s', (_what, lastUsedAt, write) => {
    expect(lastUseWorthRecording(lastUsedAt, NOW)).toBe(write);
  });
});

describe('the command line’s lifetime and name', () => {
  it.each([
    [undefined, 90],
    ['30', 30],
    [' 366 ', 366],
    ['0', 'error'],
    ['367', 'error'],
    ['1.5', 'error'],
    ['-1', 'error'],
    ['ninety', 'error'],
    ['', 'error'],
  ])('--expires-in-days %j → %s', (value, expected) => {
    const days = parseTokenDays(value);
    expect(typeof days === 'number' ? days : 'error').toBe(expected);
  });

  it.each([
    [undefined, 'Issued 2026-12-01'],
    ['  Probation case system ', 'Probation case system'],
    ['', 'error'],
    ['   ', 'error'],
    ['x'.repeat(101), 'error'],
    ['line\nbreak', 'error'],
    ['bell\u0007', 'error'],
  ])('--name %j → %s', (value, expected) => {
    const name = parseTokenName(value, NOW);
    expect(typeof name === 'string' ? name : 'error').toBe(expected);
  });
});
