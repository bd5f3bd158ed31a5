// AUDIT_CHAIN_KEY (API.md "Running"; issue 14): required, 32+ characters, in production; a fixed development
// key elsewhere, said to be one; MIGRATION_DATABASE_URL only beside DATABASE_URL.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEVELOPMENT_AUDIT_CHAIN_KEY } from './chainKey.ts';

const production = { NODE_ENV: 'production', COOKIE_SECRET: 'c'.repeat(32), PSEUDONYMISATION_KEY: 'p'.repeat(32) };

describe('the audit chain key in the configuration', () => {
  it.each([
    [
      'production without a key',
      production,
      /AUDIT_CHAIN_KEY \(32\+ characters, kept outside the database\) is required/,
    ],
    ['production with a short key', { ...production, AUDIT_CHAIN_KEY: 'k'.repeat(31) }, /AUDIT_CHAIN_KEY/],
    ['development with a short key', { NODE_ENV: 'development', AUDIT_CHAIN_KEY: 'short' }, /32 or more characters/],
    [
      'a migration URL without DATABASE_URL',
      { NODE_ENV: 'test', MIGRATION_DATABASE_URL: 'postgres://owner@localhost/reconnect' },
      /needs DATABASE_URL too/,
    ],
    [
      'a migration URL that is not postgres://',
      { NODE_ENV: 'test', DATABASE_URL: 'postgres://app@localhost/r', MIGRATION_DATABASE_URL: 'mysql://x' },
      /MIGRATION_DATABASE_URL must be a postgres:\/\/ URL/,
    ],
  ])('%s is refused', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('production starts with a key of its own; development and tests use the published key and say so', () => {
    expect(loadConfig({ ...production, AUDIT_CHAIN_KEY: 'k'.repeat(32) })).toMatchObject({
      auditChainKey: 'k'.repeat(32),
      auditChainKeyIsDevelopment: false,
    });
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({
      auditChainKey: DEVELOPMENT_AUDIT_CHAIN_KEY,
      auditChainKeyIsDevelopment: true,
      migrationDatabaseUrl: undefined,
    });
    expect(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://app@h/r', MIGRATION_DATABASE_URL: 'postgres://o@h/r' }),
    ).toMatchObject({ databaseUrl: 'postgres://app@h/r', migrationDatabaseUrl: 'postgres://o@h/r' });
  });
});
