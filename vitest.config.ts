import { defineConfig } from 'vitest/config';
import TierReporter from './test/support/tierReporter.ts';

// One suite, two databases: PGlite by default, PostgreSQL when DATABASE_URL is set
// (each test file then gets a database of its own; see test/support/database.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The default report, then the time each tier took (test/support/tierReporter.ts).
    reporters: ['default', new TierReporter()],
  },
});
