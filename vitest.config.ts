import { defineConfig } from 'vitest/config';

const serverTests = ['apps/server/src/**/*.test.ts'];

/**
 * Projects: pure rules once; every server test on SQLite and again on PostgreSQL; browser journeys.
 * scripts/test.mjs starts a throwaway PostgreSQL cluster and builds the web app before running this.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'unit', include: ['packages/**/*.test.ts'] } },
      { test: { name: 'sqlite', include: serverTests, env: { TZ_TEST_DIALECT: 'sqlite' }, testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'pg', include: serverTests, env: { TZ_TEST_DIALECT: 'pg' }, testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
