import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    // Safety nets against a hang, not waits: generous, so that a busy machine never fails a test.
    // Tests that start node processes have their own (CHILD_TEST_TIMEOUT, tests/helpers/child-process.ts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
