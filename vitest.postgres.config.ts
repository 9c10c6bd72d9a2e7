import { configDefaults, defineConfig } from 'vitest/config';
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
    // Files that start no Skyteller server, so nothing in them changes on PostgreSQL: the media,
    // recorder and router-link tests, and the dialect and leader tests, which take both databases
    // themselves. About two minutes of the run on a busy machine. A file here that starts to use
    // startTestServer belongs in the run: take it off.
    exclude: [
      ...(base.test?.exclude ?? configDefaults.exclude),
      'test/integration/call-recording.test.ts',
      'test/integration/database-dialects.test.ts',
      'test/integration/http-link-channel.test.ts',
      'test/integration/leader-election.test.ts',
      'test/integration/node-drain.test.ts',
      'test/integration/recorder-crash.test.ts',
      'test/integration/router-link-nodes.test.ts',
      'test/integration/router-link.test.ts',
      'test/integration/s3-recording-storage.test.ts',
      'test/integration/track-recorder.test.ts',
    ],
    env: { SKYTELLER_TEST_DATABASE: 'postgres' },
    globalSetup: ['test/support/postgres-global-setup.ts'],
    setupFiles: ['test/support/postgres-file-setup.ts'],
  },
});
