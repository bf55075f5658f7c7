import { defineConfig } from 'vitest/config';

/**
 * The browser end-to-end tests (tests/browser): headless Debian Chromium drives the Microsoft 365
 * Agents Playground talking to the real bot. Run with `npm run test:browser`; kept out of
 * `npm test` because it needs /usr/bin/chromium and takes tens of seconds.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
