import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import {
  EARLY_LOGIN_TEXTS,
  type EarlyLoginLocale,
  withEarlyLogin,
} from './src/layout/earlyLoginPage.ts';

const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': { target: apiTarget, changeOrigin: false } };

// Libraries only lazy code uses (the QR code of TOTP enrolment, imported on demand). Kept out of
// the vendor groups so they travel with the chunk that imports them, not with the first load.
const LAZY_LIBS = `(?:${['qrcode', 'dijkstrajs', 'pngjs', '@simplewebauthn'].join('|')})[\\\\/]`;

/**
 * `login.<locale>.html` beside index.html: the same page with the sign-in form in plain HTML, which
 * the server sends a signed-out visitor so the form shows before the scripts arrive (decision 0018).
 */
function earlyLoginPages(): Plugin {
  return {
    name: 'haven-early-login',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type !== 'asset') throw new Error('the build wrote no index.html');
      for (const locale of Object.keys(EARLY_LOGIN_TEXTS) as EarlyLoginLocale[]) {
        this.emitFile({
          type: 'asset',
          fileName: `login.${locale}.html`,
          source: withEarlyLogin(String(index.source), locale),
        });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), earlyLoginPages()],
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
          // Higher priority claims first. On a slow link every file of the first load costs a round
          // trip, and a browser opens six connections to a host: the first load is three files
          // besides the entry (vendor, shell, runtime), so it arrives in one wave. What only lazy
          // pages import stays out of it ('$initial': imported statically from the entry).
          groups: [
            // Charts and Markdown load only with the pages that use them.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-[\w-]+|victory-vendor|internmap|decimal\.js-light|@reduxjs|redux|redux-thunk|reselect|react-redux|immer|es-toolkit)[\\/]/,
              priority: 35,
              includeDependenciesRecursively: false,
            },
            {
              name: 'markdown',
              test: /node_modules[\\/](markdown-it|mdurl|uc\.micro|linkify-it|punycode\.js|entities|diff)[\\/]|shared[\\/]src[\\/]markdown[\\/]/,
              priority: 35,
            },
            // Libraries change far less often than Haven: their own chunk keeps caches warm.
            {
              name: 'vendor',
              test: new RegExp(`node_modules[\\\\/](?!${LAZY_LIBS})`),
              tags: ['$initial'],
              priority: 30,
            },
            {
              name: 'lazy-vendor',
              test: new RegExp(`node_modules[\\\\/](?!${LAZY_LIBS})`),
              priority: 20,
            },
            // Haven's modules the shell needs, in one chunk rather than a dozen small common ones.
            {
              name: 'shell',
              test: /[\\/](client[\\/]src|shared[\\/]src)[\\/]/,
              tags: ['$initial'],
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
