import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // SWC gives the decorator metadata Nest and TypeORM need (esbuild does not).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: { '@haven/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', '../scripts/summary-reporter.ts'],
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
