import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': { target: apiTarget, changeOrigin: false } };

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Use shared's sources directly so the dev server and tests need no prior `shared` build.
    alias: {
      '@haven/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Vendor code changes far less often than Haven's: separate chunks keep browser caches warm
        // across releases and keep each chunk under Vite's size warning.
        codeSplitting: {
          // Higher priority claims first; a group also takes its modules' dependencies, so the
          // general vendor group must outrank react-admin's to keep router, react-query & co out of it.
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 40,
            },
            // Charts and Markdown load only with the pages that use them.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-[\w-]+|victory-vendor|internmap|decimal\.js-light|@reduxjs|redux|redux-thunk|reselect|react-redux)[\\/]/,
              priority: 35,
              includeDependenciesRecursively: false,
            },
            {
              name: 'markdown',
              test: /node_modules[\\/](markdown-it|mdurl|uc\.micro|linkify-it|punycode\.js|entities|diff)[\\/]|shared[\\/]src[\\/]markdown[\\/]/,
              priority: 35,
            },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion)[\\/]/, priority: 30 },
            {
              name: 'vendor',
              test: /node_modules[\\/](?!react-admin[\\/]|ra-[\w-]+[\\/])/,
              priority: 20,
            },
            { name: 'react-admin', test: /node_modules[\\/]/, priority: 10 },
            // Haven's own small shared modules (formatting, inputs, enums, the shared package):
            // one chunk rather than a dozen of under a kilobyte; feature pages stay lazy.
            {
              name: 'haven-common',
              test: /[\\/](client[\\/]src[\\/]common|shared[\\/]src)[\\/]/,
              priority: 5,
            },
          ],
        },
      },
    },
  },
});
