import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser tests: a real Haven (compiled server, embedded PostgreSQL, built client) and Chromium. */
export default defineConfig({
  resolve: {
    alias: {
      '@haven/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['./e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One server and its demo data are shared: files run one after another.
    fileParallelism: false,
    reporters: ['default', '../scripts/summary-reporter.ts'],
  },
});
