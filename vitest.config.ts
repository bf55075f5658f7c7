import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 30000,
    hookTimeout: 30000,
    pool: 'forks',
    // restify's spdy dependency touches a deprecated Node API on load; the warning is noise.
    execArgv: ['--disable-warning=DEP0111'],
  },
});
