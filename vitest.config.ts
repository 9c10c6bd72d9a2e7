import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'scripts/**/*.test.ts',
      'shared/**/*.test.ts',
      'client/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // Integration and browser tests start mediasoup workers and Chromium; two
    // cores run them one file at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
