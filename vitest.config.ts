import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'faults/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/build.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
    // Database-backed files each start their own PGlite; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
