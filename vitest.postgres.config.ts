import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:postgres`: the tests that start real servers, again, with every
 * server's data on PostgreSQL (README, "Database"). One PostgreSQL for the run
 * (test/support/postgres-global-setup.ts), a fresh database per server
 * (test/support/test-database.ts). The store tests are not repeated: they run on
 * both dialects in every run (test/support/databases.ts), and so does
 * test/cluster, whose launcher starts PostgreSQL itself. The browser tests stay on SQLite.
 */
export default defineConfig({
  test: {
    // The same timeouts and one file at a time; `include` replaced, not added to.
    ...base.test,
    include: ['test/integration/**/*.test.ts'],
    env: { SKYTELLER_TEST_DATABASE: 'postgres' },
    globalSetup: ['test/support/postgres-global-setup.ts'],
    setupFiles: ['test/support/postgres-file-setup.ts'],
  },
});
