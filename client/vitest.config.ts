import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@haven/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Provider and message tests need no DOM; each test stubs the few browser globals it uses.
    environment: 'node',
    reporters: ['default', '../scripts/summary-reporter.ts'],
  },
});
