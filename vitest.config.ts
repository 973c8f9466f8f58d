import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'faults/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/build.global-setup.ts'],
    // Generous: CI shares two cores between a test worker, its servers, PostgreSQL and Chromium; a limit
    // exists to end a hang, not to time anything (speed is judged by `npm run bench`).
    testTimeout: 90_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
    // Database-backed files each start their own PGlite; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
