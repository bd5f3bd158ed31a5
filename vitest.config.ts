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
    // Two files at a time on this two-core machine (vitest's default leaves one core idle): no file needs
    // the machine alone (servers listen on port 0, temporary directories are made by mkdtemp, databases and
    // roles take random names).
    maxWorkers: 2,
    // A worker keeps its loaded modules from one file to the next instead of importing the whole application
    // again for each file: about 40% less CPU per service-and-page file on this machine. Safe because no test
    // mocks a module or stubs a global, and every file builds its own app, database and clock (testApp.ts).
    isolate: false,
    // One migrated template database for the run; each file copies it (test/support/globalSetup.ts).
    globalSetup: ['test/support/globalSetup.ts'],
    // The default report, then the time each tier took (test/support/tierReporter.ts).
    reporters: ['default', new TierReporter()],
  },
});
