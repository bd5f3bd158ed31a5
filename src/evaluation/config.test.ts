// PSEUDONYMISATION_KEY (API.md "Running"): required, 32+ characters, in production; a fixed development key
// elsewhere, so that a developer's extract never shares its ids with a real deployment's.
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_PSEUDONYMISATION_KEY, loadConfig } from '../config.ts';

const production = { NODE_ENV: 'production', COOKIE_SECRET: 'c'.repeat(32), AUDIT_CHAIN_KEY: 'a'.repeat(32) };

describe('the pseudonymisation key in the configuration', () => {
  it.each([
    [
      'production without a key',
      production,
      /PSEUDONYMISATION_KEY \(32\+ characters.*required when NODE_ENV=production/,
    ],
    ['production with a short key', { ...production, PSEUDONYMISATION_KEY: 'p'.repeat(31) }, /PSEUDONYMISATION_KEY/],
    ['development with a short key', { NODE_ENV: 'development', PSEUDONYMISATION_KEY: 'short' }, /32 or more/],
  ])('%s: refuses to start', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('production takes its own key; development and tests use the published one', () => {
    expect(loadConfig({ ...production, PSEUDONYMISATION_KEY: 'p'.repeat(32) }).pseudonymisationKey).toBe(
      'p'.repeat(32),
    );
    expect(loadConfig({ NODE_ENV: 'test' }).pseudonymisationKey).toBe(DEVELOPMENT_PSEUDONYMISATION_KEY);
    expect(DEVELOPMENT_PSEUDONYMISATION_KEY.length).toBeGreaterThanOrEqual(32);
  });
});
