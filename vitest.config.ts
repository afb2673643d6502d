import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['eslint.boundaries.test.ts', 'gateway/**/*.test.ts', 'screen/src/**/*.test.ts', 'tests/**/*.test.ts', 'datasets/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB files, child gateways and Chromium are heavy on 2 cores: run files one at a time.
    fileParallelism: false,
    pool: 'forks',
  },
});
